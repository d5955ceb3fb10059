package dev.specagent.envs.planning.openagi;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.PlanningFailedException;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.SpeculativePlanner;
import dev.specagent.core.planning.StepAgent;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.HindsightOracle;
import dev.specagent.core.planning.predictor.TextEmbedder;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.llm.client.ChatClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Live DSP on OpenAGI tasks: the approximation and target agents of an {@link AgentPairing} on LLM
 * clients, planned in real time (virtual threads; the dynamic policy's trainer on its own thread).
 * The hindsight oracle does not exist live. Every agent call is cancelled if it has not answered within the
 * {@linkplain #callTimeout() call timeout}, {@link #DEFAULT_CALL_TIMEOUT} unless set: a timed-out draft is replaced
 * by the target's step, a timed-out target step fails the run ({@link LivePlanningFailedException}).
 */
public final class LivePlanning {

    /** {@link #DEFAULT_CALL_TIMEOUT} in minutes, a constant for help texts. */
    public static final int DEFAULT_CALL_TIMEOUT_MINUTES = 15;

    /**
     * The default call timeout: 15 minutes, longer than the LLM client's own limit on one request (10 minutes), so
     * that for a single stuck request the client's more specific error comes first; a step still without an answer
     * after that (agent code that loses its report, retries or chained calls that do not end) fails the run
     * instead of hanging it.
     */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(DEFAULT_CALL_TIMEOUT_MINUTES);

    private static final HindsightOracle NO_ORACLE = (task, verified) -> {
        throw new IllegalArgumentException("the hindsight oracle is not available in live planning");
    };

    private final StepAgent approximation;
    private final StepAgent target;
    private final int maxSteps;
    private final TextEmbedder stateEmbedder;
    private final Duration callTimeout;

    public LivePlanning(StepAgent approximation, StepAgent target, int maxSteps) {
        this(approximation, target, maxSteps, TextEmbedder.NONE, DEFAULT_CALL_TIMEOUT);
    }

    private LivePlanning(StepAgent approximation, StepAgent target, int maxSteps, TextEmbedder stateEmbedder,
                         Duration callTimeout) {
        this.approximation = Objects.requireNonNull(approximation);
        this.target = Objects.requireNonNull(target);
        if (maxSteps < 1) { // refused here, naming this option, not by the planner once a run has begun
            throw new IllegalArgumentException("LivePlanning maxSteps must be at least 1, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
        this.stateEmbedder = Objects.requireNonNull(stateEmbedder);
        Clock.callTimeoutNanos("LivePlanning callTimeout", callTimeout); // refused here, naming this option
        this.callTimeout = callTimeout;
    }

    /** The same planning with the dynamic policy's features extended by {@code embedder}'s state embeddings. */
    public LivePlanning withStateEmbedder(TextEmbedder embedder) {
        return new LivePlanning(approximation, target, maxSteps, embedder, callTimeout);
    }

    /**
     * The same planning with another call timeout ({@link Duration#ZERO}: none).
     *
     * @throws IllegalArgumentException when {@code timeout} is negative, positive and below 1 ms, or longer than 292
     *                                  years, naming this option ({@code LivePlanning callTimeout})
     * @throws NullPointerException     when {@code timeout} is null
     */
    public LivePlanning withCallTimeout(Duration timeout) {
        return new LivePlanning(approximation, target, maxSteps, stateEmbedder, timeout);
    }

    /** How long one agent call may run before it is cancelled ({@link Duration#ZERO}: no limit). */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** The pairing's agents on the given clients (the approximation's and the target's). */
    public static LivePlanning of(AgentPairing pairing, ChatClient approximationClient, ChatClient targetClient,
                                  int maxSteps) {
        return new LivePlanning(new LlmStepAgent(approximationClient, pairing.approximation()),
                new LlmStepAgent(targetClient, pairing.target()), maxSteps);
    }

    /** Plans every task with the policy of {@code spec} on a fresh real clock. */
    public PolicyRun run(PolicySpec spec, List<PlanningTask> tasks) {
        return run(spec, tasks, () -> { });
    }

    /**
     * As {@link #run(PolicySpec, List)}, calling {@code afterEachTask} after every planned task (progress).
     *
     * @throws IllegalArgumentException    before any call, for a policy that needs the recorded answers (the hindsight
     *                                     oracle, lean or not, and the {@code *-oracle-*} yardsticks:
     *                                     {@link PolicySpec#deployable})
     * @throws LivePlanningFailedException when a task's planning fails, carrying the tasks finished before it
     */
    public PolicyRun run(PolicySpec spec, List<PlanningTask> tasks, Runnable afterEachTask) {
        if (!PolicySpec.deployable(spec.name())) {
            throw new IllegalArgumentException("policy '" + spec.name() + "' needs the recorded answers (hindsight) "
                    + "and cannot run live");
        }
        try (RealClock clock = new RealClock()) {
            Usage embeddedBefore = stateEmbedder.spent();
            DepthPolicy policy = spec.factory().create(clock, NO_ORACLE, stateEmbedder);
            Ledger ledger = new Ledger();
            List<PlanResult> plans = new ArrayList<>();
            // from the policy's creation on: a learned policy's trainer thread ends with the run, and a failure to
            // close it is added to the run's own failure rather than replacing it
            try (PolicyClosing closing = () -> close(policy, spec)) {
                SpeculativePlanner planner = SpeculativePlanner.builder().approximation(approximation).target(target)
                        .policy(policy).clock(clock).ledger(ledger).maxSteps(maxSteps).lean(spec.lean())
                        .callTimeout(callTimeout).build();
                for (PlanningTask task : tasks) {
                    try {
                        plans.add(planner.plan(task));
                    } catch (PlanningFailedException e) {
                        chargeEmbeddings(ledger, clock, embeddedBefore);
                        throw new LivePlanningFailedException(PolicyRun.of(spec.name(), ledger, plans), e);
                    }
                    afterEachTask.run();
                }
            }
            chargeEmbeddings(ledger, clock, embeddedBefore);
            return PolicyRun.of(spec.name(), ledger, plans);
        }
    }

    /** Closes a run's policy; {@link #close} throws no checked exception. */
    private interface PolicyClosing extends AutoCloseable {
        @Override
        void close();
    }

    private static void close(DepthPolicy policy, PolicySpec spec) {
        if (policy instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing policy " + spec.name(), e);
            }
        }
    }

    /**
     * Records what the state embedder spent during the run as one zero-length predictor entry, so the run's
     * cost (and unnecessary cost: it is no committed target call) includes it. Its time is already in the
     * run's, since an embedding is asked for on the planner's path.
     */
    private void chargeEmbeddings(Ledger ledger, RealClock clock, Usage before) {
        Usage spent = stateEmbedder.spent().since(before);
        if (!spent.equals(Usage.ZERO)) {
            long now = clock.nanoTime();
            ledger.open(Role.PREDICTOR, "state embeddings", now, 0, -1).close(now, spent, Fate.COMMITTED);
        }
    }
}
