package dev.specagent.core.planning;

import dev.specagent.core.actor.Failures;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.Speculation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One episode of a {@link SpeculativePlanner} plan: drafts 1..k and the target's steps on them, indexed from 1,
 * from the verified prefix the depth policy was asked about. It launches the target's step 1 and draft 1; past each
 * reported draft it launches what the policy allows; it resolves the target's steps in order,
 * accepting each draft the matcher agrees with, calling a failed target step on the committed path again up to
 * {@code maxAttempts} times, and cancelling every later call on the first mismatch or failed draft. When it ends it
 * cancels what still runs, settles every call in the ledger and reports its {@link EpisodeRecord} to its
 * {@link Listener}. Loop-confined.
 */
final class Episode {

    /** Per-index slots an episode starts with; a deeper one grows them as it launches calls. */
    private static final int INITIAL_SLOTS = 16;

    /** Hears how an episode ended; on the event loop, within the event that ended it. */
    @FunctionalInterface
    interface Listener {
        /**
         * The episode ended and settled its calls: the target's steps {@code record.committed()} are committed;
         * {@code failure}, when not null, fails the plan (the target's next step failed on its last attempt);
         * {@code acceptedUnequalDraft} says whether the matcher accepted a draft unequal to the target's step.
         */
        void finished(EpisodeRecord record, Throwable failure, boolean acceptedUnequalDraft);
    }

    private final PlannerSettings settings;
    private final DepthQuery query;
    private final PlanningTask task;
    /** The verified prefix the episode starts from. */
    private final List<String> base;
    private final int k;
    private final ContractBreach breach;
    private final Listener listener;
    /** Drafts by index, with a null slot past the highest launched: grown as calls are launched, not sized by k. */
    private EpisodeCall[] drafts;
    /** The target's steps by index, never shorter than {@link #drafts}. */
    private EpisodeCall[] checks;
    /** Index past which nothing may be launched (first known mismatch or failed draft). */
    private int frontier;
    /** The draft after which the policy stopped speculating, if it did. */
    private int gateStop = Integer.MAX_VALUE;
    /** How many drafts the episode makes: k, or k - 1 in lean mode when k >= 2. */
    private final int draftCount;
    /** Per draft i, the verified count when the policy was last asked about it (-1: never). */
    private int[] askedAt;
    /** Per draft i, how many later drafts had arrived when the policy was last asked about it. */
    private int[] askedAhead;
    /** How many of the target's steps are resolved, in order: checked against their drafts. */
    private int resolved;
    private boolean over;
    /** The plan's failure: the target's next step failed on its last attempt. */
    private Throwable failure;
    /**
     * Whether the matcher accepted a draft that is not the target's step: later target steps of this episode were
     * computed on the draft's text, so the plan may differ from the target-only plan whatever the matcher claims.
     */
    private boolean acceptedUnequalDraft;

    /**
     * An episode of depth {@code k} from the prefix {@code query} asked the policy about; {@link #start} launches it.
     * The agents' contract breaches go to {@code breach}; the episode's end, unless {@linkplain #abandon abandoned},
     * to {@code listener}.
     */
    Episode(PlannerSettings settings, DepthQuery query, int k, ContractBreach breach, Listener listener) {
        this.settings = settings;
        this.query = query;
        this.task = query.task();
        this.base = query.verified();
        this.k = k;
        this.breach = breach;
        this.listener = listener;
        // a policy may answer a depth without cap ("draft until the plan ends") on a planner without a step limit:
        // k + 2 slots would overflow or take gigabytes, so start small and grow as calls are launched
        int slots = Math.min(k, INITIAL_SLOTS);
        this.drafts = new EpisodeCall[slots + 2];
        this.checks = new EpisodeCall[Math.max(slots, 1) + 2];
        this.frontier = Math.max(k, 1);
        this.draftCount = settings.lean() && k >= 2 ? k - 1 : k;
        this.askedAt = new int[slots + 2];
        Arrays.fill(askedAt, -1);
        this.askedAhead = new int[slots + 2];
    }

    /** Makes room for a call at {@code index} and the empty slot past it, on every per-index array. */
    private void ensureSlots(int index) {
        if (index + 2 <= checks.length && (k == 0 || index + 2 <= drafts.length)) {
            return; // always so up to depth INITIAL_SLOTS
        }
        long wanted = Math.min(k + 2L, Math.max(index + 2L, 2L * checks.length));
        int length = (int) Math.min(Integer.MAX_VALUE - 8, wanted);
        drafts = Arrays.copyOf(drafts, length);
        checks = Arrays.copyOf(checks, length);
        int old = askedAt.length;
        askedAt = Arrays.copyOf(askedAt, length);
        Arrays.fill(askedAt, old, length, -1);
        askedAhead = Arrays.copyOf(askedAhead, length);
    }

