package dev.specagent.core.sim;

import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proposition 1 of the Speculative Actions paper, measured and in closed form. Every method refuses a world out of
 * range (p outside [0, 1], a rate α or β that is not positive and finite, fewer than 1 step) with an
 * {@link IllegalArgumentException} naming the input. The measurement runs
 * the real {@link SpeculativeRunner} on a {@link SimulatedClock} over {@code runs} independent
 * {@link SyntheticWorld}s (seeds {@code seed, seed+1, …}) and reports E[T_spec] / E[T_seq] per policy.
 */
public final class Proposition1 {

    /**
     * The most guesses per step a measurement takes: the runner keeps at most {@link RunLimits#DEFAULT}'s
     * {@code maxInFlight} calls in flight, the actor's call and one branch per guess, so with more guesses
     * some are never launched and the measured hit rate falls below pα/(α+β). A constant (64 − 1), so options
     * can name it.
     */
    public static final int MAX_K = 63;

    private Proposition1() {
    }

    /** The paper's closed form: 1 − (1 − 1/T)·pα / (2(α+β)). */
    public static double closedForm(double p, double alpha, double beta, int steps) {
        SyntheticWorld.Config.checkWorld(p, alpha, beta, steps);
        return 1 - (1 - 1.0 / steps) * p * alpha / (2 * (alpha + beta));
    }

    /**
     * The exact E[T_spec]/E[T_seq] of Algorithm 1 in this world. A step that starts a round is
     * speculated on; it is a hit with probability h = pα/(α+β) (the guesses contain the value and the
     * speculator answers before the actor), and then the next call, launched when the speculator
     * answers, overlaps it: the round covers two steps and saves min(a_{t+1}, a_t − s), which is
     * exponential with rate 2β by memorylessness, so 1/(2β) on average. A hit's next step starts no
     * round of its own (hits never chain), so the probability r_t that step t starts a round follows
     * r_1 = 1, r_{t+1} = 1 − h·r_t, and E[T_spec] = T/β − Σ_{t&lt;T} r_t·h/(2β). The paper's closed form
     * is this with every r_t = 1, as if each step could overlap the next one regardless. It does not depend
     * on k: the guesses hold the value with probability p whatever their number (up to {@link #MAX_K}).
     */
    public static double exactAlgorithm1(double p, double alpha, double beta, int steps) {
        SyntheticWorld.Config.checkWorld(p, alpha, beta, steps);
        double h = p * alpha / (alpha + beta);
        double r = 1;
        double rounds = 0;
        for (int t = 1; t < steps; t++) {
            rounds += r;
            r = 1 - h * r;
        }
        return 1 - h * rounds / (2.0 * steps);
    }

    /**
     * The expression the paper's second version (arXiv 2510.04371v2) gives:
     * 1 − (1/T)·α/(α+β)·[(T−1)p/(1+p) + p²/(1+p)²·(1 − (−p)^{T−1})], tending to 1 − p/(1+p)·α/(α+β).
     * It is exactly 1 − (α/(α+β)·p/T)·Σ_{t&lt;T} r_t with r_1 = 1, r_{t+1} = 1 − p·r_t, the expectation of a model
     * that differs from {@link #exactAlgorithm1} twice: a right guess (probability p, whether or not the speculator
     * answers first) takes the next step's round, and it saves the next call's whole lead (a_t − s)⁺, α/(α+β)·1/β
     * on average, as if that call could end before the actor's answer that confirms it. On the runner the next
     * call ends at s + a_{t+1}, no earlier than a_t, so a hit saves min(a_{t+1}, a_t − s), half that lead on average.
     */
    public static double secondVersion(double p, double alpha, double beta, int steps) {
        SyntheticWorld.Config.checkWorld(p, alpha, beta, steps);
        double q = p * p / ((1 + p) * (1 + p));
        double bracket = (steps - 1) * p / (1 + p) + q * (1 - Math.pow(-p, steps - 1));
        return 1 - alpha / (alpha + beta) * bracket / steps;
    }

    /**
     * The measured ratio E[T_spec]/E[T_seq] for each policy, in the order given.
     *
     * @throws IllegalArgumentException when {@code runs} is below 1 or a policy asks for more than {@link #MAX_K}
     *                                  guesses per step
     */
    public static Map<String, Double> measure(double p, double alpha, double beta, int steps, int runs, long seed,
                                              List<SpeculationPolicy> policies) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        for (SpeculationPolicy policy : policies) {
            if (policy.k() > MAX_K) {
                throw new IllegalArgumentException("k must be at most " + MAX_K + ": the runner keeps at most "
                        + RunLimits.DEFAULT.maxInFlight() + " calls in flight, the actor's and one branch per guess; got "
                        + policy.k() + " for " + policy.name());
            }
        }
        double[] specTotals = new double[policies.size()];
        double seqTotal = 0;
        for (int r = 0; r < runs; r++) {
            var config = SyntheticWorld.Config.proposition1(p, alpha, beta, steps, seed + r);
            seqTotal += runOnce(config, new SequentialPolicy()).figures().speculativeSeconds();
            for (int i = 0; i < policies.size(); i++) {
                specTotals[i] += runOnce(config, policies.get(i)).figures().speculativeSeconds();
            }
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (int i = 0; i < policies.size(); i++) {
            ratios.put(policies.get(i).name(), specTotals[i] / seqTotal);
        }
        return ratios;
    }

    /** One run of the world under {@code policy} on a fresh simulated clock. */
    public static RunResult<SyntheticWorld.State> runOnce(SyntheticWorld.Config config, SpeculationPolicy policy) {
        SyntheticWorld world = new SyntheticWorld(config);
        return SpeculativeRunner.<SyntheticWorld.State>builder()
                .agent(world.agent())
                .actor(world.actor())
                .speculator(world.speculator())
                .policy(policy)
                .clock(new SimulatedClock(config.seed()))
                .sideEffects(SideEffects.allReadOnly()) // the synthetic actor has no environment
                .build()
                .run();
    }
}
