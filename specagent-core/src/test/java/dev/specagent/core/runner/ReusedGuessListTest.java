package dev.specagent.core.runner;

import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.policy.ChainedPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guesses a speculator reports are the ones the runner judges: a speculator that reuses one list for every
 * proposal (clearing and refilling it, as a pooled buffer is) changes nothing the runner already received.
 */
class ReusedGuessListTest {

    /** Guesses right after 0.1 s into one list that it clears as soon as it has reported it. */
    private static Speculator<Integer> reusingOneList() {
        List<Guess> buffer = new ArrayList<>();
        return (state, pending, k, clock, done) -> {
            clock.schedule(Clock.nanos(0.1), () -> {
                buffer.clear();
                buffer.add(Guess.of(state + 1, 0.9));
                done.succeed(buffer, Usage.ZERO);
                buffer.clear(); // the buffer is free again for the next proposal
            });
            return dev.specagent.core.actor.CallHandle.NONE;
        };
    }

    @Test
    void aSpeculatorThatClearsItsListAfterReportingStillHasItsGuessesJudged() {
        RunResult<Integer> result = SpeculativeRunner.builder(ContractViolationTest.COUNT)
                .actor(ContractViolationTest.oneSecondActor()).speculator(reusingOneList())
                .clock(new SimulatedClock(1)).policy(new ChainedPolicy(1, 3)).sideEffects(SideEffects.allReadOnly())
                .build().run();
        assertThat(result.finalState()).isEqualTo(3);
        assertThat(result.figures().hits()).as("both right guesses are hits, as with a fresh list each time")
                .isEqualTo(2);
    }
}
