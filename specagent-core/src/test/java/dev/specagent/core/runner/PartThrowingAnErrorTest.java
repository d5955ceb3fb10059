package dev.specagent.core.runner;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.policy.ChainedPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An {@link Error} that a part throws on the run's thread (an actor's {@code start} asserting on its call, a
 * speculator's heuristic overflowing its stack) fails the run like an exception does: a {@link RunFailedException}
 * with the Error as its cause, every call the run started cancelled and settled. It used to escape {@code run()} bare,
 * leaving the run's calls running and its events queued on the clock, where the next run on that clock drove them on.
 */
class PartThrowingAnErrorTest {

    /** Answers inc{n} with n + 1 after a second; counts the calls still running. */
    private static Actor actor(AtomicInteger running, int assertsOn) {
        return (call, context) -> {
            int n = call.args().get("n").asInt();
            if (n == assertsOn) {
                throw new AssertionError("inc " + n + " was not expected");
            }
            running.incrementAndGet();
            Clock.Timer timer = context.clock().schedule(Clock.nanos(1), () -> {
                running.decrementAndGet();
                context.succeed(CanonicalJson.valueOf(n + 1), Usage.ZERO);
            });
            return () -> {
                if (timer.cancel()) {
                    running.decrementAndGet();
                }
                return Usage.ZERO;
            };
        };
    }

    private static RunFailedException failure(Actor actor, Speculator<Integer> speculator, SimulatedClock clock) {
        return catchThrowableOfType(RunFailedException.class, () -> SpeculativeRunner.builder(ContractViolationTest.COUNT)
                .actor(actor).speculator(speculator).policy(new ChainedPolicy(1, 3))
                .sideEffects(SideEffects.allReadOnly()).clock(clock).build().run());
    }

    @Test
    void anActorWhoseStartThrowsAnAssertionErrorFailsTheRunWithItsCallsCancelled() {
        AtomicInteger running = new AtomicInteger();
        SimulatedClock clock = new SimulatedClock(1);
        Speculator<Integer> rightAtOnce = Speculator.of((state, pending, k) -> List.of(Guess.of(state + 1, 0.9)));

        RunFailedException e = failure(actor(running, 2), rightAtOnce, clock);

        assertThat(e).as("the run fails with a RunFailedException").isNotNull()
                .hasMessage("run failed: java.lang.AssertionError: inc 2 was not expected")
                .hasCauseInstanceOf(AssertionError.class);
        assertThat(running).as("calls left running").hasValue(0);
        assertThat(clock.pendingEvents()).as("events of the run left on the clock").isZero();
        assertThat(e.ledger()).extracting(LedgerEntry::fate).contains(Fate.CANCELLED);
    }

    @Test
    void aHeuristicThatOverflowsItsStackFailsTheRunWithItsCallsCancelled() {
        AtomicInteger running = new AtomicInteger();
        SimulatedClock clock = new SimulatedClock(1);
        Speculator<Integer> overflowing = Speculator.of((state, pending, k) -> {
            throw new StackOverflowError("deep recursion");
        });

        RunFailedException e = failure(actor(running, -1), overflowing, clock);

        assertThat(e).as("the run fails with a RunFailedException").isNotNull()
                .hasMessage("run failed: java.lang.StackOverflowError: deep recursion")
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(running).as("calls left running").hasValue(0);
        assertThat(clock.pendingEvents()).as("events of the run left on the clock").isZero();
        assertThat(e.ledger()).extracting(LedgerEntry::fate).containsOnly(Fate.CANCELLED);
    }
}
