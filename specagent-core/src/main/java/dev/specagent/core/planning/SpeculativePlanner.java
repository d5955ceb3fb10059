package dev.specagent.core.planning;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.Speculation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Dynamic Speculative Planning (Guan et al., ICLR 2026). Planning proceeds in episodes. An episode of
 * depth k starts from the verified prefix P: the approximation drafts steps a1..ak one after another,
 * and the target computes step i on P + a1..a(i-1) as soon as a(i-1) exists, so all target calls of the
 * episode run in parallel. Drafts are checked in order with the {@link StepMatcher}; on the first
 * mismatch every later call of the episode is cancelled (the cancel reaches the agents), the target's
 * step is committed and the next episode starts from the corrected prefix. A committed TERMINATE ends
 * the plan. Depth 0 is target-only planning: one target call per step.
 *
 * <p>Past each reported draft the policy may also schedule instead of launching at once
 * ({@link DepthPolicy#afterDraft}): draft ahead but hold the target's step on top of the draft, or hold
 * both, until more drafts are verified or arrive; past a verified draft both are launched. Holding only
 * delays target calls, so it never changes what is committed.
 *
 * <p>With an exact matcher and a deterministic target, the committed plan equals the plan the target
 * alone produces: every committed step is the target's answer on a prefix of committed steps.
 *
 * <p>Every call is recorded in the {@link Ledger}: approximation calls as {@link Role#APPROXIMATION}
 * (committed when accepted), target calls as {@link Role#TARGET} (committed when their step is), and
 * one zero-length {@link Role#PREDICTOR} entry labelled {@link #DEPTH_LABEL} per episode whose depth field is the
 * k chosen.
 *
 * <p>With a {@linkplain Builder#callTimeoutNanos call timeout}, a call still running when it expires is cancelled
 * (the cancel reaches the agent) and counts as failed: a timed-out draft is never accepted (the target's step at
 * its position is committed instead), and a timed-out target call fails the plan once its step is the next to
 * commit, as a failed one does (one on a draft the target rejects is only waste).
 * With {@linkplain Builder#maxAttempts maxAttempts} n > 1 (1, no retry, by default), a target call that failed or
 * timed out is called again, on the same prefix, once its step is the next to commit, and the plan fails only after
 * n attempts of it, as the runner retries its committed calls ({@code RunLimits#maxAttempts}); failed drafts are not
 * retried (the target's step takes their place, as a failed branch is dropped by the runner).
 * All state is confined to the clock's event loop; agents may report from any thread.
 * A planner plans one task at a time; {@link #plan} runs the clock until the plan is done, so a clock drives one plan
 * at a time: plans at the same time on different threads need a planner each, built on a clock each (a server makes
 * a {@link dev.specagent.core.clock.RealClock} per request, which is cheap, and closes it after). A plan whose
 * {@code RealClock} another thread is driving fails at once with a {@link PlanningFailedException} naming that
 * thread, having started no call.
 */
public final class SpeculativePlanner {

    /** The label of the ledger entry that records an episode's depth. */
    public static final String DEPTH_LABEL = "depth";

    private final StepAgent approximation;
    private final StepAgent target;
    private final DepthPolicy policy;
    private final StepMatcher matcher;
    private final Clock clock;
    private final Ledger ledger;
    private final int maxSteps;
    private final boolean lean;
    private final long callTimeoutNanos;
    private final int maxAttempts;

    private SpeculativePlanner(Builder b) {
        this.approximation = required(b.approximation, "approximation");
        this.target = required(b.target, "target");
        this.policy = required(b.policy, "policy");
        this.clock = required(b.clock, "clock");
        this.matcher = b.matcher;
        this.ledger = b.ledger;
        this.maxSteps = b.maxSteps;
        this.lean = b.lean;
        this.callTimeoutNanos = b.callTimeoutNanos;
        this.maxAttempts = b.maxAttempts;
    }

    private static <T> T required(T part, String name) {
        if (part == null) {
            throw new NullPointerException(name + " not set: SpeculativePlanner.builder() needs an approximation, a "
                    + "target, a policy and a clock before build()");
        }
        return part;
    }

    /**
     * A builder with nothing set: give it the {@linkplain Builder#approximation approximation}, the
     * {@linkplain Builder#target target}, a depth {@linkplain Builder#policy policy} and a {@linkplain Builder#clock
     * clock}; the rest has defaults.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The ledger every {@link #plan} of this planner writes to: it accumulates over tasks, so figures of one
     * task come from its entries between the plan's start and end ({@link PlanResult}'s times), or from a
     * planner with its own ledger ({@link Builder#ledger}).
     */
    public Ledger ledger() {
        return ledger;
    }

    public DepthPolicy policy() {
        return policy;
    }

    /**
     * Plans {@code task} to the end, driving the clock on the calling thread.
     *
     * @throws PlanningFailedException when a target call on the committed path fails or times out (a failure on a
     *                                 draft the target rejects is only that call's waste), or when an agent breaks the
     *                                 {@link StepAgent} contract (a null handle, a cancel that throws or returns
     *                                 null): the message names the call; every call is cancelled and settled
     */
    public PlanResult plan(PlanningTask task) {
        Run run = new Run(task);
        try {
            clock.start(run::startEpisode, () -> run.done || run.brokenContract != null);
            if (run.brokenContract != null) { // fail once the event that broke it has finished its bookkeeping
                run.abandon(run.brokenContract);
            }
        } catch (RuntimeException e) { // interrupted, or the clock refused: stop everything this plan started
            run.abandon(e);
        }
        if (run.failure != null) {
            throw new PlanningFailedException("planning '" + task.id() + "' failed: " + run.failure.getMessage(),
                    run.plan, run.failure);
        }
        return new PlanResult(task, run.plan, run.episodes, matcher.lossless() && !run.acceptedUnequalDraft,
                run.startNanos, run.endNanos);
    }

    /** The planning of one task: its committed plan and the episode in progress. Loop-confined. */
    private final class Run {
        final PlanningTask task;
        final List<String> plan = new ArrayList<>();
        final List<EpisodeRecord> episodes = new ArrayList<>();
        final List<Integer> acceptances = new ArrayList<>();
        final long startNanos = clock.nanoTime();
        long endNanos;
        boolean done;
        Throwable failure;
        /**
         * Whether the matcher accepted a draft that is not the target's step: later target steps of its episode were
         * computed on the draft's text, so the plan may differ from the target-only plan whatever the matcher claims.
         */
        boolean acceptedUnequalDraft;
        /** An agent broke its contract (set on the event loop): the plan fails once the current event is over. */
        IllegalStateException brokenContract;
        Episode current;

        Run(PlanningTask task) {
            this.task = task;
        }

        /** Ends the plan where it stands: the episode's calls are cancelled and settled, late reports ignored. */
        void abandon(RuntimeException cause) {
            if (current != null) {
                current.abandon();
            }
            failure = cause;
            endNanos = clock.nanoTime();
            done = true;
        }

        /** Records that an agent broke its contract; the first such message is the plan's failure. */
        void contractBroken(String message, Throwable cause) {
            if (brokenContract == null) {
                brokenContract = new IllegalStateException(message, cause);
            }
        }

        void startEpisode() {
            int room = maxSteps - plan.size();
            DepthQuery query = new DepthQuery(task, plan, acceptances, room);
            int chosen = policy.depth(query);
            if (chosen < 0) { // a policy bug: planning target-only instead would hide it in the figures (K)
                throw new IllegalStateException("depth policy '" + policy.name() + "' chose depth " + chosen + " for step "
                        + plan.size() + " of task '" + task.id() + "' (a depth is at least 0; 0 is target-only planning)");
            }
            int k = Math.min(chosen, room);
            ledger.open(Role.PREDICTOR, DEPTH_LABEL, clock.nanoTime(), k, -1).close(clock.nanoTime(), Usage.ZERO,
                    Fate.COMMITTED);
            current = new Episode(this, k, query);
            current.start();
        }

        void finishEpisode(EpisodeRecord record) {
            episodes.add(record);
            acceptances.add(record.accepted());
            plan.addAll(record.committed());
            policy.episodeFinished(record);
            boolean over = plan.size() >= maxSteps || (!plan.isEmpty() && PlanSteps.isTerminate(plan.getLast()));
            if (over || failure != null) {
                endNanos = clock.nanoTime();
                done = true;
            } else {
                startEpisode();
            }
        }
    }

    /** One episode: drafts 1..k and their verifications, indexed from 1. Loop-confined. */
    private final class Episode {
        final Run run;
        final List<String> base;
        final int k;
        final DepthQuery query;
        final EpisodeCall[] drafts;
        final EpisodeCall[] checks;
        /** Index past which nothing may be launched (first known mismatch or failed draft). */
        int frontier;
        /** The draft after which the policy stopped speculating, if it did. */
        int gateStop = Integer.MAX_VALUE;
        /** How many drafts the episode makes: k, or k - 1 in lean mode when k >= 2. */
        final int draftCount;
        /** Per draft i, the verified count when the policy was last asked about it (-1: never). */
        final int[] askedAt;
        /** Per draft i, how many later drafts had arrived when the policy was last asked about it. */
        final int[] askedAhead;
        int resolved;
        boolean over;

        Episode(Run run, int k, DepthQuery query) {
            this.run = run;
            this.query = query;
            this.base = List.copyOf(run.plan);
            this.k = k;
            this.drafts = new EpisodeCall[k + 2];
            this.checks = new EpisodeCall[Math.max(k, 1) + 2];
            this.frontier = Math.max(k, 1);
            this.draftCount = lean && k >= 2 ? k - 1 : k;
            this.askedAt = new int[k + 2];
            Arrays.fill(askedAt, -1);
            this.askedAhead = new int[k + 2];
        }

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
            EpisodeCall call = new EpisodeCall(role, index, attemptNo, run.task, prefix(index), clock, ledger,
                    run::contractBroken);
            (role == Role.TARGET ? checks : drafts)[index] = call;
            call.start(role == Role.TARGET ? target : approximation, callTimeoutNanos, this::afterReport);
        }

        /** Moves the episode on from the end (a report or a timeout) of {@code call}. */
        private void afterReport(EpisodeCall call) {
            if (over) {
                return;
            }
            if (call.role == Role.APPROXIMATION && call.error() != null) {
                stopAfter(call.index);
            }
            // a target's failure fails the plan only once its check is the next to resolve; a draft the target
            // already rejected is found before anything is scheduled on top of it
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
                if (i >= frontier || PlanSteps.isTerminate(draft.step()) || base.size() + i >= maxSteps) {
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
                    next = policy.afterDraft(query, draftsUpTo(i), resolved, ahead);
                    if (next == null) {
                        throw new IllegalStateException("depth policy '" + policy.name() + "' answered afterDraft with "
                                + "null past draft " + i + " of task '" + run.task.id() + "' (answer a Speculation: "
                                + "SPECULATE, DRAFT_AHEAD, HOLD or STOP)");
                    }
                }
                switch (next) {
                    case STOP -> {
                        frontier = Math.min(frontier, i);
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
            return draft == null || !draft.succeeded() || !matcher.agree(draft.step(), check.step());
        }

        private void advance() {
            // a policy may leave a verification unlaunched below a launched one: scan past such gaps
            for (int i = resolved + 1; i < checks.length && i < drafts.length; i++) {
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
                    if (check.attemptNo < maxAttempts && run.brokenContract == null) {
                        retry(check);
                        continue;
                    }
                    Throwable error = check.error();
                    run.failure = check.attemptNo == 1 ? error : new IllegalStateException(check.who()
                            + " on task '" + run.task.id() + "' failed " + check.attemptNo + " times; the last time: "
                            + (error.getMessage() != null ? error.getMessage() : error.toString()), error);
                    end(EpisodeRecord.End.MISMATCH, resolved);
                    return;
                }
                resolved = j;
                boolean planDone = PlanSteps.isTerminate(check.step()) || base.size() + j >= maxSteps;
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
                    run.acceptedUnequalDraft = true;
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
            int committedTargets = run.failure != null ? accepted : resolved;
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
            run.finishEpisode(new EpisodeRecord(run.task, base, k, accepted, verified, committed,
                    draftsUpTo(drafts.length - 1), end));
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

    /** Builds a planner; approximation, target, policy and clock are required. */
    public static final class Builder {
        private StepAgent approximation;
        private StepAgent target;
        private DepthPolicy policy;
        private StepMatcher matcher = StepMatcher.EXACT;
        private Clock clock;
        private Ledger ledger = new Ledger();
        private int maxSteps = 20;
        private boolean lean;
        private long callTimeoutNanos;
        private int maxAttempts = 1;

        /**
         * Lean mode (ours, off by default as in the paper): an episode of depth k >= 2 drafts only k - 1
         * steps, since the target's step k is committed whatever the k-th draft says; same plan, same timing,
         * one approximation call less in each episode whose drafting reaches draft k (one rejected or cut earlier
         * never launched it).
         */
        public Builder lean(boolean value) {
            this.lean = value;
            return this;
        }

        /**
         * Agent A, the fast, cheap drafter: it proposes the steps ahead of the verified prefix, each on the drafts
         * before it. Its drafts are only accepted where the {@linkplain #matcher matcher} finds them equal to the
         * target's step; required.
         */
        public Builder approximation(StepAgent approximation) {
            this.approximation = approximation;
            return this;
        }

        /**
         * Agent T, the slow, authoritative planner whose steps are committed; it must be deterministic (the same task
         * and prefix give the same step) for the plan to equal its plan alone; required.
         */
        public Builder target(StepAgent target) {
            this.target = target;
            return this;
        }

        /**
         * How deep each episode drafts, and when its calls launch: e.g. {@link dev.specagent.core.planning.depth.FixedDepth}
         * (depth 0 is target-only planning, the baseline) or the online-trained
         * {@link dev.specagent.core.planning.depth.DynamicDepth}; required.
         */
        public Builder policy(DepthPolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Whether a draft agrees with the target's step; default {@link StepMatcher#EXACT}, the only one that keeps
         * the plan lossless.
         *
         * @throws NullPointerException when {@code matcher} is null
         */
        public Builder matcher(StepMatcher matcher) {
            this.matcher = Objects.requireNonNull(matcher, "matcher");
            return this;
        }

        /**
         * The clock plans are driven on: a {@link dev.specagent.core.clock.RealClock} for live agents or a
         * {@link dev.specagent.core.clock.SimulatedClock} for replays and tests; required. Plans in sequence may share
         * one; plans at the same time on different threads need a planner and a clock each.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Where every call of every plan is recorded; default a new {@link Ledger} of this planner's own, which
         * accumulates over its plans (see {@link SpeculativePlanner#ledger()}).
         *
         * @throws NullPointerException when {@code ledger} is null
         */
        public Builder ledger(Ledger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * How long, in <b>nanoseconds</b>, one agent call (a draft or a target step) may run before it is cancelled
         * and counts as failed; 0 (the default) for no limit ({@link #callTimeout(Duration)} takes a duration). Named and measured as the runner's {@code RunLimits#callTimeoutNanos}, on the
         * planner's clock: a timed-out draft is never accepted (the target's step is committed in its place), a
         * timed-out target call on the committed path fails the plan ({@link PlanningFailedException} naming it,
         * with the steps committed before it) once {@link #maxAttempts} attempts of it have failed (1 by default).
         *
         * @throws IllegalArgumentException when {@code nanos} is negative, or positive and below
         *                                  {@link Clock#MIN_CALL_TIMEOUT_NANOS} (1 ms: milliseconds or seconds given
         *                                  here by mistake)
         */
        public Builder callTimeoutNanos(long nanos) {
            this.callTimeoutNanos = Clock.checkCallTimeoutNanos("callTimeoutNanos", nanos);
            return this;
        }

        /**
         * The {@linkplain #callTimeoutNanos call timeout} as a {@link Duration}, which cannot be given milliseconds
         * by mistake; {@link Duration#ZERO} means none.
         *
         * @throws IllegalArgumentException when {@code timeout} is negative, positive and below 1 ms, or too long to
         *                                  count in nanoseconds (292 years)
         * @throws NullPointerException     when {@code timeout} is null
         */
        public Builder callTimeout(Duration timeout) {
            return callTimeoutNanos(Clock.callTimeoutNanos(timeout));
        }

        /**
         * Attempts of one target call on the committed path before the plan fails: 1 (the default) for no retry. A
         * target call that failed or timed out is called again on the same prefix once its step is the next to
         * commit; each attempt is its own ledger entry (a failed one settled {@code WASTED}, a timed-out one
         * {@code CANCELLED}). Named as the runner's {@code RunLimits#maxAttempts}, which defaults to 3; the
         * planner's default stays 1 because its LLM agents' client retries each request underneath already, and a
         * retried timeout multiplies the time a hung target holds the plan. Drafts are never retried.
         *
         * @throws IllegalArgumentException when {@code n} is below 1
         */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /** The most steps a plan may have (TERMINATE included); plans are cut there. Default 20. */
        public Builder maxSteps(int maxSteps) {
            if (maxSteps < 1) {
                throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
            }
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * The planner.
         *
         * @throws NullPointerException when the approximation, the target, the policy or the clock is not set; the
         *                              message names the missing part ("target not set: ...")
         */
        public SpeculativePlanner build() {
            return new SpeculativePlanner(this);
        }
    }
}
