package dev.specagent.cli.ostune;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Main;
import dev.specagent.cli.Notes;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.cli.llm.LlmOptions;
import dev.specagent.cli.progress.PlyProgress;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.lossy.LossyRunException;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.envs.ostune.Mode;
import dev.specagent.envs.ostune.OsTuneExperiment;
import dev.specagent.envs.ostune.OsTuneReport;
import dev.specagent.envs.ostune.agents.LlmControlAgent;
import dev.specagent.envs.ostune.knob.KnobRestoreException;
import dev.specagent.envs.ostune.knob.KnobUnavailableException;
import dev.specagent.envs.ostune.knob.Knobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code specagent ostune}: the lossy speculator–actor loop of the Speculative Actions paper (§4) on a
 * kernel scheduler knob under {@code sysbench cpu}, or on the simulated knob. Prints p95 over time, the
 * time to converge, the mean p95 over the reaction window after a perturbation, and tokens and cost.
 * The knob's original value is restored on exit, also on Ctrl-C and on failure.
 *
 * <p>This class holds the options and the run: which agents are LLMs ({@link LlmAgents}), what goes to standard output
 * while the run goes ({@link ReadingLines}, or a progress bar), and what is said when it fails or a signal stops it.
 * What a run says is apart: {@link OsTuneJson} for {@code --json}, {@link OsTuneSummary} for the text summary and the
 * HTML report.
 */
@Command(name = "ostune", mixinStandardHelpOptions = true,
        description = {"OS tuning, lossy: a fast speculator adjusts a live scheduler knob every second while a slow "
                + "actor deliberates 10-15 s; last write wins. Every write keeps the knob's safety envelope; the original "
                + "value is restored on exit (also on Ctrl-C and failure).",
                "Without --llm both agents are local, zero-cost optimisers: the speculator a golden-section search "
                        + "over p95, the actor a quadratic model fit with a 10-15 s deliberation. With --llm the chosen agents "
                        + "are LLMs (prompt contract 'Analysis: ...' / 'Config: {...}'); a run with an LLM is real-time."},
        footer = {"", "Examples:",
                "  specagent ostune --knob simulated --mode both --seconds 300 --perturb-at 150 --perturb-value 40",
                "  specagent ostune --knob rr-timeslice --mode speculator-only --seconds 20 --perturb-at 5 --perturb-value 20",
                "  specagent ostune --knob simulated --mode none --seconds 300 --perturb-at 150 --json",
                "  specagent ostune --knob simulated --mode both --seconds 300 --perturb-at 150 --quiet --report ostune.html",
                "  specagent ostune --knob rr-timeslice --mode both --seconds 120 --llm both --actor-model gpt-4.1 --speculator-model gpt-4.1-nano",
                "", "Knobs: rr-timeslice = /proc/sys/kernel/sched_rr_timeslice_ms with sysbench under SCHED_RR (chrt) pinned "
                + "to the last CPU; min-granularity = CFS min_granularity_ns (kernels before 6.6); simulated = a latency "
                + "model in simulated time (a 300 s run takes well under a second).",
                "Progress: the per-second readings on stdout; with --json or --quiet a progress bar on stderr instead.",
                "Exit codes: 0 success, 1 the run failed (the knob was restored unless it says otherwise), 2 bad input or knob unavailable."})
