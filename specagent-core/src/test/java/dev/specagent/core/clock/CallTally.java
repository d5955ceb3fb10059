package dev.specagent.core.clock;

import dev.specagent.core.call.Usage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What the {@link SleepingCall}s of one run did: calls started and returned, cancels that stopped a call
 * and cancels that came after it finished, and everything charged. Thread-safe.
 */
public final class CallTally {

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger returned = new AtomicInteger();
    private final AtomicInteger cancelsStopped = new AtomicInteger();
    private final AtomicInteger cancelsLate = new AtomicInteger();
    private Usage charged = Usage.ZERO;

    /** Calls whose thread was started. */
    public int started() {
        return started.get();
    }

    /** Calls whose thread has returned. */
    public int returned() {
        return returned.get();
    }

    /** Cancels that stopped a running call. */
    public int cancelsStopped() {
        return cancelsStopped.get();
    }

    /** Cancels of a call that had already finished and reported. */
    public int cancelsLate() {
        return cancelsLate.get();
    }

    /** Everything charged so far. */
    public synchronized Usage charged() {
        return charged;
    }

    /** Waits up to {@code millis} for every started call to return; whether they all did. */
    public boolean awaitQuiet(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (returned.get() != started.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    synchronized void charge(Usage usage) {
        charged = charged.plus(usage);
    }

    void onStart() {
        started.incrementAndGet();
    }

    void onReturn() {
        returned.incrementAndGet();
    }

    void onStopped() {
        cancelsStopped.incrementAndGet();
    }

    void onLate() {
        cancelsLate.incrementAndGet();
    }
}
