package dev.specagent.core.runner;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.clock.RealClock;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One {@link RealClock} shared by request threads, as a server might keep it: a run whose clock another thread's
 * run is driving is refused with a {@link RunFailedException} naming that thread, and nothing of it runs. It used to
 * queue its first event before finding the loop taken, so the other thread ran it: the refused run's actor was
 * called anyway (its calls never cancelled), and now and then the run failed with a raw NullPointerException
 * from state two threads touched at once.
 */
class SharedRealClockTest {

    /** Counts to {@code n}: inc{n} returns n + 1. */
    private static Agent<Integer> count(int n) {
        return new Agent<>() {
            @Override
            public Integer initialState() {
                return 0;
            }

            @Override
            public Optional<Call> nextCall(Integer i) {
                return i >= n ? Optional.empty() : Optional.of(Call.of("inc", "n", i));
            }

            @Override
            public Integer transition(Integer i, Outcome outcome) {
                return outcome.value().asInt();
            }
        };
    }

    @Test
    void aRunOnAClockThatAnotherThreadDrivesIsRefusedAndStartsNothing() throws Exception {
        for (int trial = 0; trial < 10; trial++) { // the defect showed in about half the trials
            try (RealClock clock = new RealClock()) {
                CountDownLatch driving = new CountDownLatch(1);
                CountDownLatch refused = new CountDownLatch(1);
                AtomicReference<Object> first = new AtomicReference<>();
                Thread other = Thread.ofPlatform().start(() -> {
                    try {
                        first.set(SpeculativeRunner.builder(count(2)).actor(Actor.blocking(call -> {
                            driving.countDown();
                            // keeps the loop driven until the second run has been tried, however slow the machine
                            if (!refused.await(10, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the second run was never tried");
                            }
                            return call.args().get("n").asInt() + 1;
                        })).clock(clock).build().run().finalState());
                    } catch (RuntimeException e) {
                        first.set(e);
                    }
                });
                assertThat(driving.await(10, TimeUnit.SECONDS)).isTrue();
                AtomicInteger secondCalls = new AtomicInteger();
                SpeculativeRunner<Integer> second = SpeculativeRunner.builder(count(2)).actor(Actor.blocking(call -> {
                    secondCalls.incrementAndGet();
                    return call.args().get("n").asInt() + 1;
                })).clock(clock).build();

                try {
                    assertThatThrownBy(second::run).as("trial %d", trial).isInstanceOf(RunFailedException.class)
                            .hasMessageContaining("is running this clock's event loop")
                            .hasMessageContaining("need a clock each: use one RealClock per concurrent run");
                } finally {
                    refused.countDown();
                }
                other.join(10_000);
                assertThat(first.get()).as("trial %d: the run that drives the clock", trial).isEqualTo(2);
                assertThat(secondCalls.get()).as("trial %d: calls of the refused run", trial).isZero();
            }
        }
    }

    /**
     * The same on a {@link dev.specagent.core.clock.SimulatedClock}, which is single-threaded: a second thread's run
     * used to interleave with the first on the clock's queue, and one of them failed with a misleading "simulation
     * stalled at t=17.0 s: nothing is scheduled" (or both did). It is refused naming the driving thread, and nothing
     * of it runs.
     */
    @Test
    void aRunOnASimulatedClockThatAnotherThreadDrivesIsRefusedAndStartsNothing() throws Exception {
        dev.specagent.core.clock.SimulatedClock clock = new dev.specagent.core.clock.SimulatedClock(1);
        CountDownLatch driving = new CountDownLatch(1);
        CountDownLatch refused = new CountDownLatch(1);
        AtomicReference<Object> first = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        dev.specagent.core.actor.Actor counting = (call, context) -> {
            calls.incrementAndGet();
            int n = call.args().get("n").asInt();
            dev.specagent.core.clock.Clock.Timer timer = context.clock().schedule(1_000_000_000L, () -> context.succeed(
                    dev.specagent.core.call.CanonicalJson.valueOf(n + 1), dev.specagent.core.call.Usage.ZERO));
            return () -> {
                timer.cancel();
                return dev.specagent.core.call.Usage.ZERO;
            };
        };
        Thread other = Thread.ofPlatform().name("first-run").start(() -> {
            try {
                first.set(SpeculativeRunner.builder(count(2)).actor((call, context) -> {
                    driving.countDown();
                    try { // holds the loop (inside an event) until the second run has been tried
                        if (!refused.await(10, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the second run was never tried");
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return counting.start(call, context);
                }).clock(clock).build().run().finalState());
            } catch (RuntimeException e) {
                first.set(e);
            }
        });
        assertThat(driving.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> SpeculativeRunner.builder(count(2)).actor(counting).clock(clock).build().run())
                    .isInstanceOf(RunFailedException.class)
                    .hasMessageContaining("thread first-run is running this SimulatedClock's event loop")
                    .hasMessageContaining("need a clock each");
        } finally {
            refused.countDown();
        }
        other.join(10_000);
        assertThat(first.get()).isEqualTo(2);
        assertThat(calls).as("calls of both runs: the first's two, none of the refused run").hasValue(2);
    }
}
