package dev.specagent.cli.demo;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.retail.RetailPredictCommand;
import dev.specagent.cli.retail.RetailReportSections;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.replay.PredictionExperiment;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * tau-bench retail: {@code retail predict --tasks test --speculator learned --k 3}. The learned speculator
 * (trained on the train tasks) proposes each gold call from the calls and outputs before it; the hit rate
 * is its API-call prediction accuracy, the time saved what the gold calls replayed through the
 * speculative runner save (3 s decision, 1 s tools, simulated time), as the command computes them.
 */
public final class RetailDemo implements DemoPart {

    static final String[] PREDICT = {"--tasks", "test", "--speculator", "learned", "--k", "3"};

    @Override
    public String name() {
        return "retail";
    }

    @Override
    public String missingPrerequisite() {
        return DataDirectory.find().map(d -> d.resolve(RetailData.FOLDER)).filter(Files::isDirectory).isPresent() ? null
                : MissingData.hint("no tau-bench retail data", RetailData.FOLDER);
    }

    @Override
    public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
        log.printf("retail: retail predict %s (gold calls of the test tasks, learned speculator, simulated time)%n",
                String.join(" ", PREDICT));
        log.flush();
        PredictionExperiment.Result r = RetailPredictCommand.experimentOf(progress, PREDICT);
        RetailReportSections.perToolAccuracy(report, "tau-bench retail: learned speculator's accuracy per tool (k = 3)",
                r.tally(), 3);
        // over no gold call (tasks that list no action) there is no accuracy and no time: '-', not 0 as the
        // tally and the result say; 'retail predict' prints n/a (0 of 0 calls)
        double savedPct = r.sequentialSeconds() > 0 ? r.savedPct() : Double.NaN;
        double accuracy = r.tally().calls() > 0 ? r.tally().accuracy() : Double.NaN;
        return new Contribution(List.of(new DemoRow("retail", "learned k=3", "replay", savedPct, accuracy, Double.NaN,
                r.losslessTasks() == r.tasks())),
                List.of(String.format(Locale.ROOT,
                        "retail: hit rate = call prediction accuracy (%d of %d gold calls); 3 s decisions, "
                        + "1 s tools; lossless = each task's committed outputs and database equal its sequential run's.",
                        r.tally().hits(), r.tally().calls())));
    }
}
