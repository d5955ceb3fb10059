package dev.specagent.core.actor;

import dev.specagent.core.call.Usage;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The end of one asynchronous call as the runner and the planner see it: its first report ({@link Completion}'s
 * contract: the first report wins), decided atomically where the report is made, from any thread, and its cancel.
 * The report's usage and value are recorded in one step, so a cancel on the event loop never sees one without the
 * other: a call that reported at the instant it was cancelled is charged what it reported.
 *
 * @param <T> the type of the call's result
 */
public final class FirstReport<T> {

    /** A report: its usage (null when it gave none) and its value (null for a failure). */
    private record Report(Usage usage, Object value) {
    }

    private final AtomicReference<Report> report = new AtomicReference<>();

    /**
     * Records the report of {@code value} (null for a failure) and {@code usage}, unless a report came first.
     *
     * @return whether this is the first report (the caller delivers it); false: ignore it
     */
    public boolean claim(T value, Usage usage) {
        return report.compareAndSet(null, new Report(usage, value));
    }

    /** Whether the call has reported; the report may still be on its way to the event loop. */
    public boolean isReported() {
        return report.get() != null;
    }

    /** The value of the first report, or null (no report yet, or a failure). */
    @SuppressWarnings("unchecked")
    public T value() {
        Report r = report.get();
        return r == null ? null : (T) r.value();
    }

    /** The usage of the first report, or null (no report yet, or none given). */
    public Usage usage() {
        Report r = report.get();
        return r == null ? null : r.usage();
    }

    /**
     * Cancels the call through {@code handle} and returns what to charge for it: what it reported, when it reported
     * before the cancel returned (it finished at this very instant, so the cancel stopped nothing), else what the
     * cancel returned. A handle that breaks its contract (its cancel throws, an exception or an {@link Error}, or returns
     * null) is charged zero and
     * reported to {@code contractBroken} with a message naming {@code who}, so that the caller fails its run once
     * the current event is over instead of leaving the call unsettled.
     *
     * @param who            the call, for messages: e.g. {@code the target's call 'verify step 2' on task 't'}
     * @param contractBroken receives the message and the exception the cancel threw (null when it returned null)
     */
    public Usage cancel(CallHandle handle, String who, BiConsumer<String, Throwable> contractBroken) {
        Usage spent;
        try {
            spent = handle.cancel();
            if (spent == null) {
                contractBroken.accept("cancelling " + who + ": CallHandle.cancel returned a null usage (return "
                        + "Usage.ZERO when the call cost nothing)", null);
            }
        } catch (RuntimeException | Error e) { // an AssertionError too: the call is settled all the same
            spent = null;
            contractBroken.accept("cancelling " + who + " threw " + e + " (CallHandle.cancel must not throw)", e);
        }
        Usage reported = usage();
        return reported != null ? reported : spent != null ? spent : Usage.ZERO;
    }
}