    /** Launches the target's step 1 and, unless the episode drafts nothing, draft 1. */
    void start() {
        launch(Role.TARGET, 1);
        if (draftCount >= 1) {
            launch(Role.APPROXIMATION, 1);
        }
    }

    private List<String> prefix(int index) {
        List<String> prefix = new ArrayList<>(base);
        for (int i = 1; i < index; i++) {
            prefix.add(drafts[i].step());
        }
        return prefix;
    }

    /** Starts the first attempt of draft {@code index} or of the target's step {@code index}. */
    private void launch(Role role, int index) {
        launch(role, index, 1);
    }

    private void launch(Role role, int index, int attemptNo) {
        ensureSlots(index);
        EpisodeCall call = new EpisodeCall(role, index, attemptNo, task, prefix(index), settings.clock(),
                settings.ledger(), breach::record);
        (role == Role.TARGET ? checks : drafts)[index] = call;
        call.start(role == Role.TARGET ? settings.target() : settings.approximation(), settings.callTimeoutNanos(),
                this::afterReport);
    }

    /** Moves the episode on from the end (a report or a timeout) of {@code call}. */
    private void afterReport(EpisodeCall call) {
        if (over) {
            return;
        }
        // a failed draft has nothing above it to cancel (calls are launched only past a draft that reported a
        // step), and its check's end resolves it as a mismatch; a target's failure fails the plan only once its
        // check is the next to resolve; a draft the target already rejected is found before anything is
        // scheduled on top of it
        advance();
    }

    /**
     * Launches, in order, what the policy allows past each reported draft: draft i + 1 and the target's
     * step on top of draft i. Past a draft the target has already verified both are launched without
     * asking (a new episode would launch them); otherwise the policy is asked when the draft arrives
     * and again each time the verified count or the number of later drafts grows while it holds
     * something back.
     */
    private void schedule() {
        for (int i = 1; i < drafts.length; i++) {
            EpisodeCall draft = drafts[i];
            if (draft == null || !draft.succeeded()) {
                return;
            }
            // i < frontier <= k, and k never exceeds the steps left, so nothing is launched past the step limit
            if (i >= frontier || PlanSteps.isTerminate(draft.step())) {
                return;
            }
            boolean draftPending = i + 1 <= draftCount && drafts[i + 1] == null;
            boolean checkPending = checks[i + 1] == null;
            if (!draftPending && !checkPending) {
                continue;
            }
            Speculation next;
            if (i <= resolved) {
                next = Speculation.SPECULATE;
            } else {
                int ahead = draftsUpTo(drafts.length - 1).size() - i;
                if (askedAt[i] == resolved && askedAhead[i] == ahead) {
                    return;
                }
                askedAt[i] = resolved;
                askedAhead[i] = ahead;
                next = settings.policy().afterDraft(query, draftsUpTo(i), resolved, ahead);
                if (next == null) {
                    throw new IllegalStateException("depth policy '" + settings.policy().name() + "' answered "
                            + "afterDraft with null past draft " + i + " of task '" + task.id() + "' (answer a Speculation: "
                            + "SPECULATE, DRAFT_AHEAD, HOLD or STOP)");
                }
            }
            switch (next) {
                case STOP -> {
                    // what an earlier DRAFT_AHEAD launched past draft i can never be committed now
                    stopAfter(i);
                    gateStop = i;
                    return;
                }
                case HOLD -> {
                    return;
                }
                case DRAFT_AHEAD -> {
                    if (draftPending) {
                        launch(Role.APPROXIMATION, i + 1);
                    }
                }
                case SPECULATE -> {
                    if (draftPending) {
                        launch(Role.APPROXIMATION, i + 1);
                    }
                    if (checkPending) {
                        launch(Role.TARGET, i + 1);
                    }
                }
            }
        }
    }

    /** The reported drafts 1..i in order, stopping at the first that is missing. */
    private List<String> draftsUpTo(int i) {
        List<String> out = new ArrayList<>();
        for (int j = 1; j <= i && j < drafts.length; j++) {
            if (drafts[j] == null || !drafts[j].succeeded()) {
                break;
            }
            out.add(drafts[j].step());
        }
        return out;
    }

    /** Cancels every call with an index above {@code i}; nothing past it will be launched. */
    private void stopAfter(int i) {
        frontier = Math.min(frontier, i);
        for (int j = i + 1; j < checks.length; j++) {
            cancel(drafts.length > j ? drafts[j] : null);
            cancel(checks[j]);
        }
    }

