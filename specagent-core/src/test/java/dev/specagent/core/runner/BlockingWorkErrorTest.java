package dev.specagent.core.runner;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.BlockingCall;
import dev.specagent.core.clock.RealClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A blocking method that ends with an {@link Error} other than a linkage or assertion error (a stack overflow from deep
 * recursion, say) reported nothing: its virtual thread died, the call never ended, and a run without a call timeout
 * waited for it for ever. It fails the call like an exception does.
 */
class BlockingWorkErrorTest {

    @Test
    void aBlockingCallEndingInAnErrorReportsItAsAFailure() throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RealClock clock = new RealClock()) {
            BlockingCall.start(clock, () -> {
                throw new StackOverflowError("deep recursion");
            }, value -> ended.countDown(), error -> {
                failure.set(error);
                ended.countDown();
            });
            assertThat(ended.await(5, TimeUnit.SECONDS)).as("the call reported its end").isTrue();
        }
        assertThat(failure.get()).isInstanceOf(StackOverflowError.class).hasMessage("deep recursion");
    }

    @Test
    @Timeout(10)
    void aRunWhoseBlockingActorOverflowsItsStackFailsInsteadOfWaitingForEver() {
        try (RealClock clock = new RealClock()) {
            SpeculativeRunner<Integer> runner = SpeculativeRunner.builder(ContractViolationTest.COUNT)
                    .actor(Actor.blocking(call -> {
                        throw new StackOverflowError("deep recursion");
                    })).clock(clock).limits(RunLimits.DEFAULT.withMaxAttempts(1)).build();
            assertThatThrownBy(runner::run).isInstanceOf(RunFailedException.class)
                    .hasMessageContaining("failed 1 time(s)").hasMessageContaining("deep recursion")
                    .hasCauseInstanceOf(StackOverflowError.class);
        }
    }
}
