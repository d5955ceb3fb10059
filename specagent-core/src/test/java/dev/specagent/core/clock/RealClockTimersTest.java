package dev.specagent.core.clock;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.core.runner.SpeculativeRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link RealClock} shared by run after run (a service's clock, or a sequential run then a speculative one) keeps only
 * the timers still armed. Every call of a run with a call timeout schedules that timeout and cancels it when the call
 * ends; the clock's timer kept each cancelled one queued until it would have been due, so with a timeout of 10 minutes
 * a clock that ran 200 short runs held over a thousand dead timers, and a busy service's clock one per call of the
 * last 10 minutes.
 */
class RealClockTimersTest {

    /** Five calls, each answered at once; the speculator guesses every answer. */
    static final Agent<Integer> FIVE_STEPS = new Agent<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Optional<Call> nextCall(Integer step) {
            return step < 5 ? Optional.of(Call.of("step", "n", String.valueOf(step))) : Optional.empty();
        }

        @Override
        public Integer transition(Integer step, Outcome outcome) {
            return step + 1;
        }
    };

    @Test
    void theTimeoutsOfEndedCallsAreDroppedNotKeptUntilTheyWouldHaveBeenDue() {
        try (RealClock clock = new RealClock()) {
            for (int run = 0; run < 200; run++) {
                SpeculativeRunner.builder(FIVE_STEPS).actor(Actor.blocking(call -> "v"))
                        .speculator(Speculator.<Integer>of((step, pending, k) -> List.of(Guess.of("v", 0.9))))
                        .policy(new ChainedPolicy(1, 2)).clock(clock).sideEffects(SideEffects.allReadOnly())
                        .limits(RunLimits.DEFAULT.withCallTimeout(Duration.ofMinutes(10))).build().run();
            }
            assertThat(clock.pendingTimers()).isZero();
        }
    }

    @Test
    void aCancelledTimerIsDroppedAndOneStillArmedIsKept() {
        try (RealClock clock = new RealClock()) {
            Clock.Timer armed = clock.schedule(Duration.ofHours(1).toNanos(), () -> { });
            for (int i = 0; i < 1_000; i++) {
                assertThat(clock.schedule(Duration.ofHours(1).toNanos(), () -> { }).cancel()).isTrue();
            }
            assertThat(clock.pendingTimers()).isEqualTo(1);
            assertThat(armed.cancel()).isTrue();
            assertThat(clock.pendingTimers()).isZero();
        }
    }
}
