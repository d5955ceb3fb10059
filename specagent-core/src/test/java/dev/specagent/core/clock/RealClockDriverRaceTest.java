package dev.specagent.core.clock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads that take turns driving one {@link RealClock}: a thread refused while another drove the loop read the driver
 * twice, and when that one ended in between, the second read was null, so the refusal was a NullPointerException
 * ("Cannot invoke Thread.getName()") for a loop that was free (in about half of the test's rounds). Now a refusal
 * is always the IllegalStateException that names the driving thread, and a loop freed meanwhile is taken.
 */
class RealClockDriverRaceTest {

    @Test
    void aThreadRefusedTheLoopIsToldWhoDrivesItNeverAFailureOfTheCheck() throws InterruptedException {
        AtomicLong driven = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<Throwable> broken = new AtomicReference<>();
        long end = System.nanoTime() + 3_000_000_000L; // rounds for 3 s: the old check failed in about half the rounds
        try (RealClock clock = new RealClock()) {
            while (System.nanoTime() < end && broken.get() == null) {
                contend(clock, driven, refused, broken);
            }
        }
        assertThat(broken.get()).as("a refusal that failed (driven %d, refused %d)", driven.get(), refused.get())
                .isNull();
        assertThat(refused.get()).as("contended at all").isPositive();
    }

    /** Four threads that start together and each drive {@code clock} for an instant, 100,000 times. */
    private static void contend(RealClock clock, AtomicLong driven, AtomicLong refused,
                                AtomicReference<Throwable> broken) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                ready.countDown();
                try {
                    ready.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < 100_000 && broken.get() == null; i++) {
                    try {
                        clock.runUntil(() -> true);
                        driven.incrementAndGet();
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().contains("is running this clock's event loop")) {
                            broken.compareAndSet(null, e);
                        }
                        refused.incrementAndGet();
                    } catch (RuntimeException e) {
                        broken.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
