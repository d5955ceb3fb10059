package dev.specagent.envs.hotpotqa;

import dev.specagent.core.call.Usage;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.clock.Clock;
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
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiActor;
import dev.specagent.envs.hotpotqa.tools.WikiState;
import dev.specagent.envs.hotpotqa.tools.WikiTools;

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

    public HotpotEpisode {
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(thinker, "thinker");
        Objects.requireNonNull(speculator, "speculator");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
    }

    /** Runs {@code question} on {@code clock}. */
    public EpisodeResult run(HotpotQuestion question, Clock clock) {
        return run(question, clock, unread -> { });
    }

    /**
     * Runs {@code question} on {@code clock}, and hands {@code unread} what the speculation nobody read had consumed
     * (a {@link dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator}'s pipelines cancelled when the run ends,
     * whose usage no ledger entry holds): also when the run fails or is interrupted, before the failure is thrown.
     */
    public EpisodeResult run(HotpotQuestion question, Clock clock, Consumer<Usage> unread) {
        SnapshotSandbox<WikiState> sandbox = new SnapshotSandbox<>(WikiState.INITIAL);
        ReactActor actor = new ReactActor(thinker, new WikiActor(tools, sandbox, latency));
        RunResult<ReactState> result;
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
            if (speculator instanceof DraftingSpeculator drafting) {
                // stop speculation nobody will read (e.g. after the last step)
                unread.accept(drafting.endEpisode(question.id()));
            }
        }
        String answer = result.finalState().answer();
        return new EpisodeResult(question, answer, AnswerScore.of(answer, question.answer()), result);
    }
}
