package dev.specagent.core.policy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Algorithm 1 with and without waiting for late guesses, on a two-step world in simulated time. */
class AwaitProposalTest {

    /** Step 0 takes 2 s, step 1 takes 5 s; the speculator guesses step 0 right, after {@code guessSeconds}. */
    private static RunResult<Integer> run(SpeculationPolicy policy, double guessSeconds, String guess) {
        Agent<Integer> agent = new Agent<>() {
            @Override
            public Integer initialState() {
                return 0;
            }

            @Override
            public Optional<Call> nextCall(Integer step) {
                return step < 2 ? Optional.of(Call.of("step", "t", step)) : Optional.empty();
            }

            @Override
            public Integer transition(Integer step, Outcome outcome) {
                return step + 1;
            }
        };
        Actor actor = (call, ctx) -> {
            int t = call.args().get("t").asInt();
            Clock.Timer timer = ctx.clock().schedule(Clock.nanos(t == 0 ? 2 : 5),
                    () -> ctx.succeed(TextNode.valueOf("v" + t), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        Speculator<Integer> speculator = (state, pending, k, clock, done) -> {
            Clock.Timer timer = clock.schedule(Clock.nanos(guessSeconds),
                    () -> done.succeed(List.of(Guess.of(guess, 1.0)), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        return SpeculativeRunner.<Integer>builder().agent(agent).actor(actor).speculator(speculator)
                .policy(policy).clock(new SimulatedClock(1)).sideEffects(SideEffects.allReadOnly()).build().run();
    }

    @Test
    void aLateRightGuessIsUsedWhenTheStepWaitsForIt() {
        RunResult<Integer> waiting = run(new Algorithm1Policy(1, true), 3, "v0");
        assertThat(waiting.figures().speculativeSeconds()).isEqualTo(8.0); // 3 s guess + 5 s branch
        assertThat(waiting.figures().hits()).isEqualTo(1);
        assertThat(waiting.figures().sequentialSeconds()).isEqualTo(7.0);

        RunResult<Integer> cancelling = run(new Algorithm1Policy(1), 3, "v0");
        assertThat(cancelling.figures().speculativeSeconds()).isEqualTo(7.0); // guess cancelled at 2 s
        assertThat(cancelling.figures().hits()).isZero();
    }

    @Test
    void aLateWrongGuessCostsTheWaitAndAnEarlyGuessNothing() {
        assertThat(run(new Algorithm1Policy(1, true), 3, "x").figures().speculativeSeconds()).isEqualTo(8.0);
        RunResult<Integer> early = run(new Algorithm1Policy(1, true), 1, "v0");
        assertThat(early.figures().speculativeSeconds()).isEqualTo(6.0); // branch 1..6 s
        assertThat(early.trajectory()).extracting(Outcome::text).containsExactly("v0", "v1");
    }
}