    private static void cancel(EpisodeCall call) {
        if (call != null) {
            call.cancel();
        }
    }

    private boolean disagrees(int i) {
        EpisodeCall draft = drafts[i];
        EpisodeCall check = checks[i];
        if (check == null || !check.succeeded()) {
            return false;
        }
        return draft == null || !draft.succeeded() || !settings.matcher().agree(draft.step(), check.step());
    }

    private void advance() {
        // a policy may leave a verification unlaunched below a launched one: scan past such gaps
        for (int i = resolved + 1; i < drafts.length; i++) { // checks is never the shorter
            boolean draftKnown = drafts[i] != null && drafts[i].reported();
            if (checks[i] != null && checks[i].reported() && draftKnown && disagrees(i)) {
                stopAfter(i);
                break;
            }
        }
        while (true) {
            int j = resolved + 1;
            EpisodeCall check = checks[j];
            if (check == null || !check.reported()) {
                schedule();
                return;
            }
            if (check.error() != null) {
                if (check.attemptNo < settings.maxAttempts() && !breach.happened()) {
                    retry(check);
                    continue;
                }
                Throwable error = check.error();
                failure = check.attemptNo == 1 ? error : new IllegalStateException(check.who()
                        + " on task '" + task.id() + "' failed " + check.attemptNo + " times; the last time: "
                        + Failures.describe(error), error);
                end(EpisodeRecord.End.MISMATCH, resolved);
                return;
            }
            resolved = j;
            boolean planDone = PlanSteps.isTerminate(check.step()) || base.size() + j >= settings.maxSteps();
            if (k == 0) {
                end(planDone ? EpisodeRecord.End.PLAN_DONE : EpisodeRecord.End.ALL_ACCEPTED, 0);
                return;
            }
            boolean skippedDraft = j > draftCount;
            if (!skippedDraft && disagrees(j)) {
                end(planDone ? EpisodeRecord.End.PLAN_DONE : EpisodeRecord.End.MISMATCH, j - 1);
                return;
            }
            if (!skippedDraft && !drafts[j].step().equals(check.step())) {
                acceptedUnequalDraft = true;
            }
            // an accepted TERMINATE draft that the target's step only matched (a lossy matcher) ends the
            // episode too: nothing is drafted past a TERMINATE, and the plan goes on from the target's step
            boolean draftEnds = !skippedDraft && PlanSteps.isTerminate(drafts[j].step());
            if (planDone || j == k || j == gateStop || draftEnds) {
                end(planDone ? EpisodeRecord.End.PLAN_DONE : EpisodeRecord.End.ALL_ACCEPTED, skippedDraft ? j - 1 : j);
                return;
            }
        }
    }

    /** Settles the failed target call {@code check}, the next to commit, and calls the target again in its place. */
    private void retry(EpisodeCall check) {
        settle(check, false);
        checks[check.index] = null;
        launch(Role.TARGET, check.index, check.attemptNo + 1);
    }

    /**
     * Ends the episode: the target's steps 1..resolved are committed, of which the first
     * {@code accepted} confirmed drafts; everything in flight is cancelled and every call settled.
     */
    private void end(EpisodeRecord.End end, int accepted) {
        over = true;
        int committedTargets = failure != null ? accepted : resolved;
        List<String> committed = new ArrayList<>();
        for (int i = 1; i <= committedTargets; i++) {
            committed.add(checks[i].step());
        }
        stopAndSettle(committedTargets, accepted);
        int verified = 0;
        for (int i = 1; i <= committedTargets && i < drafts.length; i++) {
            if (drafts[i] != null && drafts[i].succeeded()) {
                verified++;
            }
        }
        listener.finished(new EpisodeRecord(task, base, k, accepted, verified, committed,
                draftsUpTo(drafts.length - 1), end, query.recentAcceptances()), failure, acceptedUnequalDraft);
    }

    /** Cancels and settles everything of an episode that will never end normally. */
    void abandon() {
        if (over) {
            return;
        }
        over = true;
        stopAndSettle(0, 0);
    }

    /** Cancels every call in flight and settles all: target steps 1..{@code targets} and drafts 1..{@code drafted} committed. */
    private void stopAndSettle(int targets, int drafted) {
        stopAfter(0);
        for (int i = 1; i < checks.length; i++) {
            settle(checks[i], i <= targets);
            if (i < drafts.length) {
                settle(drafts[i], i <= drafted);
            }
        }
    }

    private static void settle(EpisodeCall call, boolean committed) {
        if (call != null) {
            call.settle(committed);
        }
    }
}
