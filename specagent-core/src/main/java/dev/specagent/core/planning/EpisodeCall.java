package dev.specagent.core.planning;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.FirstReport;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.BlockingWorkRefusedException;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;

import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One agent call of an {@link Episode}, a draft ({@link Role#APPROXIMATION}) or a verification
 * ({@link Role#TARGET}), from launch to settlement: its ledger attempt (opened when the call is created), its first
 * report (which wins; a timeout ends the call unless a report came first), its timeout, its cancel and the charge
 * for it, and its fate.
 *
 * <p>It holds the agent to the {@link StepAgent} contract: a null handle, a blocking agent on a clock that refuses
 * blocking work, a cancel that throws or returns null and a report with a null usage are reported to the
 * {@code contractBroken} sink (the plan fails once the current event is over); a {@code propose} that throws and a
 * null step are failures of this call. The episode hears of the call's end (a report or a timeout) through
 * {@code ended}, never of a report that comes after a cancel or a timeout.
 *
 * <p>Loop-confined, except the agent's report, which may come from any thread and reaches the event loop as an event.
 */
final class EpisodeCall {

    /** Whether this is a draft or a verification. */
    final Role role;
    /** The call's position in its episode, from 1: draft i, or the target's step i on drafts 1..i-1. */
    final int index;
    /** Which attempt of its call this is, from 1. */
    final int attemptNo;

    private final String label;
    private final PlanningTask task;
    private final List<String> prefix;
    private final Clock clock;
    private final Ledger.Attempt attempt;
    private final BiConsumer<String, Throwable> contractBroken;
    /** The first report, made on the agent's thread; after a timeout's cancel, any report is ignored. */
    private final FirstReport<String> report = new FirstReport<>();
    private CallHandle handle = CallHandle.NONE;
    /** The call's timeout, while it runs; null without one. */
    private Clock.Timer timeout;
    private long timeoutNanos;
    private Consumer<EpisodeCall> ended;
    private boolean reported;
    private boolean cancelled;
    private String step;
    private Throwable error;

    /**
     * A call of {@code role} at {@code index} of its episode, on {@code prefix} (the committed plan and the drafts
     * before it), recorded from now in {@code ledger}; it starts with {@link #start}.
     */
    EpisodeCall(Role role, int index, int attemptNo, PlanningTask task, List<String> prefix, Clock clock, Ledger ledger,
                BiConsumer<String, Throwable> contractBroken) {
        this.role = role;
        this.index = index;
        this.attemptNo = attemptNo;
        this.task = task;
        this.prefix = prefix;
        this.clock = clock;
        this.contractBroken = contractBroken;
        // counted from 1, as every printed step count is: the call for the plan's first step is "verify step 1"
        this.label = (role == Role.TARGET ? "verify step " : "draft step ") + (prefix.size() + 1);
        this.attempt = ledger.open(role, label, clock.nanoTime(), index - 1, -1);
    }

    /**
     * Asks {@code agent} for the step after the prefix, with a timeout of {@code timeoutNanos} (0: none);
     * {@code ended} hears of its report or its timeout on the event loop.
     */
    void start(StepAgent agent, long timeoutNanos, Consumer<EpisodeCall> ended) {
        this.timeoutNanos = timeoutNanos;
        this.ended = ended;
        // the first report wins (Completion's contract), decided where it is made: two reports reach the
        // event loop as two events, which a simulated clock may run in either order
        Completion<String> done = new Completion<>() {
            @Override
            public void succeed(String value, Usage usage) {
                if (report.claim(value, usage)) {
                    clock.execute(() -> onReport(value, null, usage));
                }
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                if (report.claim(null, spent)) {
                    clock.execute(() -> onReport(null, error, spent));
                }
            }
        };
        if (timeoutNanos > 0 && clock.withinRange(timeoutNanos)) { // one past the clock's range never expires
            timeout = clock.schedule(timeoutNanos, this::onTimeout);
        }
        try {
            CallHandle started = agent.propose(task, prefix, clock, done);
            if (started == null) {
                contractBroken.accept(whoOnTask() + ": StepAgent.propose returned a null "
                        + "CallHandle (return CallHandle.NONE for work that cannot be stopped)", null);
            } else {
                handle = started;
            }
        } catch (BlockingWorkRefusedException e) {
            contractBroken.accept(whoOnTask() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            done.fail(e, Usage.ZERO); // a call that cannot start failed, like one that reports a failure
        }
    }

    /** The call, for messages: e.g. {@code the target's call 'verify step 2'}. */
    String who() {
        return "the " + (role == Role.TARGET ? "target" : "approximation") + "'s call '" + label + "'";
    }

    private String whoOnTask() {
        return who() + " on task '" + task.id() + "'";
    }

    /** Whether the call still runs: it has neither ended nor been cancelled. */
    boolean inFlight() {
        return !reported && !cancelled;
    }

    /** Whether the call has ended: it reported a step or a failure, or timed out. */
    boolean reported() {
        return reported;
    }

    /** Whether the call has ended with a step (not a failure, not a timeout). */
    boolean succeeded() {
        return reported && error == null;
    }

    /** The step reported; null until then, or when the call failed. */
    String step() {
        return step;
    }

    /** Why the call failed (a {@link TimeoutException} when it timed out); null unless it ended so. */
    Throwable error() {
        return error;
    }

    /**
     * The call's timeout expired: unless its report is already on its way to the event loop (then that is
     * handled), it is cancelled and ends as a failure, so that no report of it can be accepted after this. One it
     * makes as the cancel stops it (it finished at this instant) is charged, not accepted.
     */
    private void onTimeout() {
        if (!inFlight() || report.isReported()) {
            return;
        }
        cancel(); // charges what the call reported, if it reported before its cancel returned (FirstReport.cancel)
        reported = true;
        error = new TimeoutException(whoOnTask() + " timed out after " + Clock.seconds(timeoutNanos) + " s");
        ended.accept(this);
    }

    private void onReport(String step, Throwable error, Usage usage) {
        if (!inFlight()) {
            return;
        }
        stopTimeout();
        reported = true;
        attempt.finish(clock.nanoTime(), usage == null ? Usage.ZERO : usage);
        if (usage == null) { // Completion's contract: the usage is required; the plan fails after this event
            this.error = new IllegalStateException("null usage");
            contractBroken.accept(whoOnTask() + " reported "
                    + (error == null ? "success" : "a failure (" + error + ")")
                    + " with a null usage (report Usage.ZERO for a call that cost nothing)", error);
            return;
        }
        this.step = step;
        this.error = error == null && step == null
                ? new IllegalStateException(whoOnTask() + " reported a null step")
                : error;
        ended.accept(this);
    }

    /**
     * Cancels the call if it is in flight (the cancel reaches the agent) and finishes its ledger attempt with what
     * it is charged; a broken cancel settles the call as it stands and fails the plan after this event.
     */
    void cancel() {
        if (!inFlight()) {
            return;
        }
        cancelled = true;
        stopTimeout();
        Usage spent = report.cancel(handle, whoOnTask(), contractBroken);
        attempt.finish(clock.nanoTime(), spent);
    }

    /** Settles the ledger attempt: {@code CANCELLED} if it was cancelled, else committed or wasted. */
    void settle(boolean committed) {
        Fate fate = cancelled ? Fate.CANCELLED : committed ? Fate.COMMITTED : Fate.WASTED;
        attempt.settle(fate);
    }

    private void stopTimeout() {
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
    }
}
