package dev.specagent.cli.retail;

import dev.specagent.cli.Notes;
import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.Main;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.replay.Latencies;
import dev.specagent.envs.retail.replay.PredictionExperiment;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator;
import dev.specagent.envs.retail.speculate.PredictionTally;
import dev.specagent.envs.retail.speculate.RetailSpeculators;
import dev.specagent.envs.retail.tasks.TaskSplit;
import dev.specagent.envs.retail.tools.RetailTools;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code specagent retail predict}: replays the gold call sequences call by call; before each call the
 * speculator sees only the calls and outputs so far and proposes k calls.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Replays the gold call sequences of a task split call by call. Before each call the speculator "
                + "sees only the calls and outputs so far (never the task's instruction) and proposes k calls. Prints the "
                + "paper's API-call prediction accuracy (share of all gold calls, the first included, speculated with the "
                + "same name and JSON-equal arguments), per tool, what the LLM speculator spent (tokens, dollars), and the "
                + "time saved when every gold call is replayed through the speculative runner with the stated latencies "
                + "(simulated time)."},
        footer = {"", "Examples:", "  specagent retail predict --tasks test --speculator learned --k 3",
                "  specagent retail predict --tasks test --speculator learned --k 1 --json",
                "  specagent retail predict --tasks test --k 3 --report retail.html   (per-tool accuracy bars)",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input."})
public final class RetailPredictCommand implements Callable<Integer> {

    @Option(names = "--tasks", defaultValue = "test", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    TaskSplit tasks;

    @Option(names = "--train", defaultValue = "train",
            description = "the split the learned speculator is trained on: ${COMPLETION-CANDIDATES} (default: "
                    + "${DEFAULT-VALUE})")
    TaskSplit train;

    @Option(names = "--online", description = "the learned speculator also learns from each call after predicting it "
            + "(the time replay is then skipped)")
    boolean online;

    @Option(names = "--decision-latency", defaultValue = "3.0",
            description = "seconds the agent (customer turn + model) takes to decide each call (default: ${DEFAULT-VALUE})")
    double decisionLatency;

    @Option(names = "--tool-latency", defaultValue = "1.0",
            description = "seconds each tool call takes (default: ${DEFAULT-VALUE})")
    double toolLatency;

    @Mixin
    SpeculatorOptions speculator;

    @Option(names = "--json", description = "print one JSON object: accuracy, per_tool, saved_pct, the counts, and the "
            + "speculator's prompt_tokens, completion_tokens and cost_usd (0 for the learned speculator)")
    boolean json;

    @Mixin
    ReportOption reportOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What {@code retail predict ARGS} computes (with a progress bar on {@code progress}), e.g. for the demo. */
    public static PredictionExperiment.Result experimentOf(PrintWriter progress, String... args) {
        RetailPredictCommand command = new RetailPredictCommand();
        new CommandLine(command).parseArgs(args);
        return command.experiment(progress, new SoFar()).result();
    }

    /** An experiment's result and what its speculator's model calls spent (zero for the learned speculator). */
    private record Run(PredictionExperiment.Result result, Usage spent, List<LlmCallSpeculator.MemberTally> members) {
    }

    /**
     * How far a run got, for the hook of a signal that ends it: written on the command's thread, read on the hook's.
     */
    private static final class SoFar {
        volatile int tasks;
        volatile PredictionTally predicted = new PredictionTally();
        volatile SpeculatorSetup setup;
    }

    /** The k of the speculator options. */
    int k() {
        return speculator.k();
    }

    private Run experiment(PrintWriter progress, SoFar soFar) {
        speculator.validate();
        Latencies latencies = new Latencies(positive(decisionLatency, "--decision-latency"),
                positive(toolLatency, "--tool-latency"), speculator.latencySeconds());
        RetailDatabase fresh = RetailData.database();
        var chosen = RetailData.tasks(tasks);
        soFar.tasks = chosen.size();
        try (SpeculatorSetup setup = speculator.open(RetailSpeculators.toolSchemas(RetailData.folder()),
                recall -> recall ? RetailSpeculators.learned(RetailData.tasks(train), fresh)
                        : RetailSpeculators.dataFlow(RetailData.tasks(train), fresh));
             Progress bar = Progress.start("retail predict (tasks" + (online ? ")" : ", then their time replays)"),
                     (online ? 1L : 2L) * chosen.size(), progress)) {
            soFar.setup = setup;
            PredictionExperiment.Result result = PredictionExperiment.run(chosen, fresh, setup.speculator(),
                    speculator.k(), latencies, online, tally -> {
                        soFar.predicted = tally.copy();
                        bar.step();
                    }, bar::step);
            return new Run(result, setup.spent(), setup.memberTallies());
        }
    }

    /**
     * What a run that a signal ended prints: the accuracy over the tasks predicted so far (all of them when it came
     * during the time replays), what the speculator had spent, no time figures; then one line on standard error.
     */
    private void stopped(SoFar soFar, Latencies latencies) {
        PredictionTally tally = soFar.predicted;
        SpeculatorSetup setup = soFar.setup;
        CallsUnderWay.Snapshot spent = setup == null ? new CallsUnderWay.Snapshot(0, Usage.ZERO) : setup.spentAtSignal();
        int done = tally.conversations();
        String stopped = done < soFar.tasks || online ? PredictionPrinter.stopped(done, soFar.tasks, "tasks")
                : SignalHook.stopped("all " + done + " tasks were predicted, during the time replays") + "; no time figures";
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = accuracyJson(tally, latencies, spent.spent());
            SpeculatorSpend.putCallsUnderWay(o, spent);
            o.put("stopped", stopped);
            out.println(o);
        } else {
            out.println(stopped);
            header(out, tally.conversations());
            PredictionPrinter.print(out, tally, speculator.k());
            SpeculatorSpend.printStopped(out, speculator.kind(), spent);
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        reportOption.sayNotWritten(err, stopped);
    }

    /** The JSON fields of the accuracy, the counts, the latencies and what the speculator spent; saved_pct null. */
    private ObjectNode accuracyJson(PredictionTally tally, Latencies latencies, Usage spent) {
        ObjectNode o = JsonOutput.object();
        o.put("accuracy", PredictionPrinter.accuracy(tally));
        o.set("per_tool", tally.perToolJson());
        o.putNull("saved_pct"); // no time figures (yet): --online, a run stopped by a signal
        o.put("tasks", tally.conversations());
        o.put("calls", tally.calls());
        o.put("hits", tally.hits());
        o.put("k", speculator.k());
        o.put("speculator", speculator.kind().toString());
        o.put("decision_latency_seconds", latencies.decisionSeconds());
        o.put("tool_latency_seconds", latencies.toolSeconds());
        o.put("speculator_latency_seconds", latencies.speculatorSeconds());
        SpeculatorSpend.putJson(o, spent);
        return o;
    }

    private void header(PrintWriter out, int taskCount) {
        out.printf(Locale.ROOT, "retail predict: %d %s tasks, speculator %s%s, k=%d%n", taskCount, tasks,
                speculator.kind(), speculator.kind() != SpeculatorOptions.Kind.LLM ? " (trained on the "
                        + train + " tasks" + (online ? ", learning online" : "") + ")" : "",
                speculator.k());
    }

    @Override
    public Integer call() {
        speculator.validate(); // before its latency is used below, so that a bad value is named by its option
        Latencies latencies = new Latencies(positive(decisionLatency, "--decision-latency"),
                positive(toolLatency, "--tool-latency"), speculator.latencySeconds());
        SoFar soFar = new SoFar();
        // Ctrl-C or SIGTERM: the hook prints the accuracy over the tasks predicted so far
        try (SignalHook signal = SignalHook.report("retail-predict", () -> stopped(soFar, latencies))) {
            Run run = experiment(spec.commandLine().getErr(), soFar);
            if (!signal.claim()) {
                return Main.EXIT_RUN_FAILED; // a signal's hook printed the tasks predicted; the JVM is ending
            }
            print(run, latencies);
        }
        return 0;
    }

    private void print(Run run, Latencies latencies) {
        PredictionExperiment.Result r = run.result();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = accuracyJson(r.tally(), latencies, run.spent());
            MemberFailures.putJson(o, run.members());
            if (!online) { // with --online, not replayed in time: no time figures rather than zeros
                o.put("saved_pct", r.savedPct());
                o.put("lossless", r.losslessTasks() == r.tasks());
                o.put("lossless_tasks", r.losslessTasks());
                o.put("sequential_seconds", r.sequentialSeconds());
                o.put("speculative_seconds", r.speculativeSeconds());
            }
            out.println(o);
        } else {
            header(out, r.tasks());
            PredictionPrinter.print(out, r.tally(), speculator.k());
            if (r.tally().calls() > 0 && !holdsARead(r.tally())) {
                out.printf(Locale.ROOT, "note: the %s tasks list only their write actions, no read before them, so no "
                        + "earlier output holds the values a guess needs; the paper's accuracy is measured on the "
                        + "test tasks%n", tasks);
            }
            SpeculatorSpend.print(out, speculator.kind(), run.spent());
            MemberFailures.print(out, run.members());
            if (online) {
                out.println("time saved: not replayed with --online (the speculator changes while it runs)");
            } else {
                out.printf(Locale.ROOT,
                        "time (simulated; decision %.1f s, tool %.1f s, speculator %.1f s): sequential %.1f s, "
                                + "speculative %.1f s, saved %.1f%% (%d tool calls run ahead and adopted)%n",
                        latencies.decisionSeconds(), latencies.toolSeconds(), latencies.speculatorSeconds(),
                        r.sequentialSeconds(), r.speculativeSeconds(), r.savedPct(), r.runnerHits());
                out.printf(Locale.ROOT,
                        "lossless: %s (%d of %d tasks committed the sequential run's outputs and a byte-identical "
                        + "database)%n", r.losslessTasks() == r.tasks() ? "yes" : "NO", r.losslessTasks(), r.tasks());
            }
        }
        out.flush();
        if (reportOption.requested()) {
            HtmlReport html = new HtmlReport("specagent retail predict", r.tasks() + " " + tasks
                    + " tasks, speculator " + speculator.kind() + ", k=" + speculator.k());
            RetailReportSections.perToolAccuracy(html, "Prediction accuracy per tool", r.tally(), speculator.k(),
                    SpeculatorSpend.line(speculator.kind(), run.spent()));
            if (!online) {
                RetailReportSections.timeReplay(html, r, latencies);
            }
            reportOption.write(html, Notes.writer(spec, json));
        }
    }

    /** Whether any gold call of the tally is a read tool's (the train and dev splits list only their writes). */
    private static boolean holdsARead(PredictionTally tally) {
        return tally.perTool().keySet().stream().anyMatch(
                tool -> RetailTools.tool(tool).map(t -> t.sideEffect() == SideEffect.READ_ONLY).orElse(false));
    }

    static double positive(double v, String option) {
        if (!(v > 0) || v > Clock.MAX_CALL_SECONDS) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds up to "
                    + Clock.MAX_CALL_SECONDS + ", not " + v);
        }
        return v;
    }
}
