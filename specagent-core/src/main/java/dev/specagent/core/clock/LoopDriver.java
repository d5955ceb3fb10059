package dev.specagent.core.clock;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The thread driving a clock's event loop, so that one thread drives it at a time: the outermost
 * {@code runUntil} of a thread takes the loop and gives it back when it ends, a nested one on the driving thread (a
 * drain) takes nothing, and another thread is refused with an {@link IllegalStateException} naming the driver.
 * Thread-safe.
 */
final class LoopDriver {

    private final AtomicReference<Thread> driver = new AtomicReference<>();
    private final String refusal;

    /** {@code refusal}: what a refused thread is told after "thread NAME is running ". */
    LoopDriver(String refusal) {
        this.refusal = refusal;
    }

    /**
     * Takes the loop for the calling thread; true when this was the outermost take, which {@link #release} gives back.
     *
     * @throws IllegalStateException naming the thread that drives the loop, when it is another
     */
    boolean take() {
        Thread me = Thread.currentThread();
        while (true) { // the driver read once, so that one that ends meanwhile frees the loop rather than break the check
            if (driver.compareAndSet(null, me)) {
                return true;
            }
            Thread other = driver.get();
            if (other == me) {
                return false;
            }
            if (other != null) {
                throw new IllegalStateException("thread " + other.getName() + " is running " + refusal);
            }
        }
    }

    /** Gives the loop back after the take that answered {@code outermost}; a nested take gives nothing back. */
    void release(boolean outermost) {
        if (outermost) {
            driver.set(null);
        }
    }
}
