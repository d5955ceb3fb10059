package dev.specagent.cli.demo;

import dev.specagent.cli.dsp.DspCommand;
import dev.specagent.cli.dsp.DspReportSections;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.data.MissingDataException;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.sweep.DspSweep;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.core.planning.sweep.SweepRow;
import dev.specagent.envs.planning.replay.ReplayPlanningWorld;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dynamic Speculative Planning on the recorded OpenAGI runs: {@code dsp sweep --world replay --tasks 50
 * --seed 1}, every depth policy against target-only planning in simulated time. The summary gets the
 * fastest dynamic (learned-depth) policy; the report gets the whole frontier.
 */
public final class DspDemo implements DemoPart {

    static final String[] SWEEP = {"--world", "replay", "--tasks", "50", "--seed", "1"};

    @Override
    public String name() {
        return "dsp";
    }

    @Override
    public String missingPrerequisite() {
        // Only absence skips the part: recorded runs that are present but unreadable make it fail, naming the file.
        try {
            DataDirectory.require(ReplayPlanningWorld.DATASET);
            DataDirectory.require(ReplayPlanningWorld.PILOT_LOGS);
            return null;
        } catch (MissingDataException e) {
            return MissingData.hint("no recorded DSP runs", "dsp");
        }
    }

    @Override
    public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
        log.printf("dsp: %s sweep of %s, every depth policy vs target-only (recorded latencies, simulated clock)%n",
                String.join(" ", SWEEP), "the recorded OpenAGI runs");
        log.flush();
        DspSweep sweep = DspCommand.sweepOf(SWEEP);
        List<PolicySpec> specs = DspCommand.sweptPolicies();
        Map<String, PolicyRun> runs = new HashMap<>();
        List<SweepRow> rows;
        try (Progress bar = Progress.start("dsp sweep (policies)", specs.size() + 1L, progress)) {
            rows = sweep.table(specs, run -> {
                runs.put(run.policy(), run);
                bar.step();
            });
        }
        DspReportSections.sweep(report, "DSP, recorded OpenAGI runs (" + SWEEP[3] + " tasks)", rows);
        List<SweepRow> learned = rows.stream().filter(r -> r.policy().startsWith("dyn-")).toList();
        SweepRow best = learned.stream().min(Comparator.comparingDouble(SweepRow::timeRatio)).orElseThrow();
        PolicyRun run = runs.get(best.policy());
        DspReportSections.firstTaskTimeline(report, run);
        List<List<String>> plans = run.plans().stream().map(PlanResult::steps).toList();
        boolean lossless = run.lossless() && plans.equals(runs.get("target-only").plans().stream().map(PlanResult::steps).toList());
        long accepted = 0;
        long steps = 0;
        for (PlanResult plan : run.plans()) {
            steps += plan.steps().size();
            for (EpisodeRecord e : plan.episodes()) {
                accepted += e.accepted();
            }
        }
        return new Contribution(List.of(new DemoRow("dsp", best.policy(), "replay", 100 * (1 - best.timeRatio()),
                steps == 0 ? Double.NaN : (double) accepted / steps, 100 * (best.costRatio() - 1), lossless)),
                List.of(String.format(Locale.ROOT,
                        "dsp: %s = the fastest learned-depth policy of %d (K = %.2f); hit rate = "
                        + "accepted drafts / steps (%d of %d).", best.policy(), learned.size(), best.k(), accepted, steps)));
    }
}
