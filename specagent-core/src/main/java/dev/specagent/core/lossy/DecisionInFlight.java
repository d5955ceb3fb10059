package dev.specagent.core.lossy;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Failures;
import dev.specagent.core.actor.FirstReport;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;

import java.util.function.LongSupplier;

/**
 * One decision of an agent of a {@link LossyRunner}, from its start to its settlement, and its ledger entry. Opening it
 * opens the entry (role {@code ACTOR} or {@code SPECULATOR}); {@link #settle} closes it with a fate and tells the
 * listener what the decision spent, so every decision is charged exactly once, however it ends: written, dropped,
 * failed ({@link #settle}) or cut off by the end of the run ({@link #cancel}).
 *
 * <p>The agent's report (its first one; later ones are dropped) reaches the run's {@link Landing} on the clock's event
 * loop, and only while the decision is still unsettled, so a report after the end of the run changes nothing. Like
 * the run, confined to that event loop, but for the agent's report, which may come from any thread.
 */
final class DecisionInFlight {

    /** Where a decision's report lands, on the event loop; the decision is still unsettled then. */
    interface Landing {

        /** The agent decided {@code decision}, having spent {@code usage}. */
        void landed(DecisionInFlight flight, Decision decision, Usage usage);

        /** The agent could not decide, having spent {@code spent}. */
        void failed(DecisionInFlight flight, Throwable error, Usage spent);
    }

    /** Who decides: {@link WriteSource#ACTOR} or {@link WriteSource#SPECULATOR}. */
    final WriteSource source;
    /** The actor's writes when this started: counted, not timed, so an actor write at the same instant makes it stale. */
    final int actorWritesBefore;
    private final Ledger.Attempt attempt;
    private final LongSupplier now;
    private final LossyListener listener;
    /** The agent's first report, taken where it is made (any thread), so a cancel at that instant charges it. */
    private final FirstReport<Decision> first = new FirstReport<>();
    private CallHandle handle;

    /** Opens the decision's ledger entry at {@code now}, the run's time. */
    DecisionInFlight(WriteSource source, int actorWritesBefore, Ledger ledger, LongSupplier now, LossyListener listener) {
        this.source = source;
        this.actorWritesBefore = actorWritesBefore;
        this.attempt = source == WriteSource.ACTOR ? ledger.open(Role.ACTOR, "actor", now.getAsLong(), 0, -1)
                : ledger.open(Role.SPECULATOR, "speculator", now.getAsLong(), 0, -1);
        this.now = now;
        this.listener = listener;
    }

    /**
     * Has {@code agent} decide on {@code context}; its report goes to {@code landing} on the event loop of {@code clock}.
     * A decide that throws an exception has failed the decision, at no cost, as a reported failure would; an
     * {@link Error} is thrown on (it fails the run).
     */
    <C> void start(ControlAgent<C> agent, C context, Clock clock, Landing landing) {
        Completion<Decision> done = completion(clock, landing);
        try {
            handle = agent.decide(context, clock, done);
        } catch (RuntimeException e) {
            done.fail(e, Usage.ZERO);
        }
    }

    /** Closes the ledger entry now with {@code fate}, and tells the listener what the decision spent. */
    void settle(Usage usage, Fate fate) {
        attempt.close(now.getAsLong(), usage, fate);
        listener.onSpent(source, usage);
    }

    /**
     * Cancels the agent's work, when the decision has not settled yet, and settles it {@code CANCELLED}, charged what
     * the agent reported when it reported before the cancel returned (its report still on its way to the event loop:
     * the cancel stopped nothing), else what the cancel returned ({@link FirstReport#cancel}). A cancel that breaks the
     * {@link CallHandle} contract (throws, or returns no usage) settles it all the same, then throws.
     *
     * @throws IllegalStateException naming the decision, when its cancel threw or returned a null usage
     */
    void cancel() {
        if (attempt.isSettled()) {
            return;
        }
        IllegalStateException[] broken = {null};
        Usage spent = first.cancel(handle != null ? handle : CallHandle.NONE, who(),
                (message, cause) -> broken[0] = new IllegalStateException(message, cause));
        settle(spent, Fate.CANCELLED);
        if (broken[0] != null) {
            throw broken[0];
        }
    }

    /**
     * Marshals the agent's report to the event loop; the first report wins, reports after settlement are dropped. A
     * report that breaks the {@link Completion} contract (a null usage or decision) fails the run on the event loop
     * with a message naming the decision; the run's end then settles it at what its cancel returns.
     */
    private Completion<Decision> completion(Clock clock, Landing landing) {
        return new Completion<>() {
            @Override
            public void succeed(Decision value, Usage usage) {
                boolean broken = value == null || usage == null;
                if (first.claim(broken ? null : value, usage)) {
                    clock.execute(() -> {
                        if (attempt.isSettled()) {
                            return;
                        }
                        if (value == null) {
                            throw brokenReport("a null decision (report a failure when the agent cannot decide)");
                        }
                        if (usage == null) {
                            throw brokenReport("success with a null usage (report Usage.ZERO when it cost nothing)");
                        }
                        landing.landed(DecisionInFlight.this, value, usage);
                    });
                }
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                if (first.claim(null, spent)) {
                    clock.execute(() -> {
                        if (attempt.isSettled()) {
                            return;
                        }
                        if (spent == null) {
                            throw brokenReport("a failure (" + Failures.describe(error) + ") with a null usage (report "
                                    + "Usage.ZERO when it cost nothing)");
                        }
                        landing.failed(DecisionInFlight.this, error, spent);
                    });
                }
            }
        };
    }

    private IllegalStateException brokenReport(String what) {
        return new IllegalStateException(who() + " reported " + what);
    }

    /** The decision, for messages: "the actor's decision" or "the speculator's decision". */
    private String who() {
        return "the " + (source == WriteSource.ACTOR ? "actor" : "speculator") + "'s decision";
    }
}
