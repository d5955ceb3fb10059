package dev.specagent.cli.ostune;

import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.Main;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.cli.llm.LlmOptions;
import dev.specagent.cli.progress.PlyProgress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.cli.report.RunSections;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.call.Usage;
import dev.specagent.core.lossy.LossyRunException;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.Mode;
import dev.specagent.envs.ostune.OsTuneExperiment;
import dev.specagent.envs.ostune.OsTuneReport;
import dev.specagent.envs.ostune.agents.LlmControlAgent;
import dev.specagent.envs.ostune.knob.KnobUnavailableException;
import dev.specagent.envs.ostune.knob.Knobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/**
 * {@code specagent ostune}: the lossy speculator–actor loop of the Speculative Actions paper (§4) on a
 * kernel scheduler knob under {@code sysbench cpu}, or on the simulated knob. Prints p95 over time, the
 * time to converge, the mean p95 over the reaction window after a perturbation, and tokens and cost.
 * The knob's original value is restored on exit, also on Ctrl-C and on failure.
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
                "Exit codes: 0 success, 1 the run failed (the knob was restored), 2 bad input or knob unavailable."})
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

    /** Which agents {@code --llm} makes LLMs, named by {@link #toString()}. */
    enum LlmAgents {
        NONE, ACTOR, SPECULATOR, BOTH;

        boolean actor() {
            return this == ACTOR || this == BOTH;
        }

        boolean speculator() {
            return this == SPECULATOR || this == BOTH;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

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
        if (llm != LlmAgents.NONE && !(llm.actor() && mode.hasActor() || llm.speculator() && mode.hasSpeculator())) {
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
        dev.specagent.cli.progress.Progress bar = null;
        AgentFailures failures;
        if (!json && !quiet) {
            failures = new AgentFailures(new Progress(out));
        } else {
            // The readings are not printed: a progress bar (per second of the run) on standard error instead.
            bar = dev.specagent.cli.progress.Progress.start("ostune (seconds)", (long) Math.ceil(options().seconds()), err);
            PlyProgress seconds = new PlyProgress(bar);
            failures = new AgentFailures(new LossyListener() {
                @Override
                public void onSample(MetricSample s) {
                    seconds.reached((int) Math.floor(s.seconds()));
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
                LossyResult partial = e.partial();
                err.println("specagent: " + e.getMessage());
                RunFigures paid = partial.figures();
                Usage spentBefore = new Usage(paid.promptTokens(), paid.completionTokens(), 0, paid.costUsd());
                err.printf(Locale.ROOT,
                        "specagent: %d readings and %d writes were recorded before the failure; the knob was restored to %s; %s%n",
                        partial.samples().size(), partial.writes().size(), num(partial.originalValue()), spent(spentBefore));
                if (json) {
                    ObjectNode o = JsonOutput.object();
                    o.put("error", e.getMessage());
                    spent(o, spentBefore);
                    agentFailures(o, failures);
                    trajectory(o, partial.samples(), partial.writes());
                    out.println(o);
                    out.flush();
                }
                return Main.EXIT_RUN_FAILED;
            }
            if (!signal.claim()) {
                return Main.EXIT_RUN_FAILED;
            }
            if (json) {
                ObjectNode o = toJson(report);
                agentFailures(o, failures);
                out.println(o);
            } else {
                summary(out, report, failures);
            }
            out.flush();
            if (reportOption.requested()) {
                HtmlReport html = new HtmlReport("specagent ostune", report.knob() + " (" + report.knobKind() + "), mode "
                        + report.mode().option() + ", " + report.workload());
                OsTuneReportSections.p95OverTime(html, "p95 over time", List.of(report));
                RunSections.summary(html, "Summary", PAPER, summaryLines(report, failures));
                OsTuneReportSections.writes(html, report.result().writes(), report.unit());
                html.timeline("Decisions of the agents", "Every decision of the actor and the speculator: committed = "
                        + "written to the knob, wasted = failed or superseded, cancelled = the run ended first.", report.result().ledger());
                reportOption.write(html, Notes.writer(spec, json));
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
        Usage local = live.spent(source -> source == WriteSource.ACTOR ? !llm.actor()
                : source != WriteSource.SPECULATOR || !llm.speculator());
        CallsUnderWay.Snapshot spent = underWay.snapshot().after(local);
        boolean llmRan = llmAgentRuns();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("error", stopped + "; the knob is restored on exit");
            spent(o, spent.spent());
            if (llmRan) {
                o.put("calls_under_way", spent.calls());
            }
            agentFailures(o, failures);
            trajectory(o, samples, live.writes());
            out.println(o);
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

    /** What a run that failed had paid, in words. */
    private static String spent(Usage u) {
        return "its agents' settled decisions spent " + SpentFormatter.COMPLETION.format(u);
    }

    /** The same as the finished run's fields: {@code prompt_tokens}, {@code completion_tokens}, {@code cost_usd}. */
    private static void spent(ObjectNode o, Usage u) {
        SpentFormatter.COMPLETION.put(o, u);
    }

    /** The experiment's options; {@link OsTuneExperiment.Options} checks them, naming the option at fault. */
    OsTuneExperiment.Options options() {
        return new OsTuneExperiment.Options(knob, mode, seconds,
                perturbAt == null ? OptionalDouble.empty() : OptionalDouble.of(perturbAt),
                perturbValue == null ? OptionalDouble.empty() : OptionalDouble.of(perturbValue), reactionWindow, seed, actorGap);
    }

    private void summary(PrintWriter out, OsTuneReport r, AgentFailures failures) {
        out.println();
        for (RunSections.Line line : summaryLines(r, failures)) {
            out.printf(Locale.ROOT, "%-12s%s%n", line.label(), line.value());
        }
        out.println(PAPER);
    }

    /** The paper's figures, printed under the summary for comparison. */
    private static final String PAPER = "paper (§4, reaction experiment, mean p95): untuned 102.97 ms, actor-only "
            + "54.00 ms, actor + speculator 37.93 ms; convergence about 10-15 s with the speculator, about 200 s actor-only";

    /** The lines of the text summary, label and figures: the report's summary table shows the same. */
    private List<RunSections.Line> summaryLines(OsTuneReport r, AgentFailures failures) {
        LossyResult res = r.result();
        RunFigures f = res.figures();
        List<RunSections.Line> lines = new ArrayList<>();
        lines.add(new RunSections.Line("knob", String.format(Locale.ROOT, "%s (%s), original %s %s, after the run %s %s (%s)",
                r.knob(), r.knobKind(), num(res.originalValue()), r.unit(), num(r.restoredValue()), r.unit(),
                r.restored() ? "restored" : "NOT RESTORED")));
        lines.add(new RunSections.Line("workload", r.workload()));
        lines.add(new RunSections.Line("mode", r.mode().option()));
        for (String a : r.agents()) {
            lines.add(new RunSections.Line("agent", a));
        }
        String phase = r.perturbAtSeconds().isPresent() ? " (before the perturbation)" : "";
        lines.add(new RunSections.Line("converged", String.format(Locale.ROOT, "%s%s, settled p95 %s ms (converged = "
                + "rolling 3-reading median within 15 %% of the settled level)", secs(r.convergenceSeconds()), phase,
                ms(r.settledP95()))));
        if (r.perturbAtSeconds().isPresent()) {
            lines.add(new RunSections.Line("reaction", String.format(Locale.ROOT, "perturbed at %s s: mean p95 %s ms "
                    + "over the next %s s, re-converged after %s", num(r.perturbAtSeconds().getAsDouble()),
                    ms(r.reactionMeanP95()), num(r.reactionWindowSeconds()), secs(r.reactionConvergenceSeconds()))));
        }
        lines.add(new RunSections.Line("decisions", "actor " + decisions(res.ledger(), Role.ACTOR) + ", speculator "
                + decisions(res.ledger(), Role.SPECULATOR)));
        lines.add(new RunSections.Line("writes", String.format(Locale.ROOT, "%d by the actor, %d by the speculator, "
                + "%d perturbations", count(res, WriteSource.ACTOR), count(res, WriteSource.SPECULATOR),
                count(res, WriteSource.EXTERNAL))));
        failures.counts().forEach((what, n) -> lines.add(new RunSections.Line("failed",
                String.format(Locale.ROOT, "%d× %s", n, what))));
        if (failures.uncounted() > 0) {
            lines.add(new RunSections.Line("failed", failures.uncounted() + " more, with other messages"));
        }
        lines.add(new RunSections.Line("tokens", String.format(Locale.ROOT, "%d prompt, %d completion; cost $%.4f%s",
                f.promptTokens(), f.completionTokens(), f.costUsd(), llmAgentRuns() ? "" : " (local agents: no LLM calls)")));
        return lines;
    }

    /** Whether an agent of the run is an LLM (its calls may all have failed, leaving no tokens). */
    private boolean llmAgentRuns() {
        return llm.actor() && mode.hasActor() || llm.speculator() && mode.hasSpeculator();
    }

    private static String decisions(List<LedgerEntry> ledger, Role role) {
        long all = ledger.stream().filter(e -> e.role() == role).count();
        if (all == 0) {
            return "-";
        }
        long committed = ledger.stream().filter(e -> e.role() == role && e.fate() == Fate.COMMITTED).count();
        long wasted = ledger.stream().filter(e -> e.role() == role && e.fate() == Fate.WASTED).count();
        return all + " (" + committed + " applied, " + wasted + " dropped or failed)";
    }

    private static long count(LossyResult r, WriteSource s) {
        return r.writes().stream().filter(w -> w.source() == s).count();
    }

    private ObjectNode toJson(OsTuneReport r) {
        ObjectNode o = JsonOutput.object();
        o.put("knob", r.knob()).put("knob_kind", r.knobKind()).put("unit", r.unit()).put("mode", r.mode().option());
        ArrayNode agents = o.putArray("agents");
        r.agents().forEach(agents::add);
        o.put("workload", r.workload());
        o.put("original_value", r.result().originalValue()).put("value_after_run", r.restoredValue()).put("restored", r.restored());
        put(o, "convergence_seconds", r.convergenceSeconds());
        put(o, "settled_p95_ms", r.settledP95());
        put(o, "perturb_at_seconds", r.perturbAtSeconds());
        o.put("reaction_window_seconds", r.reactionWindowSeconds());
        put(o, "reaction_mean_p95_ms", r.reactionMeanP95());
        put(o, "reaction_convergence_seconds", r.reactionConvergenceSeconds());
        SpentFormatter.COMPLETION.put(o, r.result().figures());
        o.put("actor_decisions", r.result().ledger().stream().filter(e -> e.role() == Role.ACTOR).count());
        o.put("speculator_decisions", r.result().ledger().stream().filter(e -> e.role() == Role.SPECULATOR).count());
        trajectory(o, r.result().samples(), r.result().writes());
        return o;
    }

    /** Why decisions failed: {@code agent_failures: [{agent, message, count}]}, then {@code agent_failures_uncounted}. */
    private static void agentFailures(ObjectNode o, AgentFailures failures) {
        ArrayNode list = o.putArray("agent_failures");
        failures.counts().forEach((what, n) -> {
            int colon = what.indexOf(": ");
            list.addObject().put("agent", what.substring(0, colon)).put("message", what.substring(colon + 2)).put("count", n);
        });
        o.put("agent_failures_uncounted", failures.uncounted());
    }

    private static void trajectory(ObjectNode o, List<MetricSample> readings, List<KnobWrite> knobWrites) {
        ArrayNode samples = o.putArray("readings");
        for (MetricSample s : readings) {
            samples.addObject().put("t", round(s.seconds())).put("p95_ms", round(s.metric())).put("knob", s.knobValue())
                    .put("steady", s.steady());
        }
        ArrayNode writes = o.putArray("writes");
        for (KnobWrite w : knobWrites) {
            writes.addObject().put("t", round(w.seconds())).put("source", w.source().name().toLowerCase(Locale.ROOT))
                    .put("requested", w.requested()).put("applied", w.applied()).put("previous", w.previous())
                    .put("rationale", w.rationale());
        }
    }

    private static void put(ObjectNode o, String field, OptionalDouble v) {
        if (v.isPresent()) {
            o.put(field, round(v.getAsDouble()));
        } else {
            o.putNull(field);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String secs(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f s", v.getAsDouble()) : "n/a (too few readings)";
    }

    private static String ms(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : "n/a";
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Prints one line per reading, with the writes made since the previous reading. */
    private static final class Progress implements LossyListener {
        private final PrintWriter out;
        private final List<String> writes = new ArrayList<>();
        private boolean headed;

        Progress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onSample(MetricSample s) {
            if (!headed) {
                out.printf("%8s %12s %10s  %s%n", "t (s)", "knob", "p95 (ms)", "writes in the second before");
                headed = true;
            }
            out.printf(Locale.ROOT, "%8.1f %12s %10.2f  %s%n", s.seconds(), num(s.knobValue()), s.metric(), String.join(", ", writes));
            out.flush();
            writes.clear();
        }

        @Override
        public void onWrite(KnobWrite w) {
            writes.add(w.source().name().toLowerCase(Locale.ROOT) + " " + num(w.previous()) + "->" + num(w.applied()));
        }

        @Override
        public void onAgentFailure(WriteSource source, Throwable error) {
            writes.add(source.name().toLowerCase(Locale.ROOT) + " failed: " + error.getMessage());
        }
    }
}
