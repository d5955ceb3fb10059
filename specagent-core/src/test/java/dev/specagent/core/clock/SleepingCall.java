package dev.specagent.core.clock;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.call.Usage;

import java.util.function.DoubleFunction;

/**
 * A call that really takes its time: it sleeps on a virtual thread of the clock's blocking executor (a hung
 * call sleeps until it is cancelled), honours interrupts, then finishes. It charges once, to its
 * {@link CallTally}: all of it when it finishes, or its elapsed share when a cancel stops it. Finishing (the
 * charge and {@code finish}, which reports) is atomic with respect to {@link #cancel()}, so a cancel that
 * comes too late finds the report made; it then returns the full usage or, if {@code lateCancelReturnsNothing},
 * nothing (both are allowed by {@link CallHandle#cancel()}).
 */
public final class SleepingCall implements CallHandle {

    /** The longest a hung call sleeps, so that a leaked call cannot hang the build. */
    private static final long HANG_CAP_MILLIS = 10_000;

    private final CallTally tally;
    private final long nanos;
    private final boolean hangs;
    private final Usage full;
    private final DoubleFunction<Usage> cancelledAfter;
    private final boolean lateCancelReturnsNothing;
    private final Runnable finish;
    private final long startNanos = System.nanoTime();
    private Thread thread;
    private boolean finished;
    private boolean cancelled;

    private SleepingCall(CallTally tally, long nanos, boolean hangs, Usage full, DoubleFunction<Usage> cancelledAfter,
                         boolean lateCancelReturnsNothing, Runnable finish) {
        this.tally = tally;
        this.nanos = Math.max(1, nanos);
        this.hangs = hangs;
        this.full = full;
        this.cancelledAfter = cancelledAfter;
        this.lateCancelReturnsNothing = lateCancelReturnsNothing;
        this.finish = finish;
    }

    /**
     * Starts a call of {@code nanos} (the nominal length of a hung one) on {@code clock}'s blocking executor.
     *
     * @param full           what it charges when it finishes
     * @param cancelledAfter what it charges when stopped after a share (0 to 1) of {@code nanos}
     * @param finish         reports the call's end (runs once, under the call's lock)
     */
    public static SleepingCall start(Clock clock, CallTally tally, long nanos, boolean hangs, Usage full,
                                     DoubleFunction<Usage> cancelledAfter, boolean lateCancelReturnsNothing,
                                     Runnable finish) {
        SleepingCall call = new SleepingCall(tally, nanos, hangs, full, cancelledAfter, lateCancelReturnsNothing, finish);
        tally.onStart();
        try {
            clock.blockingExecutor().execute(call::run);
        } catch (RuntimeException e) {
            tally.onReturn();
            throw e;
        }
        return call;
    }

    private void run() {
        try {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                thread = Thread.currentThread();
            }
            if (hangs) {
                Thread.sleep(HANG_CAP_MILLIS);
            } else {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                finished = true;
                tally.charge(full);
                finish.run();
            }
        } catch (InterruptedException e) {
            // cancelled: the cancel charged what ran
        } finally {
            tally.onReturn();
        }
    }

    @Override
    public synchronized Usage cancel() {
        if (cancelled) {
            return Usage.ZERO;
        }
        cancelled = true;
        if (finished) {
            tally.onLate();
            return lateCancelReturnsNothing ? Usage.ZERO : full;
        }
        tally.onStopped();
        Usage spent = cancelledAfter.apply(Math.min(1, (double) (System.nanoTime() - startNanos) / nanos));
        tally.charge(spent);
        if (thread != null) {
            thread.interrupt();
        }
        return spent;
    }
}
