package dev.specagent.core.clock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedClockTest {

    @Test
    void runsEventsInTimeOrderAndAdvancesTime() {
        SimulatedClock clock = new SimulatedClock(1);
        List<String> order = new ArrayList<>();
        clock.schedule(30, () -> order.add("c@" + clock.nanoTime()));
        clock.schedule(10, () -> {
            order.add("a@" + clock.nanoTime());
            clock.schedule(5, () -> order.add("b@" + clock.nanoTime()));
        });
        clock.drain();
        assertThat(order).containsExactly("a@10", "b@15", "c@30");
    }

    @Test
    void simultaneousEventsFollowTheSeed() {
        assertThat(simultaneousOrder(7)).isEqualTo(simultaneousOrder(7));
        boolean anyDifferent = false;
        for (long seed = 0; seed < 20 && !anyDifferent; seed++) {
            anyDifferent = !simultaneousOrder(seed).equals(simultaneousOrder(seed + 100));
        }
        assertThat(anyDifferent).as("different seeds explore different interleavings").isTrue();
    }

    private static List<Integer> simultaneousOrder(long seed) {
        SimulatedClock clock = new SimulatedClock(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int id = i;
            clock.schedule(100, () -> order.add(id));
        }
        clock.drain();
        return order;
    }

    @Test
    void cancelledEventsNeverRun() {
        SimulatedClock clock = new SimulatedClock(1);
        List<String> ran = new ArrayList<>();
        Clock.Timer timer = clock.schedule(10, () -> ran.add("cancelled"));
        clock.schedule(20, () -> ran.add("kept"));
        assertThat(timer.cancel()).isTrue();
        assertThat(timer.cancel()).isFalse();
        assertThat(clock.pendingEvents()).isEqualTo(1);
        clock.drain();
        assertThat(ran).containsExactly("kept");
    }

    @Test
    void eventsRunCountsTheEventsThatRanNotTheCancelledOnes() {
        SimulatedClock clock = new SimulatedClock(1);
        clock.schedule(10, () -> clock.schedule(0, () -> { }));
        clock.schedule(20, () -> { }).cancel();
        clock.schedule(30, () -> { });
        assertThat(clock.eventsRun()).isZero();
        clock.drain();
        assertThat(clock.eventsRun()).isEqualTo(3);
    }

    /** A delay up to the end of the clock's range is allowed; one past it is refused, naming the delay. */
    @Test
    void aDelayUpToTheEndOfTheRangeIsAllowedAndOnePastItRefused() {
        SimulatedClock clock = new SimulatedClock(1);
        long[] ranAt = {-1};
        clock.schedule(1_000, () -> {
            clock.schedule(Long.MAX_VALUE - clock.nanoTime(), () -> ranAt[0] = clock.nanoTime());
            assertThatThrownBy(() -> clock.schedule(Long.MAX_VALUE - clock.nanoTime() + 1, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the simulated clock's range");
        });
        clock.drain();
        assertThat(ranAt[0]).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aStalledSimulationIsReported() {
        SimulatedClock clock = new SimulatedClock(1);
        assertThatThrownBy(() -> clock.runUntil(() -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stalled");
    }

    @Test
    void refusesBlockingWork() {
        assertThatThrownBy(() -> new SimulatedClock(1).blockingExecutor().execute(() -> { }))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void realClockRunsDelayedTasksOnTheLoop() {
        try (RealClock clock = new RealClock()) {
            List<Long> threads = new ArrayList<>();
            boolean[] done = {false};
            long start = clock.nanoTime();
            clock.schedule(Clock.nanos(0.02), () -> {
                threads.add(Thread.currentThread().threadId());
                done[0] = true;
            });
            clock.blockingExecutor().execute(() -> clock.execute(() -> threads.add(Thread.currentThread().threadId())));
            clock.runUntil(() -> done[0]);
            assertThat(clock.nanoTime() - start).isGreaterThanOrEqualTo(Clock.nanos(0.02));
            assertThat(threads).containsOnly(Thread.currentThread().threadId());
        }
    }

    /** One clock per concurrent run, as the Javadoc advises, leaves nothing behind: close stops the timer thread. */
    @Test
    void aRealClockPerRunLeavesNoThreadOnceClosed() throws Exception {
        Set<Thread> before = timerThreads(); // another test's unclosed clock is not this test's concern
        for (int i = 0; i < 200; i++) {
            try (RealClock clock = new RealClock()) {
                boolean[] done = {false};
                clock.schedule(1, () -> done[0] = true); // a delay starts the timer thread
                clock.runUntil(() -> done[0]);
            }
        }
        long deadline = System.nanoTime() + Clock.nanos(5);
        while (!before.containsAll(timerThreads()) && System.nanoTime() < deadline) {
            Thread.sleep(10); // shutdownNow interrupts the timer; it ends a moment later
        }
        assertThat(timerThreads()).isSubsetOf(before);
    }

    private static Set<Thread> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("specagent-timer"))
                .collect(Collectors.toSet());
    }

    @Test
    void aRealClockHasOneDriverAtATimeAndDoesNotRunOnceClosed() throws Exception {
        RealClock clock = new RealClock();
        CountDownLatch driving = new CountDownLatch(1);
        boolean[] stop = {false};
        Thread first = Thread.ofVirtual().start(() -> {
            clock.execute(driving::countDown);
            clock.runUntil(() -> stop[0]);
        });
        driving.await();
        assertThatThrownBy(() -> clock.runUntil(() -> true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("need a clock each");
        clock.execute(() -> stop[0] = true);
        first.join();
        clock.runUntil(() -> true); // the loop is free again
        clock.close();
        assertThatThrownBy(() -> clock.runUntil(() -> true)).hasMessageContaining("closed");
        clock.execute(() -> { }); // a late report after close is dropped, not thrown at its thread
    }

    /** A RealClock's timer keeps Timer.cancel's promise: true when it kept the task from running, false after. */
    @Test
    void aRealClockTimerCancelsOnceAndNotAfterItsTaskRan() {
        try (RealClock clock = new RealClock()) {
            assertThat(clock.isSimulated()).isFalse();
            List<String> ran = new ArrayList<>();
            Clock.Timer now = clock.schedule(0, () -> ran.add("now"));
            Clock.Timer later = clock.schedule(Clock.nanos(60), () -> ran.add("later"));
            assertThat(now.cancel()).isTrue();
            assertThat(now.cancel()).isFalse();
            assertThat(later.cancel()).isTrue();
            assertThat(later.cancel()).isFalse();
            boolean[] done = {false};
            Clock.Timer soon = clock.schedule(1, () -> done[0] = true);
            clock.runUntil(() -> done[0]);
            assertThat(soon.cancel()).as("it ran").isFalse();
            assertThat(ran).isEmpty();
        }
    }

    /**
     * A closed RealClock drops what it is asked to schedule without throwing, and its timers answer cancel() with
     * false (nothing left to prevent); a timer from before close still cancels once.
     */
    @Test
    void aClosedRealClockDropsNewTasksAndTheirTimersCancelAsSettled() {
        RealClock clock = new RealClock();
        List<String> ran = new ArrayList<>();
        Clock.Timer pending = clock.schedule(Clock.nanos(60), () -> ran.add("pending"));
        clock.close();
        Clock.Timer now = clock.schedule(0, () -> ran.add("now"));
        Clock.Timer later = clock.schedule(1, () -> ran.add("later"));
        assertThat(now.cancel()).isFalse();
        assertThat(later.cancel()).isFalse();
        assertThat(pending.cancel()).as("scheduled before close, never ran").isTrue();
        assertThat(pending.cancel()).isFalse();
        assertThat(ran).isEmpty();
    }

    /** A worker thread scheduling a delay while another closes the clock is dropped too, not thrown at. */
    @Test
    void aDelayScheduledWhileTheClockClosesIsDroppedWithoutAnException() throws Exception {
        for (int round = 0; round < 200; round++) {
            RealClock clock = new RealClock();
            CountDownLatch scheduling = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread worker = Thread.ofPlatform().start(() -> {
                try {
                    scheduling.countDown();
                    for (int i = 0; i < 100_000; i++) {
                        clock.schedule(Clock.nanos(60), () -> { });
                    }
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            scheduling.await();
            clock.close();
            worker.join();
            assertThat(thrown.get()).as("round " + round).isNull();
        }
    }

    /** The timer thread is a daemon, so a clock nobody closed does not keep the JVM from exiting. */
    @Test
    void aRealClocksTimerThreadIsADaemon() {
        try (RealClock clock = new RealClock()) {
            boolean[] done = {false};
            clock.schedule(1, () -> done[0] = true); // a delay starts the timer thread
            clock.runUntil(() -> done[0]);
            assertThat(timerThreads()).isNotEmpty().allMatch(Thread::isDaemon);
        }
    }

    /** An interrupted driver gets an exception and keeps its interrupt flag, so that its caller sees it too. */
    @Test
    void anInterruptedRealClockLoopKeepsTheInterruptFlag() {
        try (RealClock clock = new RealClock()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> clock.runUntil(() -> false)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("interrupted while running");
            assertThat(Thread.interrupted()).isTrue(); // and clears it for the next test
        }
    }
}
