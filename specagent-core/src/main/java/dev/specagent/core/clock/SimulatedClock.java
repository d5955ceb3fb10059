package dev.specagent.core.clock;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * A deterministic discrete-event scheduler. Time only moves when the loop takes the next event;
 * events due at the same instant run in an order drawn from the seed, so one seed gives one schedule
 * and many seeds explore the interleavings of simultaneous events. Single-threaded: every method
 * must be called from the loop's thread (the one calling {@link #runUntil}) or before it starts. A second thread
 * calling {@link #runUntil} while one drives the loop (two runs at once on one clock) gets an
 * {@link IllegalStateException} naming that thread, so the runner, the planner and the lossy loop refuse such a run
 * with nothing of it started; runs at the same time need a clock each.
 */
public final class SimulatedClock implements Clock {

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final SplittableRandom tieBreak;
    private long now;
    private long sequence;
    private long eventsRun;
    private final LoopDriver driver = new LoopDriver("this SimulatedClock's event loop; a simulated clock is "
            + "single-threaded, so runs at the same time on different threads need a clock each");

    public SimulatedClock(long seed) {
        this.tieBreak = new SplittableRandom(seed);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delay: " + delayNanos);
        }
        if (delayNanos > Long.MAX_VALUE - now) {
            throw new IllegalArgumentException("a delay of " + Clock.seconds(delayNanos) + " s at t = "
                    + Clock.seconds(now) + " s is past the simulated clock's range (292 years)");
        }
        Event event = new Event(now + delayNanos, tieBreak.nextLong(), sequence++, task);
        queue.add(event);
        return event;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when nothing is scheduled and {@code done} is still false, or when another thread
     *                               is driving this clock's loop (the message names it)
     */
    @Override
    public void runUntil(BooleanSupplier done) {
        boolean outermost = driver.take();
        try {
            while (!done.getAsBoolean()) {
                Event next = queue.poll();
                if (next == null) {
                    throw new IllegalStateException("simulation stalled at t=" + Clock.seconds(now)
                            + " s: nothing is scheduled and the run is not done");
                }
                if (next.cancelled) {
                    continue;
                }
                now = next.time;
                next.ran = true;
                eventsRun++;
                next.task.run();
            }
        } finally {
            driver.release(outermost);
        }
    }

    /** Runs every event that is scheduled, and every event they schedule, until none is left. */
    public void drain() {
        runUntil(() -> queue.stream().allMatch(e -> e.cancelled));
        queue.clear();
    }

    /** How many events have run so far. */
    public long eventsRun() {
        return eventsRun;
    }

    /** How many events are scheduled and not cancelled. */
    public int pendingEvents() {
        return (int) queue.stream().filter(e -> !e.cancelled).count();
    }

    @Override
    public Executor blockingExecutor() {
        return task -> {
            throw new BlockingWorkRefusedException("blocking work (Actor.blocking, StepAgent.blocking, BlockingCall) cannot "
                    + "run on a SimulatedClock: it would run on real threads in real time while simulated time stands still; "
                    + "use a RealClock, or schedule the completion with Clock.schedule");
        };
    }

    @Override
    public boolean isSimulated() {
        return true;
    }

    private static final class Event implements Comparable<Event>, Timer {
        final long time;
        final long tie;
        final long seq;
        final Runnable task;
        boolean cancelled;
        boolean ran;

        Event(long time, long tie, long seq, Runnable task) {
            this.time = time;
            this.tie = tie;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public boolean cancel() {
            if (cancelled || ran) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            if (c != 0) {
                return c;
            }
            c = Long.compare(tie, o.tie);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