public final class OsTuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--knob", defaultValue = "simulated", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Knobs.Kind knob;

    @Option(names = "--mode", defaultValue = "both", description = "${COMPLETION-CANDIDATES} (none: the untuned baseline) (default: ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--seconds", defaultValue = "60", description = "run length in seconds (real seconds on a real knob) (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--perturb-at", description = "perturb the knob at this second of the run")
    Double perturbAt;

    @Option(names = "--perturb-value", description = "the value the knob is perturbed to (default: the knob's bad value: 40 ms simulated, 20 ms rr-timeslice)")
    Double perturbValue;

    @Option(names = "--reaction-window", defaultValue = "60", description = "seconds after the perturbation over which the mean p95 is taken (default: ${DEFAULT-VALUE})")
    double reactionWindow;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the simulation and of the actor's deliberation times (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--actor-gap", defaultValue = "3", description = "seconds the actor observes after each write before deliberating again (default: ${DEFAULT-VALUE})")
    double actorGap;

    @Option(names = "--llm", defaultValue = "none", description = "which agents are LLMs: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}: local zero-cost optimisers); the models come from the LLM options below")
    LlmAgents llm;

    @Mixin
    LlmOptions llmOptions;

    @Option(names = "--quiet", description = "do not print the per-second readings")
    boolean quiet;

    @Option(names = "--json", description = "print one JSON object (readings, writes, figures) and nothing else on stdout")
    boolean json;

    @Mixin
    ReportOption reportOption;

    @Override
    public Integer call() {
        OsTuneExperiment.Options options = options();
        requireAnLlmAgentRuns();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OsTuneExperiment experiment = new OsTuneExperiment(options);
        // an LLM decision (an answer and maybe its correction) is charged only once it has ended and its report reached
        // the loop: at a signal its calls are counted here, every one, answered or under way
        CallsUnderWay underWay = new CallsUnderWay();
        try (OsTuneModels models = llmModels()) {
            if (models != null && llm.actor()) {
                experiment.actor(LlmControlAgent.actor(underWay.track(models.actor())));
            }
            if (models != null && llm.speculator()) {
                experiment.speculator(LlmControlAgent.speculator(underWay.track(models.speculator())));
            }
            return run(experiment, underWay, out, err);
        }
    }

    /**
     * {@code --mode} picks the agents that run, {@code --llm} which of them are LLMs: an {@code --llm} choice naming
     * only agents the mode does not run would open the models, call none and report a run of local agents.
     */
    private void requireAnLlmAgentRuns() {
        if (llm != LlmAgents.NONE && !llm.runsIn(mode)) {
            String runs = mode == Mode.NONE ? "runs no agent (the untuned baseline)"
                    : mode.hasActor() ? "runs no speculator" : "runs no actor";
            throw new BadInputException("--llm " + llm + " with --mode " + mode + ": that mode " + runs
                    + ", so no LLM would be called; drop --llm" + (mode == Mode.NONE ? "" : " or pick a --mode that runs "
                    + (llm == LlmAgents.ACTOR ? "the actor" : "the speculator")));
        }
    }

    private OsTuneModels llmModels() {
        var config = llmOptions.oneSpeculator().config(); // checked even unused: a mistyped trace is not ignored
        return llm == LlmAgents.NONE ? null : OsTuneModels.open(llmOptions, config);
    }

    private int run(OsTuneExperiment experiment, CallsUnderWay underWay, PrintWriter out, PrintWriter err) {
        Progress bar = null;
        AgentFailures failures;
        if (!json && !quiet) {
            failures = new AgentFailures(new ReadingLines(out));
        } else {
            // The readings are not printed: a progress bar (per second of the run) on standard error instead.
            bar = Progress.start("ostune (seconds)", (long) Math.ceil(seconds), err);
            PlyProgress ticks = new PlyProgress(bar);
            failures = new AgentFailures(new LossyListener() {
                @Override
                public void onSample(MetricSample s) {
                    ticks.reached((int) Math.floor(s.seconds()));
                }
            });
        }
        LiveTrajectory live = new LiveTrajectory(failures);
        experiment.listener(live);
        // Ctrl-C ends the JVM before the run returns: what it measured is printed then (the knob's guard restores it)
        try (SignalHook signal = SignalHook.report("ostune", () -> interrupted(live, underWay, failures, out, err))) {
            OsTuneReport report;
            try {
                report = experiment.run();
                if (bar != null) {
                    bar.advance(Long.MAX_VALUE / 2);
                    bar.close();
                }
            } catch (KnobUnavailableException e) {
                throw new BadInputException("--knob " + knob + ": " + e.getMessage(), e);
            } catch (LossyRunException e) {
                if (!signal.claim()) {
                    return Main.EXIT_RUN_FAILED; // the JVM is ending on a signal: its hook reported the run
                }
                failed(e, failures, out, err);
                return Main.EXIT_RUN_FAILED;
            }
            if (!signal.claim()) {
                return Main.EXIT_RUN_FAILED;
            }
            OsTuneSummary summary = new OsTuneSummary(report, failures, llm.runsIn(mode));
            if (json) {
                out.println(OsTuneJson.finished(report, failures));
            } else {
                summary.print(out);
            }
            out.flush();
            if (reportOption.requested()) {
                reportOption.write(summary.html(), Notes.writer(spec, json));
            }
            return 0;
        }
    }

    /**
     * What an interrupted run had measured: the partial JSON with {@code --json}, else one line on standard error. What
     * it spent includes the LLM decisions under way at the signal, charged what they had consumed, as cancelled calls
     * are ({@code calls_under_way} in the JSON when an LLM agent ran).
     */
    private void interrupted(LiveTrajectory live, CallsUnderWay underWay, AgentFailures failures, PrintWriter out,
                             PrintWriter err) {
        List<MetricSample> samples = live.samples();
        String at = samples.isEmpty() ? "before the first reading"
                : String.format(Locale.ROOT, "at t=%.1f s", samples.getLast().seconds());
        String stopped = SignalHook.stopped(samples.size() + " readings and " + live.writes().size() + " writes") + ", "
                + at;
        // the LLM agents' calls from the snapshot, all of them, once; the settled decisions of the local agents (free)
        Usage local = live.spent(source -> !llm.decides(source));
        CallsUnderWay.Snapshot spent = underWay.snapshot().after(local);
        boolean llmRan = llm.runsIn(mode);
        if (json) {
            out.println(OsTuneJson.partial(stopped + "; the knob is restored on exit", spent.spent(),
                    llmRan ? OptionalInt.of(spent.calls()) : OptionalInt.empty(), failures, samples, live.writes()));
            out.flush();
        }
        String spentWords = "its agents' decisions spent " + SpentFormatter.COMPLETION.format(spent.spent());
        if (llmRan) {
            spentWords += String.format(Locale.ROOT, " (including the decisions under way at the signal: %d call%s, "
                    + "charged what they had consumed, as cancelled calls are)", spent.calls(), spent.calls() == 1 ? "" : "s");
        }
        err.printf(Locale.ROOT, "%nspecagent: %s%s; the knob is restored on exit; %s%n", stopped,
                json ? " (in the JSON above)" : quiet ? "" : " (printed above)", spentWords);
        err.flush();
    }

    /**
     * What a failed run had recorded and paid, on standard error, and its partial JSON with {@code --json}; whether the
     * knob was restored, as its close reported it: a restore that failed (the knob would not take its original value)
     * is said so, never that the knob was restored.
     */
    void failed(LossyRunException e, AgentFailures failures, PrintWriter out, PrintWriter err) {
        LossyResult partial = e.partial();
        err.println("specagent: " + e.getMessage());
        RunFigures paid = partial.figures();
        Usage spentBefore = new Usage(paid.promptTokens(), paid.completionTokens(), 0, paid.costUsd());
        boolean restored = e.closeFailure().filter(KnobRestoreException.class::isInstance).isEmpty();
        String original = OsTuneSummary.num(partial.originalValue());
        String knobState = restored ? "the knob was restored to " + original
                : "the knob could NOT be restored to " + original + " (it is tried once more as specagent exits): check "
                + "it and set it back by hand";
        err.printf(Locale.ROOT, "specagent: %d readings and %d writes were recorded before the failure; %s; %s%n",
                partial.samples().size(), partial.writes().size(), knobState, spent(spentBefore));
        if (json) {
            out.println(OsTuneJson.partial(e.getMessage(), spentBefore, OptionalInt.empty(), failures,
                    partial.samples(), partial.writes()).put("original_value", partial.originalValue())
                    .put("restored", restored));
            out.flush();
        }
    }

    /** What a run that failed had paid, in words. */
    private static String spent(Usage u) {
        return "its agents' settled decisions spent " + SpentFormatter.COMPLETION.format(u);
    }

    /** The experiment's options; {@link OsTuneExperiment.Options} checks them, naming the option at fault. */
    OsTuneExperiment.Options options() {
        return new OsTuneExperiment.Options(knob, mode, seconds,
                perturbAt == null ? OptionalDouble.empty() : OptionalDouble.of(perturbAt),
                perturbValue == null ? OptionalDouble.empty() : OptionalDouble.of(perturbValue), reactionWindow, seed, actorGap);
    }
}
