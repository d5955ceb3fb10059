package dev.specagent.core.clock;

import java.util.concurrent.locks.LockSupport;

/** Interrupts a thread after a delay, from a virtual thread, unless stopped first. */
public final class Interrupter {

    private final Thread thread;
    private boolean stopped;
    private boolean fired;

    /** Interrupts {@code target} after {@code afterNanos}; never when {@code afterNanos} is negative. */
    public Interrupter(Thread target, long afterNanos) {
        this.thread = afterNanos < 0 ? null : Thread.ofVirtual().start(() -> {
            LockSupport.parkNanos(afterNanos);
            synchronized (this) {
                if (!stopped) {
                    fired = true;
                    target.interrupt();
                }
            }
        });
    }

    /** Stops it, clears the calling (target) thread's interrupt, and says whether it fired. */
    public boolean stop() {
        synchronized (this) {
            stopped = true;
        }
        Thread.interrupted();
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        synchronized (this) {
            return fired;
        }
    }
}
