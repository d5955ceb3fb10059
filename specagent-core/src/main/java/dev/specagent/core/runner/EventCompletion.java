package dev.specagent.core.runner;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Failures;
import dev.specagent.core.actor.FirstReport;
import dev.specagent.core.call.Usage;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Delivers completions from any thread to the event loop; the first report wins. A report that breaks the
 * {@link Completion} contract (a null usage, or null guesses) fails the run with a message naming who sent
 * it, instead of corrupting the ledger.
 */
final class EventCompletion<T> implements Completion<T> {

    /** The run's event loop, as a completion reports to it. */
    interface EventLoop {
        /** Runs {@code event} on the event loop as soon as possible; an exception it throws fails the run. */
        void post(Runnable event);

        /** Fails the run (on the event loop). */
        void fail(String message, Throwable cause);
    }

    /** Who reports here, for messages: the actor's call or the speculator's proposal, with the call. */
    final Supplier<String> who;
    private final EventLoop loop;
    private final BiConsumer<T, Usage> onSuccess;
    private final BiConsumer<Throwable, Usage> onFailure;
    /** The first report (its value null for a failure or a report breaking the contract). */
    final FirstReport<T> first = new FirstReport<>();
    /** Whether the runner cancelled the call (on the event loop); a later report is ignored. */
    private boolean cancelled;

    EventCompletion(EventLoop loop, Supplier<String> who, BiConsumer<T, Usage> onSuccess,
                    BiConsumer<Throwable, Usage> onFailure) {
        this.loop = loop;
        this.who = who;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
    }

    @Override
    public void succeed(T value, Usage usage) {
        // an actor's null value arrives as JSON null (CallContext.of)
        boolean broken = usage == null || value == null;
        if (first.claim(broken ? null : value, usage)) {
            if (broken) {
                reportBroken(usage == null ? "reported success with a null usage (report Usage.ZERO for a call "
                        + "that cost nothing)" : "reported null guesses (report List.of() when it has no guess)");
                return;
            }
            loop.post(() -> onSuccess.accept(value, usage));
        }
    }

    @Override
    public void fail(Throwable error, Usage spent) {
        if (first.claim(null, spent)) {
            if (spent == null) {
                reportBroken("reported a failure (" + Failures.describe(error)
                        + ") with a null usage (report Usage.ZERO for a call that cost nothing)");
                return;
            }
            loop.post(() -> onFailure.accept(error, spent));
        }
    }

    /**
     * Cancels the call (on the event loop) and returns what it cost ({@link FirstReport#cancel}); a later report is
     * ignored. A handle that breaks its contract is reported to {@code contractBroken}.
     */
    Usage cancel(CallHandle handle, BiConsumer<String, Throwable> contractBroken) {
        cancelled = true;
        return first.cancel(handle, who.get(), contractBroken);
    }

    /**
     * Cancels the call because it timed out (on the event loop), unless it reports as the cancel stops it: then the
     * caller waits for that report, which reaches the event loop as if the call had not been cancelled (so a report
     * that breaks the contract still fails the run), and this returns null. Otherwise returns what the call cost, and
     * a later report is ignored.
     */
    Usage cancelUnlessReported(CallHandle handle, BiConsumer<String, Throwable> contractBroken) {
        Usage spent = cancel(handle, contractBroken);
        if (first.isReported()) {
            cancelled = false;
            return null;
        }
        return spent;
    }

    /**
     * Fails the run for a report that breaks the contract, unless the call was cancelled first (its report is
     * ignored then, like any report after a cancel); the call is settled as cancelled, at what its cancel returns.
     */
    private void reportBroken(String what) {
        String message = who.get() + " " + what;
        loop.post(() -> {
            if (!cancelled) {
                loop.fail(message, new NullPointerException(message));
            }
        });
    }
}
