package dev.specagent.cli.dsp;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.Validate;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.cli.report.RunSections;
import dev.specagent.cli.llm.LlmOptions;
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

    @Option(names = "--first", defaultValue = "1", description = "the first task's line in the task file, blank lines holding no task (default ${DEFAULT-VALUE})")
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
    String embeddingsEndpoint;

    @CommandLine.Mixin
    ReportOption reportOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PolicySpec chosen = deployablePolicy();
        Validate.inRange("--max-steps", maxSteps, 1, 50);
        List<PlanningTask> chosenTasks = chosenTasks();
        checkEmbeddingsOptions();
        // Ctrl-C or SIGTERM interrupts the run under way: its task stops as a failed one does (its calls cancelled
        // and charged) and the command prints what was finished and spent, labelled as stopped
        try (SignalHook signal = SignalHook.interrupt("dsp-live"); LlmModels models = llm.oneSpeculator().open()) {
            LlmTextEmbedder embedder = embeddingsModel == null ? null : openEmbedder(models);
            LlmStepAgent speculator = new LlmStepAgent(models.speculator(), pairing.approximation());
            LivePlanning live = new LivePlanning(speculator, new LlmStepAgent(models.actor(), pairing.target()),
                    maxSteps);
            if (embedder != null) {
                live = live.withStateEmbedder(embedder);
            }
            PolicyRun baseline = null;
            PolicyRun run;
            try (Progress bar = Progress.start("dsp live (tasks, target-only then " + chosen.name() + ")",
                    2L * chosenTasks.size(), spec.commandLine().getErr())) {
                try {
                    baseline = live.run(PolicySpec.targetOnly(), chosenTasks, bar::step);
                    run = live.run(chosen, chosenTasks, bar::step);
                } catch (LivePlanningFailedException e) {
                    String stopped = signal.signalled() ? UnfinishedLive.stoppedAt(e, chosenTasks) : null;
                    keepFinished(new UnfinishedLive(e, baseline, stopped));
                    reportFailedDrafts(speculator); // none in a failed target-only run: it drafts nothing
                    if (stopped != null) {
                        return;
                    }
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
                out.println(heading());
                out.print(SweepTable.text(rows));
                LiveSummary.lines(baseline, run).forEach(line -> out.println(line.label() + ": " + line.value()));
            }
            printNotes(baseline, run, chosen, embedder);
            out.flush();
            if (signalledAfterBothRuns) {
                reportOption.sayNotWritten(spec.commandLine().getErr(), SignalHook.afterBothRuns());
                return;
            }
            if (reportOption.requested()) {
                HtmlReport html = new HtmlReport("specagent dsp live", pairing.cliName() + ", " + tasks
                        + " OpenAGI tasks from line " + first + ", " + chosen.name());
                DspReportSections.sweep(html, "live OpenAGI", rows);
                RunSections.summary(html, "Plans and spend", "What each run's agent calls spent, from its ledger "
                        + "(every attempt: committed, wasted, cancelled or failed).", LiveSummary.lines(baseline, run));
                reportOption.write(html, Notes.writer(spec, json));
            }
        }
    }

    /** The policy of {@code --policy}; one that needs hindsight (an oracle, a yardstick) is bad input. */
    private PolicySpec deployablePolicy() {
        // Live planning has no hindsight: the oracles and the yardsticks would fail only after the paid baseline.
        PolicySpec chosen = DspCommand.policyNamed(policy);
        if (!PolicySpec.deployable(chosen.name())) {
            throw new BadInputException("--policy: '" + policy + "' is not available live: the oracles and the "
                    + "yardsticks need the recorded answers");
        }
        return chosen;
    }

    /** The {@code --tasks} tasks from line {@code --first} of the task file; a range outside it is bad input. */
    private List<PlanningTask> chosenTasks() {
        List<PlanningTask> all;
        try {
            all = OpenAgiTasks.fromDataDirectory();
        } catch (IllegalStateException e) {
            throw new BadInputException("OpenAGI tasks: " + e.getMessage());
        }
        // --first names a line, as the ids do: past a blank line (no task) the count of tasks and of lines differ
        List<PlanningTask> fromFirst = all.stream().filter(t -> OpenAgiTasks.lineOf(t) >= first).toList();
        if (tasks < 1 || first < 1 || tasks > fromFirst.size()) {
            throw new BadInputException("--first " + first + " --tasks " + tasks + ": the task file has "
                    + all.size() + " tasks, " + fromFirst.size() + " of them on line " + first + " or after, so --first "
                    + "must be at least 1 and --tasks at least 1 and at most that many");
        }
        return new ArrayList<>(fromFirst.subList(0, tasks));
    }

    /** Refuses an empty {@code --embeddings-model}, and an {@code --embeddings-endpoint} without one or not http(s). */
    private void checkEmbeddingsOptions() {
        if (embeddingsModel != null && embeddingsModel.isBlank()) {
            throw new BadInputException("--embeddings-model must name a model, got an empty value");
        }
        if (embeddingsEndpoint != null && embeddingsModel == null) {
            throw new BadInputException("--embeddings-endpoint needs --embeddings-model");
        }
        if (embeddingsEndpoint != null) {
            try {
                LlmEndpoint.of(embeddingsEndpoint, embeddingsModel.strip());
            } catch (IllegalArgumentException e) {
                // read as a URL here, not by picocli, whose message named Java's URISyntaxException
                String message = e.getMessage();
                throw new BadInputException(message.startsWith("--endpoint ")
                        ? "--embeddings-endpoint" + message.substring("--endpoint".length())
                        : "--embeddings-endpoint: " + message, e);
            }
        }
    }

    /**
     * The notes after the table (on standard error under {@code --json}): how many plans the step limit cut, and what
     * the state embeddings cost (when asked for), saying so when the policy did not use them.
     */
    private void printNotes(PolicyRun baseline, PolicyRun run, PolicySpec chosen, LlmTextEmbedder embedder) {
        long cutBaseline = LiveSummary.cutPlans(baseline);
        long cutRun = LiveSummary.cutPlans(run);
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
    }

    /** What the run is over, as its text output's first line begins: {@code DSP live: PAIRING, N tasks from line F}. */
    private String heading() {
        return String.format(Locale.ROOT, "DSP live: %s, %d tasks from line %d", pairing.cliName(), tasks, first);
    }

    /** The state embedder of {@code --embeddings-model}; a model the endpoint rejects is bad input. */
    private LlmTextEmbedder openEmbedder(LlmModels models) {
        try {
            return LlmTextEmbedder.open(models.client(embeddingsModel.strip(),
                    embeddingsEndpoint == null ? null : URI.create(embeddingsEndpoint.strip())));
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.CLIENT_ERROR) {
                // the message starts with "model M: "
                throw new BadInputException("--embeddings-model: " + e.getMessage(), e);
            }
            throw e;
        }
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
     * Prints what a failed or stopped run had finished and spent (text or JSON); a stopped one also says so on
     * standard error, and that no report is written.
     */
    private void keepFinished(UnfinishedLive unfinished) {
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(unfinished.json());
        } else {
            unfinished.print(out, heading(), tasks);
        }
        out.flush();
        if (unfinished.stopped() != null) {
            reportOption.sayNotWritten(spec.commandLine().getErr(), unfinished.stopped() + "; the plans and figures "
                    + "printed are of what was finished and spent until then");
        }
    }
}
