package dev.specagent.core.clock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Time and the event loop a run lives on. All runner state is confined to the thread that calls
 * {@link #runUntil}; work from other threads reaches it through {@link #execute}. The same runner code
 * runs on {@link RealClock real time} (virtual threads) and on a {@link SimulatedClock simulated},
 * deterministic discrete-event scheduler.
 */
public interface Clock {

    /**
     * The longest single latency, in seconds, that a recorded run or a command-line option may ask a clock to
     * schedule: a million seconds (11.6 days). The readers of recorded runs and the command's option checks
     * reject a longer one as bad input; it is a sanity bound, far below what {@link #nanos} can hold.
     */
    double MAX_CALL_SECONDS = 1e6;

    /**
     * The shortest call timeout the runner and the planner accept, in nanoseconds: one millisecond. No agent call
     * finishes sooner on a real clock, and simulated runs count in seconds, so a smaller non-zero value is almost
     * always milliseconds or seconds given where nanoseconds were asked for (5000 meaning 5 s is 5 µs).
     */
    long MIN_CALL_TIMEOUT_NANOS = 1_000_000;

    /**
     * Checks a call timeout in nanoseconds: 0 (none) or at least {@link #MIN_CALL_TIMEOUT_NANOS}.
     *
     * @param name  the setting's name, for the message
     * @param nanos the timeout in nanoseconds
     * @return {@code nanos}
     * @throws IllegalArgumentException when {@code nanos} is negative, or positive and below the floor; the message
     *                                  names the unit and the Duration alternative
     */
    static long checkCallTimeoutNanos(String name, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + nanos);
        }
        if (nanos > 0 && nanos < MIN_CALL_TIMEOUT_NANOS) {
            throw new IllegalArgumentException(name + " is in nanoseconds: " + nanos + " ns is " + nanos / 1000.0
                    + " µs, below the 1 ms floor (0 means no timeout); give a java.time.Duration instead, e.g. "
                    + "Duration.ofMillis(" + nanos + ") or Duration.ofSeconds(" + nanos + ")");
        }
        return nanos;
    }

    /**
     * A call timeout given as a {@link Duration}, in the nanoseconds the runner and the planner count in; errors name
     * the setting {@code callTimeout}.
     *
     * @throws IllegalArgumentException when {@code timeout} is negative, positive and below 1 ms, or too long to count
     *                                  in nanoseconds (292 years)
     * @throws NullPointerException     when {@code timeout} is null
     */
    static long callTimeoutNanos(Duration timeout) {
        return callTimeoutNanos("callTimeout", timeout);
    }

    /**
     * {@code duration} in the nanoseconds every clock counts in.
     *
     * @throws IllegalArgumentException naming the setting {@code name} when it is too long to count so (292 years)
     */
    static long nanos(String name, Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " " + duration + " is too long: at most 292 years", e);
        }
    }

    /**
     * As {@link #callTimeoutNanos(Duration)}, with errors naming the setting {@code name} (the option of the caller
     * that takes the duration, such as a planning setup's own).
     */
    static long callTimeoutNanos(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + timeout);
        }
        long nanos = nanos(name, timeout);
        if (nanos > 0 && nanos < MIN_CALL_TIMEOUT_NANOS) {
            throw new IllegalArgumentException(name + " " + timeout + " is below the 1 ms floor (Duration.ZERO means "
                    + "no timeout)");
        }
        return nanos;
    }

    /** The current time in nanoseconds from an arbitrary origin. */
    long nanoTime();

    /** Runs {@code task} on the event loop after {@code delayNanos}; the returned timer can cancel it. */
    Timer schedule(long delayNanos, Runnable task);

    /**
     * Whether a task {@code delayNanos} from now falls within the range of this clock's time ({@code Long.MAX_VALUE}
     * nanoseconds), so that it could ever run: a {@link SimulatedClock} refuses to schedule one past it. The runner and
     * the planner schedule no call timeout past it, so a timeout of {@code Long.MAX_VALUE} ns, meant as none, is none.
     */
    default boolean withinRange(long delayNanos) {
        long now = nanoTime();
        return now <= 0 || delayNanos <= Long.MAX_VALUE - now;
    }

    /** Runs {@code task} on the event loop as soon as possible. Thread-safe on a real clock; a simulated one is single-threaded. */
    default void execute(Runnable task) {
        schedule(0, task);
    }

    /**
     * Drives the event loop on the calling thread until {@code done} is true (checked on the loop's thread
     * before the first event and after every event). A simulated clock throws
     * {@link IllegalStateException} when nothing is scheduled and {@code done} is still false, since nothing
     * could ever change it. To start a run, use {@link #start}.
     */
    void runUntil(BooleanSupplier done);

    /**
     * Queues {@code firstEvent} once the calling thread drives the event loop, then drives it until {@code done}
     * is true, as {@link #runUntil} does. The runner, the planner and the lossy loop start their runs this way:
     * when the clock refuses this thread (a clock another thread drives, or a closed {@link RealClock}), it throws
     * before {@code firstEvent} was queued, so nothing of the run starts, nor runs on the other thread's loop. When
     * the loop stops before {@code firstEvent} ran (the thread was interrupted as the run started), it never runs,
     * not even on the loop of a later run on this clock.
     */
    default void start(Runnable firstEvent, BooleanSupplier done) {
        boolean[] queued = {false};
        AtomicBoolean abandoned = new AtomicBoolean();
        try {
            runUntil(() -> {
                if (!queued[0]) { // the first check runs on the loop's thread once this thread holds the loop
                    queued[0] = true;
                    execute(() -> {
                        if (!abandoned.get()) {
                            firstEvent.run();
                        }
                    });
                }
                return done.getAsBoolean();
            });
        } finally {
            abandoned.set(true); // a first event still queued belongs to a run that is over
        }
    }

    /**
     * Where actors may run blocking work (virtual threads); a simulated clock refuses blocking work with a
     * {@link BlockingWorkRefusedException}.
     */
    Executor blockingExecutor();

    /** Whether time is simulated. */
    boolean isSimulated();

    /** A scheduled task that has not run yet. */
    interface Timer {
        /** Prevents the task from running; returns false when it already ran or was cancelled. */
        boolean cancel();
    }

    /** Seconds to nanoseconds, rounded. */
    static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** Nanoseconds to seconds. */
    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
