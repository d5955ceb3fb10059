package dev.specagent.core.actor;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a plain blocking method as one cancellable call on the clock's
 * {@link Clock#blockingExecutor() blocking executor} (a virtual thread per call on a
 * {@link dev.specagent.core.clock.RealClock}; a simulated clock refuses blocking work with a
 * {@link dev.specagent.core.clock.BlockingWorkRefusedException}, which the runner reports as a broken contract). Exactly one of
 * {@code onValue} and {@code onFailure} runs, on the call's thread, unless the call was cancelled first.
 * Cancelling interrupts the thread, so a method that sleeps, waits on I/O or checks
 * {@link Thread#interrupted()} stops at once. This is what {@link Actor#blocking} and
 * {@link dev.specagent.core.planning.StepAgent#blocking} are made of; use it to write other agents the same way.
 */
public final class BlockingCall {

    private BlockingCall() {
    }

    /**
     * Starts {@code work}; returns its handle, whose cancel reports {@link dev.specagent.core.call.Usage#ZERO}.
     *
     * @throws dev.specagent.core.clock.BlockingWorkRefusedException on a simulated clock
     */
    public static <T> CallHandle start(Clock clock, Callable<T> work, Consumer<T> onValue,
                                       Consumer<Throwable> onFailure) {
        Objects.requireNonNull(work, "work");
        AtomicReference<Thread> running = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        clock.blockingExecutor().execute(() -> {
            running.set(Thread.currentThread());
            try {
                if (cancelled.get()) {
                    return;
                }
                T value = work.call();
                onValue.accept(value);
            } catch (Throwable e) { // an Error too (a stack overflow): unreported, the call would never end
                if (!cancelled.get()) {
                    onFailure.accept(e);
                }
            } finally {
                running.set(null);
            }
        });
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                Thread t = running.get();
                if (t != null) {
                    t.interrupt();
                }
            }
            return Usage.ZERO;
        };
    }
}
