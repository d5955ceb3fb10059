package dev.specagent.core.clock;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Wall-clock time. Tasks are queued to an event loop that the thread calling {@link #runUntil}
 * drains; delays are kept by one daemon timer thread; blocking actor work runs on virtual threads.
 * Close it to stop the timer and the virtual-thread executor.
 *
 * <p>A clock drives one run at a time: it has one event loop, driven by the thread whose run calls
 * {@link #runUntil}. Runs that share a clock must run one after another (as in a sequential run followed by a
 * speculative one); <b>use one clock per concurrent run</b>, e.g. a server creates one per request in a
 * try-with-resources block. That is cheap: making and closing an unused clock takes about a microsecond, since
 * its timer thread starts only when a run first schedules a delay, and {@link #close()} stops it (an unclosed
 * clock keeps that thread). A second thread calling {@link #runUntil} while another drives the loop gets an
 * {@link IllegalStateException} naming that thread, and the runner, the planner and the lossy loop, which
 * start their runs through {@link Clock#start}, fail with nothing of the refused run started. So does
 * {@link #runUntil} after {@link #close()} (tasks scheduled after it are dropped: they are late reports of
 * work nobody waits for). A run whose clock is closed under it, from another thread or from one of its own events,
 * stops at once with an {@link IllegalStateException} instead of waiting for ever for reports that are dropped:
 * the runner, the planner and the lossy loop then fail, their calls cancelled.
 */
public final class RealClock implements Clock, AutoCloseable {

    /** Queued by {@link #close()} to wake a driver waiting for a task; never run. */
    private static final Runnable WAKE = () -> { };

    private final BlockingQueue<Runnable> loop = new LinkedBlockingQueue<>();
    private final ScheduledThreadPoolExecutor timer = timer();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final LoopDriver driver = new LoopDriver("this clock's event loop; runs at the same time on different "
            + "threads need a clock each: use one RealClock per concurrent run (e.g. one per request, closed when its "
            + "run ends)");
    private volatile boolean closed;

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "specagent-timer");
            t.setDaemon(true);
            return t;
        });
        // every call of a run schedules its timeout (often minutes) and cancels it when the call ends: drop it at once,
        // not when it would have been due, so that a clock shared by many runs holds only the timers still armed
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** How many delayed tasks wait for their time (cancelled ones are dropped at once). */
    int pendingTimers() {
        return timer.getQueue().size();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Once the clock is {@linkplain #close() closed} nothing runs any more: a task scheduled then is dropped (it is
     * a late report from a worker thread that nobody waits for) without an exception, and the returned timer's
     * {@link Timer#cancel()} answers false, as for a task whose fate is already settled. A task scheduled before
     * {@code close()} that had not run never runs either; its timer's first {@code cancel()} answers true as usual.
     */
    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        if (closed) {
            return () -> false; // a late report from a worker thread: nobody drives the loop any more
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        Runnable guarded = () -> {
            if (cancelled.compareAndSet(false, true)) {
                task.run();
            }
        };
        if (delayNanos <= 0) {
            loop.add(guarded);
            return () -> cancelled.compareAndSet(false, true);
        }
        ScheduledFuture<?> future;
        try {
            future = timer.schedule(() -> loop.add(guarded), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedMeanwhile) { // close() ran since the check above
            return () -> false;
        }
        return () -> {
            future.cancel(false);
            return cancelled.compareAndSet(false, true);
        };
    }

    @Override
    public void runUntil(BooleanSupplier done) {
        if (closed) {
            throw new IllegalStateException("the clock is closed");
        }
        boolean outermost = driver.take();
        try {
            while (!done.getAsBoolean()) {
                Runnable task = loop.take();
                if (closed) { // nothing runs once closed, and what the run waits for would be dropped
                    throw new IllegalStateException("the clock was closed while a run drove its event loop");
                }
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running", e);
        } finally {
            driver.release(outermost);
        }
    }

    @Override
    public ExecutorService blockingExecutor() {
        return workers;
    }

    @Override
    public boolean isSimulated() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
        loop.add(WAKE);
    }
}
