package dev.specagent.core.planning;

import dev.specagent.core.actor.Failures;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.EpisodeRecord;

import java.time.Duration;
import java.util.ArrayList;
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
 * clock (real or simulated) another thread is driving fails at once with a {@link PlanningFailedException} naming that
 * thread, having started no call.
 */
public final class SpeculativePlanner {

    /** The label of the ledger entry that records an episode's depth. */
    public static final String DEPTH_LABEL = "depth";

    private final PlannerSettings settings;

    private SpeculativePlanner(Builder b) {
        this.settings = new PlannerSettings(required(b.approximation, "approximation"), required(b.target, "target"),
                required(b.policy, "policy"), b.matcher, required(b.clock, "clock"),
                b.ledger != null ? b.ledger : new Ledger(), b.maxSteps, b.lean,
                b.callTimeoutNanos, b.maxAttempts);
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
        return settings.ledger();
    }

    /** The depth policy every {@link #plan} of this planner asks, as given to {@link Builder#policy}. */
    public DepthPolicy policy() {
        return settings.policy();
    }

    /**
     * Plans {@code task} to the end, driving the clock on the calling thread.
     *
     * @throws NullPointerException    when {@code task} is null, before anything starts
     * @throws PlanningFailedException when a target call on the committed path fails or times out (a failure on a
     *                                 draft the target rejects is only that call's waste), or when an agent breaks the
     *                                 {@link StepAgent} contract (a null handle, a cancel that throws or returns
     *                                 null): the message names the call; every call is cancelled and settled. An
     *                                 {@link Error} that an agent, the depth policy or the matcher throws on the
     *                                 plan's thread (an {@code AssertionError}, a {@code StackOverflowError}) fails
     *                                 the plan the same way, as its cause
     */
    public PlanResult plan(PlanningTask task) {
        Objects.requireNonNull(task, "task: plan() needs the task to plan");
        Run run = new Run(task);
        try {
            settings.clock().start(run::startEpisode, () -> run.done || run.breach.happened());
            if (run.breach.happened()) { // fail once the event that broke it has finished its bookkeeping
                run.abandon(run.breach.failure());
            }
        } catch (RuntimeException | Error e) {
            // interrupted, the clock refused, or an agent, the depth policy or the matcher threw on the plan's thread
            // (an Error too: an AssertionError, a StackOverflowError): stop everything this plan started
            run.abandon(e);
        }
        if (run.failure != null) {
            String why = run.failure instanceof Error ? run.failure.toString() : Failures.describe(run.failure);
            throw new PlanningFailedException("planning '" + task.id() + "' failed: " + why, run.plan, run.failure);
        }
        boolean lossless = settings.matcher().lossless() && !run.acceptedUnequalDraft;
        return new PlanResult(task, run.plan, run.episodes, lossless, run.startNanos, run.endNanos);
    }

    /** The planning of one task: its committed plan and the episode in progress. Loop-confined. */
    private final class Run {
        final PlanningTask task;
        final List<String> plan = new ArrayList<>();
        final List<EpisodeRecord> episodes = new ArrayList<>();
        final List<Integer> acceptances = new ArrayList<>();
        final long startNanos = settings.clock().nanoTime();
        long endNanos;
        boolean done;
        Throwable failure;
        /** Whether an episode's matcher accepted a draft unequal to the target's step: then the plan is lossy. */
        boolean acceptedUnequalDraft;
        /** Where this plan's agents' contract breaches go: the plan fails once the event of the first is over. */
        final ContractBreach breach = new ContractBreach();
        Episode current;

        Run(PlanningTask task) {
            this.task = task;
        }

        /** Ends the plan where it stands: the episode's calls are cancelled and settled, late reports ignored. */
        void abandon(Throwable cause) {
            if (current != null) {
                current.abandon();
            }
            failure = cause;
            endNanos = settings.clock().nanoTime();
            done = true;
        }

        void startEpisode() {
            int room = settings.maxSteps() - plan.size();
            DepthQuery query = new DepthQuery(task, plan, acceptances, room);
            int chosen = settings.policy().depth(query);
            if (chosen < 0) { // a policy bug: planning target-only instead would hide it in the figures (K)
                throw new IllegalStateException("depth policy '" + settings.policy().name() + "' chose depth " + chosen
                        + " for step " + plan.size() + " of task '" + task.id() + "' (a depth is at least 0; 0 is "
                        + "target-only planning)");
            }
            int k = Math.min(chosen, room);
            Clock clock = settings.clock();
            settings.ledger().open(Role.PREDICTOR, DEPTH_LABEL, clock.nanoTime(), k, -1).close(clock.nanoTime(),
                    Usage.ZERO, Fate.COMMITTED);
            current = new Episode(settings, query, k, breach, this::finishEpisode);
            current.start();
        }

        private void finishEpisode(EpisodeRecord record, Throwable episodeFailure, boolean unequalDraft) {
            if (episodeFailure != null) {
                failure = episodeFailure;
            }
            acceptedUnequalDraft |= unequalDraft;
            episodes.add(record);
            acceptances.add(record.accepted());
            plan.addAll(record.committed());
            settings.policy().episodeFinished(record);
            boolean over = plan.size() >= settings.maxSteps()
                    || (!plan.isEmpty() && PlanSteps.isTerminate(plan.getLast()));
            if (over || failure != null) {
                endNanos = settings.clock().nanoTime();
                done = true;
            } else {
                startEpisode();
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
        /** Null for a new ledger of each planner built. */
        private Ledger ledger;
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
         * {@link dev.specagent.core.planning.depth.DynamicDepth}; required. Whether one policy may serve several
         * planners (planning at the same time or not) its class says.
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
         * accumulates over its plans (see {@link SpeculativePlanner#ledger()}): each planner this builder builds gets
         * its own, so planners built from one builder share a ledger only when it is given here.
         *
         * @throws NullPointerException when {@code ledger} is null
         */
        public Builder ledger(Ledger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * How long, in <b>nanoseconds</b>, one agent call (a draft or a target step) may run before it is cancelled
         * and counts as failed; 0 (the default) for no limit, as is one past the clock's range such as
         * {@code Long.MAX_VALUE} ({@link Clock#withinRange}; {@link #callTimeout(Duration)} takes a duration). Named and measured as the runner's {@code RunLimits#callTimeoutNanos}, on the
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
