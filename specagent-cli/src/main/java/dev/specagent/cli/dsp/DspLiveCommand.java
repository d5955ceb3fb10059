package dev.specagent.cli.dsp;

import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.Validate;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.cli.report.RunSections;
import dev.specagent.cli.llm.LlmOptions;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.core.planning.sweep.SweepRow;
import dev.specagent.envs.planning.openagi.AgentPairing;
import dev.specagent.envs.planning.openagi.LivePlanning;
import dev.specagent.envs.planning.openagi.LivePlanningFailedException;
import dev.specagent.envs.planning.openagi.LlmStepAgent;
import dev.specagent.envs.planning.openagi.OpenAgiTasks;
import dev.specagent.llm.LlmModels;
import dev.specagent.llm.agent.LlmTextEmbedder;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code dsp live}: OpenAGI planning with LLM agents, target-only and then one depth policy, in real
 * time. The target is the {@code --actor-*} model, the approximation the {@code --speculator-*} model.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Plans OpenAGI tasks with LLM agents (the actor model as target, the speculator model as "
                + "approximation): target-only first, then the chosen depth policy; prints both rows. An agent call "
                + "that has not answered in " + LivePlanning.DEFAULT_CALL_TIMEOUT_MINUTES + " minutes is cancelled: a draft is replaced by the target's step, a "
                + "target step fails the run (what was finished is printed).",
        footer = {"", "Examples:",
                "  specagent dsp live --pairing direct-react --policy dyn-tau0.99 --tasks 5 "
                        + "--actor-model gpt-4.1-mini --speculator-model gpt-4.1-mini",
                "  specagent dsp live --tasks 3 --policy fix-4 --replay run.jsonl --replay-speed 0 --report live.html",
                "  specagent dsp live --tasks 5 --policy dyn-tau0.99 --embeddings-model text-embedding-3-small",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input."})
final class DspLiveCommand implements Runnable {

    @CommandLine.Mixin
    LlmOptions llm = new LlmOptions();

    @Option(names = "--pairing", defaultValue = "direct-react",
            description = "approximation-target pairing: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    AgentPairing pairing;

    @Option(names = "--policy", defaultValue = "dyn-tau0.99", description = "depth policy (default ${DEFAULT-VALUE}); no oracle or yardstick (*-oracle-*), which need the recorded answers")
    String policy;

    @Option(names = "--tasks", defaultValue = "3", description = "how many OpenAGI tasks, from --first on (default ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--first", defaultValue = "1", description = "the first task's line in the task file (default ${DEFAULT-VALUE})")
    int first;

    @Option(names = "--max-steps", defaultValue = "12", description = "plan length limit (default ${DEFAULT-VALUE})")
    int maxSteps;

    @Option(names = "--json", description = "print one JSON array on stdout and nothing else (one object with "
            + "\"error\" and what was finished and spent when a run fails)")
    boolean json;

    @Option(names = "--embeddings-model", paramLabel = "MODEL",
            description = "add the state text's embedding by this model to the features of the dynamic policies "
                    + "dyn-tau*/dyn-offset* (the paper's predictor); asked at the actor's endpoint unless "
                    + "--embeddings-endpoint is given, recorded and replayed like the chat calls")
    String embeddingsModel;

    @Option(names = "--embeddings-endpoint", paramLabel = "URL",
            description = "OpenAI-compatible base URL of the embeddings model. Default: the actor's endpoint.")
    URI embeddingsEndpoint;

    @CommandLine.Mixin
    ReportOption reportOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        AgentPairing chosenPairing = pairing;
        // Live planning has no hindsight: the oracles and the yardsticks would fail only after the paid baseline.
        PolicySpec chosen = DspCommand.policyNamed(policy);
        if (!PolicySpec.deployable(chosen.name())) {
            throw new BadInputException("--policy: '" + policy + "' is not available live: the oracles and the "
                    + "yardsticks need the recorded answers");
        }
        Validate.inRange("--max-steps", maxSteps, 1, 50);
        List<PlanningTask> all;
        try {
            all = OpenAgiTasks.fromDataDirectory();
        } catch (IllegalStateException e) {
            throw new BadInputException("OpenAGI tasks: " + e.getMessage());
        }
        if (tasks < 1 || first < 1 || first - 1 + tasks > all.size()) {
            throw new BadInputException("--first " + first + " --tasks " + tasks + ": the task file has "
                    + all.size() + " tasks, so --first must be at least 1, --tasks at least 1 and --first + --tasks - 1 "
                    + "at most " + all.size());
        }
        List<PlanningTask> chosenTasks = new ArrayList<>(all.subList(first - 1, first - 1 + tasks));
        if (embeddingsModel != null && embeddingsModel.isBlank()) {
            throw new BadInputException("--embeddings-model must name a model, got an empty value");
        }
        if (embeddingsEndpoint != null && embeddingsModel == null) {
            throw new BadInputException("--embeddings-endpoint needs --embeddings-model");
        }
        if (embeddingsEndpoint != null) {
            try {
                LlmEndpoint.of(embeddingsEndpoint.toString(), embeddingsModel.strip());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--embeddings-endpoint: " + e.getMessage(), e);
            }
        }
        // Ctrl-C or SIGTERM interrupts the run under way: its task stops as a failed one does (its calls cancelled
        // and charged) and the command prints what was finished and spent, labelled as stopped
        try (SignalHook signal = SignalHook.interrupt("dsp-live"); LlmModels models = llm.oneSpeculator().open()) {
            LlmTextEmbedder embedder = embeddingsModel == null ? null : openEmbedder(models);
            LlmStepAgent speculator = new LlmStepAgent(models.speculator(), chosenPairing.approximation());
            LivePlanning live = new LivePlanning(speculator, new LlmStepAgent(models.actor(), chosenPairing.target()),
                    maxSteps);
            if (embedder != null) {
                live = live.withStateEmbedder(embedder);
            }
            PolicyRun baseline;
            PolicyRun run;
            try (Progress bar = Progress.start("dsp live (tasks, target-only then " + chosen.name() + ")",
                    2L * chosenTasks.size(), spec.commandLine().getErr())) {
                try {
                    baseline = live.run(PolicySpec.targetOnly(), chosenTasks, bar::step);
                } catch (LivePlanningFailedException e) {
                    if (signal.signalled()) {
                        keepFinished(e, null, chosenPairing, stopped(e, chosenTasks));
                        return;
                    }
                    keepFinished(e, null, chosenPairing, null);
                    throw e;
                }
                try {
                    run = live.run(chosen, chosenTasks, bar::step);
                } catch (LivePlanningFailedException e) {
                    if (signal.signalled()) {
                        keepFinished(e, baseline, chosenPairing, stopped(e, chosenTasks));
                        reportFailedDrafts(speculator);
                        return;
                    }
                    keepFinished(e, baseline, chosenPairing, null);
                    reportFailedDrafts(speculator);
                    throw e;
                }
            }
            // from here on a signal waits for the results; one that came as the last task ended finds both runs whole
            boolean signalledAfterBothRuns = !signal.claim();
            reportFailedDrafts(speculator);
            List<SweepRow> rows = List.of(SweepRow.of(baseline, baseline, null), SweepRow.of(run, baseline, null));
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(SweepTable.json(rows));
            } else {
                out.printf(Locale.ROOT, "DSP live: %s, %d tasks from line %d%n", chosenPairing.cliName(), tasks, first);
                out.print(SweepTable.text(rows));
                summary(baseline, run).forEach(line -> out.println(line.label() + ": " + line.value()));
            }
            long cutBaseline = cutPlans(baseline);
            long cutRun = cutPlans(run);
            if (cutBaseline + cutRun > 0) { // an unfinished plan is no plan: say so, whatever the figures
                Notes.writer(spec, json).printf(Locale.ROOT,
                        "note: plans cut at --max-steps %d without TERMINATE: "
                        + "%d of %d target-only, %d of %d %s%n", maxSteps, cutBaseline, baseline.plans().size(), cutRun,
                        run.plans().size(), run.policy());
            }
            if (embedder != null) {
                var info = Notes.writer(spec, json);
                info.printf(Locale.ROOT, "state embeddings (%s, %d dimensions): %d requests, "
                        + "%d failed, %d tokens, $%.7f; those of the %s run are in its row's cost and unnecessary "
                        + "cost, the dimension probe in neither%n", embeddingsModel.strip(), embedder.dimension(),
                        embedder.requests(), embedder.failures(), embedder.spent().promptTokens(),
                        embedder.spent().costUsd(), chosen.name());
                if (embedder.requests() == 1) {
                    info.printf("note: %s does not use state embeddings (only "
                            + "the paper's dyn-tau*/dyn-offset* policies do); only the probe was asked%n", chosen.name());
                }
            }
            out.flush();
            if (signalledAfterBothRuns) {
                reportOption.sayNotWritten(spec.commandLine().getErr(), SignalHook.afterBothRuns());
                return;
            }
            if (reportOption.requested()) {
                HtmlReport html = new HtmlReport("specagent dsp live", chosenPairing.cliName() + ", " + tasks
                        + " OpenAGI tasks from line " + first + ", " + chosen.name());
                DspReportSections.sweep(html, "live OpenAGI", rows);
                RunSections.summary(html, "Plans and spend", "What each run's agent calls spent, from its ledger "
                        + "(every attempt: committed, wasted, cancelled or failed).", summary(baseline, run));
                reportOption.write(html, Notes.writer(spec, json));
            }
        }
    }

    /**
     * The lines under the text table, keyed by what each names: whether the plans are the target-only run's, what
     * each run spent and both together.
     */
    private static List<RunSections.Line> summary(PolicyRun baseline, PolicyRun run) {
        boolean same = baseline.plans().stream().map(p -> p.steps()).toList()
                .equals(run.plans().stream().map(p -> p.steps()).toList());
        List<RunSections.Line> lines = new ArrayList<>();
        lines.add(new RunSections.Line("plans", same ? "identical to target-only"
                : "DIFFER from target-only (the models are not deterministic at temperature 0)"));
        for (PolicyRun r : List.of(baseline, run)) {
            lines.add(new RunSections.Line(r.policy() + " spent", spentFigures(r)));
        }
        lines.add(new RunSections.Line("both runs", String.format(Locale.ROOT, "$%.6f",
                baseline.figures().costUsd() + run.figures().costUsd())));
        return lines;
    }

    /** The state embedder of {@code --embeddings-model}; a model the endpoint rejects is bad input. */
    private LlmTextEmbedder openEmbedder(LlmModels models) {
        try {
            return LlmTextEmbedder.open(models.client(embeddingsModel.strip(), embeddingsEndpoint));
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.CLIENT_ERROR) {
                // the message starts with "model M: "
                throw new BadInputException("--embeddings-model: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** How many of the run's plans the step limit cut before a TERMINATE. */
    private static long cutPlans(PolicyRun run) {
        return run.plans().stream().filter(p -> p.steps().isEmpty() || !PlanSteps.isTerminate(p.steps().getLast()))
                .count();
    }

    /**
     * Says on standard error how many drafts failed, with the first reason: a failed draft is only waste (the
     * target's step is committed instead), so a speculator that cannot answer (a wrong model, answers the tool
     * list does not know) would otherwise only show as poor figures.
     */
    private void reportFailedDrafts(LlmStepAgent speculator) {
        if (speculator.failures() > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT,
                    "the speculator (model %s, %s agent) failed %d of its %d drafts (each "
                            + "only waste: the target's step was committed); the first: %s%n", speculator.model(),
                    speculator.strategy(), speculator.failures(), speculator.proposals(),
                    speculator.firstFailure().orElse("?"));
            spec.commandLine().getErr().flush();
        }
    }

    /**
     * What {@code run} spent, from its ledger: every call attempt (committed, wasted, cancelled or failed), its
     * tokens and cost, the part of the cost that is no committed target call, and its wall time.
     */
    static String spent(PolicyRun run) {
        return run.policy() + " spent: " + spentFigures(run);
    }

    /** {@link #spent} without the run's name. */
    private static String spentFigures(PolicyRun run) {
        RunFigures f = run.figures();
        long calls = agentCalls(run);
        return String.format(java.util.Locale.ROOT, "%d agent call%s, %s (unnecessary %s), %.3f s",
                calls, calls == 1 ? "" : "s", SpentFormatter.GENERATED.format(f),
                SpentFormatter.GENERATED.dollars(f.unnecessaryCostUsd()), f.speculativeSeconds());
    }

    /** The run's draft and target call attempts (the ledger's depth and embeddings entries are no agent call). */
    private static long agentCalls(PolicyRun run) {
        return run.ledger().stream().filter(e -> e.role() == Role.TARGET || e.role() == Role.APPROXIMATION).count();
    }

    /**
     * Says where a signal stopped the planning, for {@link #keepFinished}: the run, its task under way, and how many
     * of the tasks that run had finished.
     */
    private static String stopped(LivePlanningFailedException failure, List<PlanningTask> tasks) {
        PolicyRun finished = failure.finished();
        int done = finished.plans().size();
        return SignalHook.stopped(done, tasks.size(), "tasks") + ", during the " + finished.policy() + " run"
                + (done < tasks.size() ? " (task " + tasks.get(done).id() + ")" : "");
    }

    /**
     * A run failed, or a signal stopped it ({@code stopped} says where; null for a failure): prints what it cost
     * real model calls to get: the target-only row and what that run spent when it had finished, the plans of the
     * tasks the failed (stopped) run finished, the steps committed in its last task, and what it spent. A stopped run
     * also says both runs together, on standard error too, and writes no report.
     */
    private void keepFinished(LivePlanningFailedException failure, PolicyRun baseline, AgentPairing pairing,
                              String stopped) {
        PolicyRun finished = failure.finished();
        String how = stopped == null ? "failed" : "stopped";
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            if (stopped == null) {
                o.put("error", failure.getMessage());
            } else {
                o.put("stopped", stopped);
            }
            o.put(how + "_run", finished.policy());
            o.set("target_only", baseline == null ? null : SweepTable.json(SweepRow.of(baseline, baseline, null)));
            o.set("target_only_spent", baseline == null ? null : spentJson(baseline));
            ArrayNode plans = o.putArray("finished_plans");
            finished.plans().forEach(p -> plans.addObject().put("task", p.task().id())
                    .set("steps", JsonOutput.valueToTree(p.steps())));
            o.set("committed_in_" + how + "_task", JsonOutput.valueToTree(failure.committedInFailedTask()));
            o.set(how + "_run_spent", spentJson(finished));
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "DSP live: %s, %d tasks from line %d: %s%n", pairing.cliName(), tasks, first,
                    stopped == null ? "the " + finished.policy() + " run failed" : stopped);
            if (baseline != null) {
                out.print(SweepTable.text(List.of(SweepRow.of(baseline, baseline, null))));
            }
            out.printf(Locale.ROOT,
                    "plans the %s run finished before the %s (%d of %d tasks):%n", finished.policy(),
                    stopped == null ? "failure" : "signal", finished.plans().size(), tasks);
            finished.plans().forEach(p -> out.printf("  %s: %s%n", p.task().id(), String.join(" -> ", p.steps())));
            out.printf("  committed in the %s task: %s%n", how, failure.committedInFailedTask().isEmpty() ? "nothing"
                    : String.join(" -> ", failure.committedInFailedTask()));
            if (baseline != null) {
                out.println(spent(baseline));
            }
            if (stopped == null) {
                out.println(spent(finished) + " (the failed task's calls included)");
            } else {
                out.println(spent(finished) + " (the stopped task's calls included, the cancelled ones too)");
                out.printf(Locale.ROOT, "both runs so far: $%.6f%n",
                        (baseline == null ? 0 : baseline.figures().costUsd()) + finished.figures().costUsd());
            }
        }
        out.flush();
        if (stopped != null) {
            reportOption.sayNotWritten(spec.commandLine().getErr(), stopped + "; the plans and figures printed are of "
                    + "what was finished and spent until then");
        }
    }

    /** What {@code run} spent, from its ledger, as the JSON object of a failed or stopped run. */
    private static ObjectNode spentJson(PolicyRun run) {
        RunFigures f = run.figures();
        ObjectNode o = JsonOutput.object();
        o.put("time_seconds", f.speculativeSeconds()).put("agent_calls", agentCalls(run));
        SpentFormatter.GENERATED.put(o, f).put("unnecessary_cost_usd", f.unnecessaryCostUsd());
        return o;
    }
}
