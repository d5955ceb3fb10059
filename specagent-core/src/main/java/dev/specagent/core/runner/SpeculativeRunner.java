package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Failures;
import dev.specagent.core.actor.FirstReport;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.BlockingWorkRefusedException;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.BranchCandidate;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.CallNode.Key;
import dev.specagent.core.runner.CallNode.Status;
import dev.specagent.core.sandbox.Fork;
import dev.specagent.core.sandbox.Sandbox;
import dev.specagent.core.sandbox.View;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Runs an agent against an actor, with a speculator guessing ahead under a {@link SpeculationPolicy},
 * on any {@link Clock}. The committed trajectory is always the actor's own: a call is committed only
 * with the value the actor returned for exactly that call on exactly the committed environment state,
 * so the result equals the sequential run's whenever the actor is deterministic.
 *
 * <p>Rules it keeps:
 * <ul>
 *   <li>Calls are cached by (call, environment version): an actual call equal to an in-flight or
 *       finished speculative one joins it instead of being issued again, and two branches reaching
 *       the same call share one attempt.</li>
 *   <li>As soon as a value is known (the committed call's, or a speculative call's), every branch that
 *       cannot be reached any more is cancelled, and the cancel reaches the actor.</li>
 *   <li>At most {@link RunLimits#maxInFlight()} attempts are in flight (speculation that does not fit is left out,
 *       deepest first, and counted in {@link RunResult#cappedLaunches()}); speculative spend, counting
 *       in-flight calls at their estimated maximum, never exceeds {@link RunLimits#maxSpeculativeCostUsd()}
 *       (speculation that does not fit is left out and counted in {@link RunResult#overBudgetLaunches()}).</li>
 *   <li>Only {@code READ_ONLY} and {@code IDEMPOTENT} calls, and {@code REVERSIBLE} calls inside a
 *       sandbox fork, run speculatively; an {@code IRREVERSIBLE} call is only issued on the committed path.</li>
 *   <li>Without a sandbox nothing versions the world, so nothing starts below a committed {@code REVERSIBLE}
 *       or {@code IRREVERSIBLE} call while it runs; with one, a committed write moves the version, and
 *       branches keyed on the old version are never adopted.</li>
 * </ul>
 *
 * <p>A runner is immutable and may run many times; each {@link #run()} has its own ledger. The run
 * happens on the calling thread, which drives the clock's event loop, so a clock drives one run at a time: use one
 * clock per concurrent run (a server makes a {@link dev.specagent.core.clock.RealClock} per request, which is cheap,
 * and closes it after). A run whose clock (real or simulated) another thread is driving fails at once with a
 * {@link RunFailedException} naming that thread, having started nothing.
 *
 * @param <S> the agent's state type
 */
public final class SpeculativeRunner<S> {

    private final Agent<S> agent;
    private final Actor actor;
    private final Speculator<S> speculator;
    private final SpeculationPolicy policy;
    private final Clock clock;
    private final SideEffects sideEffects;
    private final Sandbox sandbox;
    private final RunLimits limits;

    private SpeculativeRunner(Builder<S> b) {
        this.agent = required(b.agent, "agent");
        this.actor = required(b.actor, "actor");
        this.speculator = b.speculator != null ? b.speculator : Speculator.none();
        this.policy = b.policy != null ? b.policy : new SequentialPolicy();
        this.clock = required(b.clock, "clock");
        if (b.sideEffects == null && !(this.policy instanceof SequentialPolicy)) {
            throw new IllegalStateException("sideEffects not set: a speculative runner must know how each call touches "
                    + "the world before it runs any call ahead (SideEffects.allReadOnly() for a pure model or engine, "
                    + "SideEffects.byTool(...) for tools that write)");
        }
        this.sideEffects = b.sideEffects != null ? b.sideEffects : SideEffects.allReadOnly();
        this.sandbox = b.sandbox;
        this.limits = b.limits != null ? b.limits : RunLimits.DEFAULT;
    }

    private static <T> T required(T part, String name) {
        if (part == null) {
            throw new NullPointerException(name + " not set: SpeculativeRunner.builder() needs an agent, an actor and a "
                    + "clock before build()");
        }
        return part;
    }

    /**
     * A builder whose state type is given explicitly: {@code SpeculativeRunner.<MyState>builder()}.
     * {@link #builder(Agent)} infers it from the agent instead.
     */
    public static <S> Builder<S> builder() {
        return new Builder<>();
    }

    /** A builder for {@code agent}, with the state type inferred from it. */
    public static <S> Builder<S> builder(Agent<S> agent) {
        return new Builder<S>().agent(agent);
    }

    /** The policy this runner speculates under. */
    public SpeculationPolicy policy() {
        return policy;
    }

    /**
     * Runs the agent to its end.
     *
     * @throws RunFailedException when a committed call fails {@link RunLimits#maxAttempts()} times, the agent
     *                            throws, an actor or speculator breaks its contract, the clock refuses or the
     *                            run is interrupted; it carries the committed prefix and the ledger, with
     *                            everything the run started cancelled and settled. An {@link Error} that the agent,
     *                            an actor or a speculator throws on the run's thread (an {@code AssertionError}, a
     *                            {@code StackOverflowError}) fails the run the same way, as its cause
     */
    public RunResult<S> run() {
        return new Run().execute();
    }

    /** Builds a runner; agent, actor and clock are required. */
    public static final class Builder<S> {
        private Agent<S> agent;
        private Actor actor;
        private Speculator<S> speculator;
        private SpeculationPolicy policy;
        private Clock clock;
        private SideEffects sideEffects;
        private Sandbox sandbox;
        private RunLimits limits;

        /** The agent to run (π and f); required. */
        public Builder<S> agent(Agent<S> agent) {
            this.agent = agent;
            return this;
        }

        /** The authority whose values are committed; required. */
        public Builder<S> actor(Actor actor) {
            this.actor = actor;
            return this;
        }

        /** The guesser of pending calls' values; without one, {@link Speculator#none()} (nothing runs ahead). */
        public Builder<S> speculator(Speculator<S> speculator) {
            this.speculator = speculator;
            return this;
        }

        /** How far and how wide to speculate; without one, {@link SequentialPolicy} (the baseline, no speculation). */
        public Builder<S> policy(SpeculationPolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * The clock the run is driven on: a {@link dev.specagent.core.clock.RealClock} or a simulated one; required.
         * Runs in sequence may share one; runs at the same time on different threads need one each.
         */
        public Builder<S> clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * How each call touches the world, which decides what may run speculatively. <b>Required unless the
         * policy is sequential</b> ({@link #build} fails without it), so that no write runs ahead because
         * nobody said it was one: {@code SideEffects.allReadOnly()} for a pure model or engine; otherwise mark
         * writes {@code REVERSIBLE} (with a {@link #sandbox}) or {@code IRREVERSIBLE}, e.g.
         * {@code SideEffects.byTool(Map.of("lookup", READ_ONLY), IRREVERSIBLE)}.
         */
        public Builder<S> sideEffects(SideEffects sideEffects) {
            this.sideEffects = sideEffects;
            return this;
        }

        /**
         * The environment whose state REVERSIBLE calls may fork and whose version tells which branches a committed
         * write made stale. Without one, REVERSIBLE calls never run speculatively and nothing is speculated below a
         * running REVERSIBLE or IRREVERSIBLE call.
         */
        public Builder<S> sandbox(Sandbox sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** Bounds on calls in flight, speculative spend, retries and timeouts; without them, {@link RunLimits#DEFAULT}. */
        public Builder<S> limits(RunLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * The runner.
         *
         * @throws NullPointerException  when the agent, the actor or the clock is not set; the message names the
         *                               missing part ("actor not set: ...")
         * @throws IllegalStateException without {@link #sideEffects} for a policy that speculates
         */
        public SpeculativeRunner<S> build() {
            return new SpeculativeRunner<>(this);
        }
    }

    /**
     * The state of one run; confined to the event loop. It holds the committed path (advance, commit), the calls'
     * lifecycle (launch, their reports, retries and timeouts), speculation (proposals, and the branches opened on their
     * guesses or on a finished branch's own value), pruning (collect) and failure (fail): these call one another and
     * share the frontier and the committed state, so they stay together. What has a narrow interface lives apart: the
     * live calls and their reachability ({@link BranchTree}, which hands its findings back through
     * {@link BranchTree.SweepActions}), the in-flight cap and the speculative budget ({@link LaunchBudget}), the
     * launches they left out ({@link LeftOutLaunches}), the delivery of reports to this loop ({@link EventCompletion})
     * and what an actor's call sees ({@link CallContext#of}).
     */
    private final class Run implements EventCompletion.EventLoop, BranchTree.SweepActions<S> {
        final Ledger ledger = new Ledger();
        final BranchTree<S> tree = new BranchTree<>();
        final LaunchBudget budget = new LaunchBudget(limits);
        final LeftOutLaunches leftOut = new LeftOutLaunches();
        final List<Outcome> trajectory = new ArrayList<>();
        S committedState;
        CallNode<S> frontier;
        boolean finished;
        RuntimeException failure;
        /** The first broken contract of an actor or speculator, which fails the run at the end of its event. */
        IllegalStateException brokenContract;

        RunResult<S> execute() {
            try {
                clock.start(() -> guarded(() -> {
                    committedState = agent.initialState();
                    advance();
                }), () -> finished || failure != null);
            } catch (RuntimeException | Error e) {
                // interrupted, the clock refused, or a part's own clock task threw (an Error too: an assertion or a
                // stack overflow in a speculator's heuristic): cancel what this run started, so that nothing is left
                // running and no later run on the same clock drives it on
                if (failure == null) {
                    fail(e instanceof Error ? "run failed: " + e : "run stopped: " + Failures.describe(e), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (budget.inFlight() != 0 || ledger.unsettledCount() != 0) {
                throw new IllegalStateException("run ended with " + budget.inFlight() + " calls in flight and "
                        + ledger.unsettledCount() + " unsettled ledger entries");
            }
            var entries = ledger.entries();
            return new RunResult<>(policy.name(), trajectory, committedState, entries, RunFigures.of(entries),
                    leftOut.atInFlightCap(), leftOut.overSpendBudget());
        }

        /** Runs an event; an exception from the agent or a broken invariant fails the run cleanly. */
        void guarded(Runnable event) {
            if (finished || failure != null) {
                return;
            }
            try {
                event.run();
            } catch (RuntimeException | Error e) { // an Error too (an AssertionError, a StackOverflowError in the agent)
                fail(e instanceof RunFailedException ? e.getMessage() : "run failed: " + e, e);
            }
            if (brokenContract != null && failure == null) {
                fail(brokenContract.getMessage(), brokenContract.getCause() != null ? brokenContract.getCause()
                        : brokenContract);
            }
        }

        @Override
        public void post(Runnable event) {
            clock.execute(() -> guarded(event));
        }

        @Override
        public void fail(String message, Throwable cause) {
            commitIfEnded(frontier);
            settleProposal(frontier);
            frontier = null;
            collect();
            finished = true;
            failure = new RunFailedException(message, cause, trajectory, ledger.entries());
        }

        /**
         * Commits the committed-path call {@code node} of a failing run when it has ended well: it finished (and waits
         * for its guesses), or, still running, it reports success as its cancel stops it. Its effect took place, so
         * the failure's committed prefix must hold it, or resuming from that prefix would repeat it. A branch's call
         * on a fork is not committed: its fork is discarded.
         */
        void commitIfEnded(CallNode<S> node) {
            if (node == null || node.fork != null || node.speculative) {
                return;
            }
            if (node.status == Status.RUNNING) {
                Usage spent = cancel(node.handle, node.completion);
                endAttempt(node, spent);
                JsonNode value = node.completion.first.value();
                if (value == null) { // stopped (or failed as it was stopped): nothing took effect
                    node.attempt.settle(Fate.CANCELLED);
                    node.status = Status.ENDED;
                    tree.remove(node);
                    return;
                }
                node.status = Status.DONE;
                node.outcome = new Outcome(node.call, value, spent);
            }
            if (node.status == Status.DONE) {
                try {
                    commit(node);
                } catch (RuntimeException | Error e) {
                    // the agent's transition failed on it: the call is in the committed prefix all the same
                }
            }
        }

        long now() {
            return clock.nanoTime();
        }

        // ---- the committed path ------------------------------------------------------------------

        /** Moves the committed path forward from {@link #committedState}: adopt, issue, or finish. */
        void advance() {
            while (true) {
                Optional<Call> next = nextCall(committedState);
                CallNode<S> previous = frontier;
                Key key = next.map(call -> new Key(call, rootVersion())).orElse(null);
                CallNode<S> adopted = key != null ? tree.get(key) : null;
                if (previous != null && previous.proposal != null && adopted != null
                        && previous.children.contains(adopted)) {
                    previous.proposal.useful = true;
                }
                settleProposal(previous);
                if (next.isEmpty()) {
                    frontier = null;
                    collect();
                    finished = true;
                    return;
                }
                if (adopted != null) {
                    frontier = adopted;
                    adopted.depth = 0;
                    adopted.state = committedState;
                    collect();
                    if (adopted.status == Status.RUNNING && !adopted.completion.first.isReported()) {
                        // (one that reported, its report not yet on the event loop, has finished: not told)
                        tellAdopted(adopted);
                    }
                    if (adopted.status == Status.DONE) {
                        commit(adopted);
                        continue;
                    }
                    if (policy.speculateOnCommitted(true)) {
                        if (adopted.proposal == null) {
                            propose(adopted);
                        } else if (!adopted.proposal.running) {
                            // its guesses were judged as a branch's; now its step is certain and its state the
                            // committed one, judge them again
                            openGuessed(adopted, adopted.proposal.guesses);
                        }
                    }
                    return;
                }
                frontier = null;
                collect();
                CallNode<S> node = new CallNode<>(next.get(), committedState, key, root(), null, 0, 1.0, 1.0, false, 0);
                frontier = node;
                tree.add(node);
                launch(node);
                if (frontier == node && node.status == Status.RUNNING && policy.speculateOnCommitted(false)) {
                    propose(node);
                }
                return;
            }
        }

        /**
         * π of {@code state}, the committed one or a guessed one.
         *
         * @throws NullPointerException naming the state, when the agent returns null instead of an Optional
         */
        Optional<Call> nextCall(S state) {
            Optional<Call> next = agent.nextCall(state);
            if (next == null) {
                throw nullNextCall(state);
            }
            return next;
        }

        /** The failure of an agent whose nextCall returned null in {@code state}, naming what to return instead. */
        NullPointerException nullNextCall(S state) {
            return new NullPointerException("Agent.nextCall returned null in state " + state
                    + " (return Optional.empty() when the agent is done)");
        }

        /** Tells a running branch that the committed path adopted it ({@link CallHandle#adopted()}). */
        void tellAdopted(CallNode<S> node) {
            try {
                node.handle.adopted();
            } catch (RuntimeException e) {
                contractBroken(node.completion.who.get() + ": CallHandle.adopted threw " + e
                        + " (it must not throw)", e);
            }
        }

        /** Commits the finished frontier node and moves on. */
        void commit(CallNode<S> node) {
            tree.remove(node);
            node.status = Status.ENDED;
            cancelProposalIfRunning(node);
            frontier = node;
            if (node.fork != null) {
                try {
                    node.fork.commit();
                } catch (RuntimeException e) {
                    node.attempt.settle(Fate.WASTED);
                    throw e;
                }
            }
            node.attempt.settle(Fate.COMMITTED);
            trajectory.add(node.outcome);
            committedState = agent.transition(committedState, node.outcome);
        }

        long rootVersion() {
            return sandbox != null ? sandbox.root().version() : 0;
        }

        View root() {
            return sandbox != null ? sandbox.root() : null;
        }

        // ---- calls ---------------------------------------------------------------------------------

        void launch(CallNode<S> node) {
            node.attempts++;
            node.status = Status.RUNNING;
            node.attempt = ledger.open(node.speculative ? Role.BRANCH : Role.ACTOR, node.call.tool(), now(),
                    node.depth, -1);
            if (node.speculative) {
                budget.speculationStarted(node.reservedUsd);
            } else {
                budget.callStarted();
            }
            Ledger.Attempt attempt = node.attempt;
            EventCompletion<JsonNode> done = new EventCompletion<>(this, () -> "the actor's call " + node.call,
                    (value, usage) -> onCallSucceeded(node, attempt, value, usage),
                    (error, usage) -> onCallFailed(node, attempt, error, usage));
            node.completion = done;
            CallContext context = CallContext.of(clock, node.speculative,
                    node.fork != null ? node.fork : node.view, done);
            if (limits.callTimeoutNanos() > 0 && clock.withinRange(limits.callTimeoutNanos())) {
                node.timeout = clock.schedule(limits.callTimeoutNanos(), () -> guarded(() -> {
                    if (node.attempt == attempt && node.status == Status.RUNNING) {
                        Usage spent = done.cancelUnlessReported(node.handle, this::contractBroken);
                        if (spent == null) {
                            return; // it ended as it timed out (a write may have taken effect): its report is handled
                        }
                        onCallFailed(node, attempt, new TimeoutException("call " + node.call + " timed out after "
                                + Clock.seconds(limits.callTimeoutNanos()) + " s"), spent);
                    }
                }));
            }
            node.handle = CallHandle.NONE;
            try {
                CallHandle handle = actor.start(node.call, context);
                if (handle == null) {
                    contractBroken(done.who.get() + ": Actor.start returned a null CallHandle (return CallHandle.NONE "
                            + "for work that cannot be stopped)", null);
                } else {
                    node.handle = handle;
                }
            } catch (BlockingWorkRefusedException e) {
                contractBroken(done.who.get() + ": " + e.getMessage(), e); // no retry can succeed on this clock
            } catch (RuntimeException e) {
                done.fail(e, Usage.ZERO); // a call that cannot start failed, like one that reports a failure
            }
        }

        void onCallSucceeded(CallNode<S> node, Ledger.Attempt attempt, JsonNode value, Usage usage) {
            if (node.attempt != attempt || node.status != Status.RUNNING) {
                return;
            }
            endAttempt(node, usage);
            node.status = Status.DONE;
            node.outcome = new Outcome(node.call, value, usage);
            if (awaitsProposal(node)) {
                return; // committed when the guesses are in (onGuesses or the proposal's failure)
            }
            cancelProposalIfRunning(node);
            if (node == frontier) {
                commit(node);
                advance();
            } else if (policy.speculateOnBranch(node.depth)) {
                continueBranch(node);
            }
        }

        void onCallFailed(CallNode<S> node, Ledger.Attempt attempt, Throwable error, Usage spent) {
            if (node.attempt != attempt || node.status != Status.RUNNING) {
                return;
            }
            endAttempt(node, spent);
            attempt.settle(Fate.WASTED);
            if (node != frontier || node.attempts >= limits.maxAttempts()) {
                node.status = Status.FAILED;
                tree.remove(node);
                endNode(node);
            }
            if (node != frontier) {
                collect();
                return;
            }
            if (node.attempts >= limits.maxAttempts()) {
                fail("call " + node.call + " failed " + node.attempts + " time(s): "
                        + Failures.describe(error), error);
                return;
            }
            if (node.fork != null) {
                // A retried adopted branch runs on the committed state like any committed call.
                tree.remove(node);
                node.fork.discard();
                CallNode<S> retry = new CallNode<>(node.call, committedState, new Key(node.call, rootVersion()), root(),
                        null, 0, 1.0, 1.0, false, 0);
                retry.attempts = node.attempts;
                node.status = Status.ENDED;
                frontier = retry;
                tree.add(retry);
                launch(retry);
                if (frontier == retry && retry.status == Status.RUNNING && policy.speculateOnCommitted(false)) {
                    propose(retry);
                }
            } else {
                node.speculative = false;
                node.depth = 0;
                launch(node);
            }
        }

        void endAttempt(CallNode<S> node, Usage usage) {
            node.attempt.finish(now(), usage);
            if (node.attempt.role() == Role.BRANCH) {
                budget.speculationEnded(node.reservedUsd, usage);
            } else {
                budget.callEnded();
            }
            if (node.timeout != null) {
                node.timeout.cancel();
                node.timeout = null;
            }
        }

        // ---- speculation ---------------------------------------------------------------------------

        /** Asks the speculator about {@code node}'s pending value. */
        void propose(CallNode<S> node) {
            Estimate estimate = speculator.estimate();
            if (estimate == null) {
                contractBroken("Speculator.estimate returned null (return Estimate.UNKNOWN when nothing is known)", null);
                estimate = Estimate.UNKNOWN;
            }
            if (policy.k() < 1 || !settledView(node)) {
                return;
            }
            LaunchBudget.Limit refused = budget.refusal(estimate);
            if (refused != null) {
                leftOut.proposalRefused(node, refused);
                return;
            }
            leftOut.proposalStarted(node);
            Ledger.Attempt attempt = ledger.open(Role.SPECULATOR, "guess " + node.call.tool(), now(), node.depth,
                    node.attempt.id());
            Proposal proposal = new Proposal(attempt, estimate.maxCostUsd());
            node.proposal = proposal;
            budget.speculationStarted(proposal.reservedUsd);
            EventCompletion<List<Guess>> done = new EventCompletion<>(this,
                    () -> "the speculator's proposal for " + node.call,
                    (guesses, usage) -> onGuesses(node, proposal, guesses, usage),
                    (error, usage) -> {
                        if (proposal.running) {
                            endProposal(proposal, usage);
                            commitIfAwaiting(node);
                        }
                    });
            proposal.completion = done;
            if (limits.callTimeoutNanos() > 0 && clock.withinRange(limits.callTimeoutNanos())) {
                // a proposal that outlasts the timeout ends like a failed one (no guesses), so that a committed call
                // awaiting it (awaitProposalBeforeCommit) is not held up for ever by a speculator that hangs; a timeout
                // past the clock's range never expires
                proposal.timeout = clock.schedule(limits.callTimeoutNanos(), () -> guarded(() -> {
                    if (proposal.running) {
                        Usage spent = done.cancelUnlessReported(proposal.handle, this::contractBroken);
                        if (spent != null) { // else its guesses are on their way to the event loop: handled
                            endProposal(proposal, spent);
                            commitIfAwaiting(node);
                        }
                    }
                }));
            }
            proposal.handle = CallHandle.NONE;
            try {
                CallHandle handle = speculator.propose(node.state, node.call, policy.k(), clock, copying(done));
                if (handle == null) {
                    contractBroken(done.who.get() + ": Speculator.propose returned a null CallHandle (return "
                            + "CallHandle.NONE for work that cannot be stopped)", null);
                } else {
                    proposal.handle = handle;
                }
            } catch (BlockingWorkRefusedException e) {
                contractBroken(done.who.get() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                done.fail(e, Usage.ZERO);
            }
        }

        /**
         * Where a speculator reports: its guesses are copied as they are reported (null elements skipped, as a
         * guess the agent cannot go on from), so that a speculator that reuses or changes its list afterwards
         * changes nothing the run judges, now or when the node is adopted.
         */
        Completion<List<Guess>> copying(EventCompletion<List<Guess>> done) {
            return new Completion<>() {
                @Override
                public void succeed(List<Guess> guesses, Usage usage) {
                    done.succeed(guesses == null ? null : guesses.stream().filter(Objects::nonNull).toList(), usage);
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    done.fail(error, spent);
                }
            };
        }

        void onGuesses(CallNode<S> node, Proposal proposal, List<Guess> guesses, Usage usage) {
            if (!proposal.running) {
                return;
            }
            endProposal(proposal, usage);
            boolean awaiting = node == frontier && node.status == Status.DONE;
            if (node.status != Status.RUNNING && !awaiting) {
                return;
            }
            proposal.guesses = guesses;
            openGuessed(node, guesses);
            commitIfAwaiting(node);
        }

        /**
         * Opens the branches the policy chooses among {@code guesses} of {@code node}'s value, judged from where
         * the node stands now (its depth and route confidence); branches already open are kept.
         */
        void openGuessed(CallNode<S> node, List<Guess> guesses) {
            List<BranchCandidate> candidates = new ArrayList<>();
            Map<BranchCandidate, S> states = new IdentityHashMap<>();
            Set<Call> seen = new HashSet<>();
            for (Guess guess : guesses.subList(0, Math.min(guesses.size(), policy.k()))) {
                candidateFor(node, guess).filter(p -> seen.add(p.candidate().call())).ifPresent(p -> {
                    candidates.add(p.candidate());
                    states.put(p.candidate(), p.state());
                });
            }
            // every chosen guess gets its branch before any branch gets its proposal: at the in-flight cap, the
            // deeper speculation is what is left out, not a sibling guess of this value
            List<CallNode<S>> opened = new ArrayList<>();
            for (BranchCandidate chosen : policy.choose(candidates)) {
                S state = states.get(chosen);
                if (state != null) {
                    CallNode<S> branch = openBranch(node, chosen, state);
                    if (branch != null) {
                        opened.add(branch);
                    }
                }
            }
            for (CallNode<S> branch : opened) {
                proposeOnBranch(branch);
            }
        }

        /** Asks the speculator about a newly opened branch's value, when the policy speculates that deep. */
        void proposeOnBranch(CallNode<S> branch) {
            if (branch.status == Status.RUNNING && branch.proposal == null && policy.speculateOnBranch(branch.depth)) {
                propose(branch);
            }
        }

        /**
         * Whether the finished frontier {@code node} waits for its running proposal before committing: not when
         * it is the agent's last call, whose guesses could open nothing.
         */
        boolean awaitsProposal(CallNode<S> node) {
            return node == frontier && policy.awaitProposalBeforeCommit() && node.proposal != null
                    && node.proposal.running
                    && nextCall(agent.transition(committedState, node.outcome)).isPresent();
        }

        /** Commits the frontier node that finished while waiting for its proposal, once that has ended. */
        void commitIfAwaiting(CallNode<S> node) {
            if (node == frontier && node.status == Status.DONE) {
                commit(node);
                advance();
            }
        }

        /** A finished speculative call continues with its own value; branches it contradicts are dropped. */
        void continueBranch(CallNode<S> node) {
            if (node.continued) {
                return;
            }
            node.continued = true;
            Optional<Prepared<S>> next = candidateFor(node, new Guess(node.outcome.value(), 1.0));
            node.children.removeIf(child -> next.isEmpty() || !child.call.equals(next.get().candidate().call()));
            collect();
            if (next.isPresent() && node.children.isEmpty() && node.status == Status.DONE
                    && !policy.choose(List.of(next.get().candidate())).isEmpty()) {
                CallNode<S> branch = openBranch(node, next.get().candidate(), next.get().state());
                if (branch != null) {
                    proposeOnBranch(branch);
                }
            }
        }

        /** The branch that {@code guess} of {@code parent}'s value leads to, if the agent goes on from it. */
        Optional<Prepared<S>> candidateFor(CallNode<S> parent, Guess guess) {
            S guessedState;
            Optional<Call> next;
            try {
                guessedState = agent.transition(parent.state, new Outcome(parent.call, guess.value(), Usage.ZERO));
                next = agent.nextCall(guessedState);
            } catch (RuntimeException e) {
                return Optional.empty(); // the agent cannot go on from this guess: it opens no branch
            }
            if (next == null) { // a broken contract, not a guess the agent cannot go on from
                throw nullNextCall(guessedState);
            }
            return next.map(call -> new Prepared<>(new BranchCandidate(guess, call, estimate(call),
                    parent.depth + 1, parent.routeConfidence * guess.confidence()), guessedState));
        }

        /** What the actor expects {@code call} to take; a null estimate breaks its contract. */
        Estimate estimate(Call call) {
            Estimate estimate = actor.estimate(call);
            if (estimate == null) {
                contractBroken("Actor.estimate returned null for the call " + call + " (return Estimate.UNKNOWN when "
                        + "nothing is known)", null);
                return Estimate.UNKNOWN;
            }
            return estimate;
        }

        /**
         * Launches the branch {@code candidate} leads to below {@code parent}, and returns it; null when it is not
         * launched (not allowed, already live, or no room). The caller asks for its proposal.
         */
        CallNode<S> openBranch(CallNode<S> parent, BranchCandidate candidate, S state) {
            if (parent.status == Status.ENDED || parent.status == Status.FAILED || !settledView(parent)) {
                return null;
            }
            SideEffect effect = effectOf(candidate.call());
            if (!effect.speculativeAllowed(sandbox != null)) {
                return null;
            }
            View view = parent.childView();
            long baseVersion = view != null ? view.version() : 0;
            Key key = new Key(candidate.call(), baseVersion);
            CallNode<S> existing = tree.get(key);
            if (existing != null) {
                if (existing != parent && !parent.children.contains(existing)) {
                    parent.children.add(existing);
                }
                leftOut.branchStarted(parent, candidate.call()); // joined: a launch refused before is not left out
                return null;
            }
            LaunchBudget.Limit refused = budget.refusal(candidate.estimate());
            if (refused != null) {
                leftOut.branchRefused(parent, candidate.call(), refused);
                return null;
            }
            leftOut.branchStarted(parent, candidate.call());
            Fork fork = effect == SideEffect.REVERSIBLE ? view.fork() : null;
            CallNode<S> node = new CallNode<>(candidate.call(), state, key, view, fork, candidate.depth(),
                    candidate.routeConfidence(), candidate.guess().confidence(), true, candidate.estimate().maxCostUsd());
            parent.children.add(node);
            tree.add(node);
            launch(node);
            return node;
        }

        /**
         * Whether calls below {@code node} may start: not while it is a write still running in its fork (its
         * children would act on a fork that the write may still change while their key names the fork's base
         * version, which the committed state also has; so they wait for the write's value, continueBranch), and,
         * without a sandbox, not while it is a committed call that may write (REVERSIBLE or IRREVERSIBLE): nothing
         * versions the world then, so a branch could read it before that write lands and still be adopted. With a
         * sandbox, such a write moves the root version, so branches keyed on the old one are never adopted.
         */
        boolean settledView(CallNode<S> node) {
            if (node.status != Status.RUNNING) {
                return true;
            }
            return node.fork == null && (sandbox != null || effectOf(node.call).speculativeAllowed(false));
        }

        /** How {@code call} touches the world; a null classification breaks the contract and counts as irreversible. */
        SideEffect effectOf(Call call) {
            SideEffect effect = sideEffects.of(call);
            if (effect == null) {
                contractBroken("SideEffects.of returned null for the call " + call + " (classify every call; "
                        + "SideEffect.IRREVERSIBLE keeps it off every speculative path)", null);
                return SideEffect.IRREVERSIBLE;
            }
            return effect;
        }

        void endProposal(Proposal proposal, Usage usage) {
            proposal.running = false;
            if (proposal.timeout != null) {
                proposal.timeout.cancel();
            }
            proposal.attempt.finish(now(), usage);
            budget.speculationEnded(proposal.reservedUsd, usage);
        }

        void cancelProposalIfRunning(CallNode<S> node) {
            Proposal proposal = node.proposal;
            if (proposal != null && proposal.running) {
                endProposal(proposal, cancel(proposal.handle, proposal.completion));
                proposal.attempt.settle(Fate.CANCELLED);
            }
        }

        /** Settles a node's finished proposal once it is known whether one of its branches was adopted. */
        void settleProposal(CallNode<S> node) {
            if (node == null || node.proposal == null) {
                return;
            }
            Proposal proposal = node.proposal;
            if (proposal.running) {
                cancelProposalIfRunning(node);
            } else if (!proposal.attempt.isSettled()) {
                proposal.attempt.settle(proposal.useful ? Fate.COMMITTED : Fate.WASTED);
            }
        }

        // ---- pruning -------------------------------------------------------------------------------

        /**
         * Ends every live node that can no longer be reached from the frontier, and re-levels the depth and
         * route confidence of the reachable ones (the frontier is certain; speculating on those that moved
         * within the policy's depth limit).
         */
        void collect() {
            tree.sweep(frontier, this);
        }

        @Override
        public void unreachable(CallNode<S> node) {
            endNode(node);
        }

        /** A reachable node that moved up gets its new depth, and speculation as deep as the policy allows there. */
        @Override
        public void reached(CallNode<S> n, int depth) {
            if (n == frontier || depth >= n.depth || n.status == Status.ENDED || n.status == Status.FAILED) {
                return;
            }
            n.depth = depth;
            if (n.status == Status.RUNNING && n.proposal == null && policy.speculateOnBranch(depth)) {
                propose(n);
            } else if (n.status == Status.DONE && policy.speculateOnBranch(depth)) {
                continueBranch(n);
            }
        }

        /** Ends a node that will never be committed: cancel it if running, record it, drop its fork. */
        void endNode(CallNode<S> node) {
            if (node.status == Status.RUNNING) {
                Usage spent = cancel(node.handle, node.completion);
                endAttempt(node, spent);
                node.attempt.settle(Fate.CANCELLED);
            } else if (node.status == Status.DONE) {
                node.attempt.settle(Fate.WASTED);
            }
            node.status = Status.ENDED;
            if (node.fork != null) {
                node.fork.discard();
            }
            settleProposal(node);
        }

        /** Cancels a call and returns what it cost ({@link FirstReport#cancel}); a later report is ignored. */
        Usage cancel(CallHandle handle, EventCompletion<?> completion) {
            return completion.cancel(handle, this::contractBroken);
        }

        /**
         * Records that an actor or speculator broke its contract (a null handle or usage, a cancel that threw): the run
         * fails with {@code message} once the current event has finished, so that the event's bookkeeping (a cancel in
         * the middle of pruning, say) completes and everything is settled.
         */
        void contractBroken(String message, Throwable cause) {
            if (brokenContract == null) {
                brokenContract = new IllegalStateException(message, cause);
            }
        }
    }

    /** A branch candidate with the guessed state it starts from. */
    private record Prepared<S>(BranchCandidate candidate, S state) {
    }
}
