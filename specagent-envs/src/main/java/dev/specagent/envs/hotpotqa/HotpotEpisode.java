package dev.specagent.envs.hotpotqa;

import dev.specagent.core.call.Usage;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.react.ReactActor;
import dev.specagent.envs.hotpotqa.react.ReactAgent;
import dev.specagent.envs.hotpotqa.react.ReactState;
import dev.specagent.envs.hotpotqa.score.AnswerScore;
import dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator;
import dev.specagent.envs.hotpotqa.speculate.UnreadPipeline;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiActor;
import dev.specagent.envs.hotpotqa.tools.WikiState;
import dev.specagent.envs.hotpotqa.tools.WikiTools;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one HotpotQA question on the {@link SpeculativeRunner}: a fresh Wikipedia environment
 * ({@link SnapshotSandbox} of {@link WikiState}) per question, the ReAct agent, the actor (the given
 * thinker for {@code think} calls, the environment for the tools), the speculator and the policy, on
 * the given clock; then scores the answer.
 *
 * @param tools      the tools over the local Wikipedia
 * @param latency    the tools' latency model
 * @param thinker    the ReAct actor answering {@code think} calls
 * @param speculator the speculator (e.g. a {@link dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator})
 * @param policy     the speculation policy ({@code sequential} for the plain run)
 * @param limits     the run's limits
 * @param maxSteps   the ReAct step limit
 */
public record HotpotEpisode(WikiTools tools, ToolLatency latency, Actor thinker, Speculator<ReactState> speculator,
                            SpeculationPolicy policy, RunLimits limits, int maxSteps) {

    /** The label of the ledger entry of a speculation pipeline nobody read, ended when the run ended. */
    public static final String UNREAD_LABEL = "guess and drafts of a search (unread at the end)";

    public HotpotEpisode {
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(thinker, "thinker");
        Objects.requireNonNull(speculator, "speculator");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
    }

    /** Runs {@code question} on {@code clock}; as {@link #run(HotpotQuestion, Clock, Consumer)}. */
    public EpisodeResult run(HotpotQuestion question, Clock clock) {
        return run(question, clock, unread -> { });
    }

    /**
     * Runs {@code question} on {@code clock}. The speculation nobody read (a {@link DraftingSpeculator}'s pipelines
     * cancelled when the run ends, e.g. of a search at the step limit) is in the result's ledger: one
     * {@link Role#SPECULATOR} entry per pipeline, labelled {@link #UNREAD_LABEL}, with what it had consumed (a call
     * under way charged what it had consumed, as cancelled calls are), from when it started (its search was proposed)
     * to when it stopped: {@link Fate#WASTED} when it stopped when its drafts were ready (or a stage failed),
     * {@link Fate#CANCELLED} at the end of the run when it was still running then. So the figures count its tokens and
     * cost, and the peak concurrency the time it ran. When the run fails or is interrupted there is no result:
     * {@code unread} is handed that usage instead, before the failure is thrown.
     */
    public EpisodeResult run(HotpotQuestion question, Clock clock, Consumer<Usage> unread) {
        SnapshotSandbox<WikiState> sandbox = new SnapshotSandbox<>(WikiState.INITIAL);
        ReactActor actor = new ReactActor(thinker, new WikiActor(tools, sandbox, latency));
        RunResult<ReactState> result = null;
        try {
            result = SpeculativeRunner.<ReactState>builder()
                    .agent(new ReactAgent(question, maxSteps))
                    .actor(actor)
                    .speculator(speculator)
                    .policy(policy)
                    .clock(clock)
                    .sideEffects(ReactActor.sideEffects())
                    .sandbox(sandbox)
                    .limits(limits)
                    .build()
                    .run();
        } finally {
            // stop speculation nobody will read (e.g. after the last step)
            List<UnreadPipeline> pipelines = speculator instanceof DraftingSpeculator drafting
                    ? drafting.endEpisode(question.id()) : List.of();
            if (result == null) {
                unread.accept(pipelines.stream().map(UnreadPipeline::usage).reduce(Usage.ZERO, Usage::plus));
            } else {
                result = withUnread(result, pipelines);
            }
        }
        String answer = result.finalState().answer();
        return new EpisodeResult(question, answer, AnswerScore.of(answer, question.answer()), result);
    }

    /**
     * {@code run} with a speculator entry per unread pipeline, and its figures recomputed. A pipeline cancelled by
     * {@link DraftingSpeculator#endEpisode} stopped as the run ended; that cancel comes just after the runner returned
     * (on a real clock a moment later), so the entry ends no later than the run's last entry, leaving the run's wall
     * time as the runner measured it.
     */
    private static RunResult<ReactState> withUnread(RunResult<ReactState> run, List<UnreadPipeline> pipelines) {
        if (pipelines.isEmpty()) {
            return run;
        }
        List<LedgerEntry> entries = new ArrayList<>(run.ledger());
        long end = entries.stream().mapToLong(LedgerEntry::endNanos).max().orElse(0);
        long id = entries.stream().mapToLong(LedgerEntry::id).max().orElse(-1);
        for (UnreadPipeline p : pipelines) {
            long stopped = Math.min(p.endNanos(), end);
            entries.add(new LedgerEntry(++id, Role.SPECULATOR, UNREAD_LABEL, Math.min(p.startNanos(), stopped), stopped,
                    p.usage(), p.finished() ? Fate.WASTED : Fate.CANCELLED, 0, -1));
        }
        return new RunResult<>(run.policy(), run.trajectory(), run.finalState(), entries, RunFigures.of(entries),
                run.cappedLaunches(), run.overBudgetLaunches());
    }
}
