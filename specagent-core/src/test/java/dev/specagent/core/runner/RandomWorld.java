package dev.specagent.core.runner;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.policy.AdaptivePolicy;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.core.sim.SyntheticWorld;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random world for the runner's property tests: random p, latencies, k, depth limit, side-effect
 * classes, injected failures and hangs with a timeout, costs, budget and in-flight limit, every policy
 * (sequential first), and whether the runner is given the world's sandbox (without it, the committed calls
 * write the world directly, as in an application that has no sandbox). {@code timeScale} speeds time up: rates are multiplied by it, so the same seed gives
 * the same world with latencies of seconds (scale 1, simulated time) or of milliseconds (scale 1000).
 *
 * @param seed     the seed the world was drawn from
 * @param config   the synthetic world
 * @param faults   whether attempts fail and hang (then calls time out)
 * @param depth    the depth limit of the chained and adaptive policies
 * @param limits   the run limits
 * @param policies sequential, Algorithm 1, chained and adaptive
 * @param sandboxed whether the runner is given the world's sandbox
 */
record RandomWorld(long seed, SyntheticWorld.Config config, boolean faults, int depth, RunLimits limits,
                   List<SpeculationPolicy> policies, boolean sandboxed) {

    static RandomWorld of(long seed, double timeScale) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean faults = r.nextInt(3) == 0;
        SyntheticWorld.Config config = new SyntheticWorld.Config(
                r.nextDouble(), (0.5 + r.nextDouble() * 10) * timeScale, (0.5 + r.nextDouble() * 3) * timeScale,
                1 + r.nextInt(25), seed, faults ? r.nextDouble() * 0.3 : 0, faults ? r.nextDouble() * 0.2 : 0,
                r.nextBoolean(), r.nextDouble() * 0.01, r.nextDouble() * 0.001);
        int k = 1 + r.nextInt(4);
        int depth = 1 + r.nextInt(6);
        RunLimits limits = new RunLimits(1 + r.nextInt(20), r.nextBoolean() ? Double.POSITIVE_INFINITY : r.nextDouble() * 0.05,
                40, faults ? Clock.nanos(15 / config.beta()) : 0);
        List<SpeculationPolicy> policies = List.of(new SequentialPolicy(), new Algorithm1Policy(k),
                new ChainedPolicy(k, depth), new AdaptivePolicy(k, depth, r.nextDouble() * 0.05, r.nextDouble() * 0.3));
        boolean sandboxed = r.nextInt(4) != 0; // drawn last, so that every earlier draw of a seed is as it was
        return new RandomWorld(seed, config, faults, depth, limits, policies, sandboxed);
    }

    /** The sandbox to give the runner: the world's, or none. */
    SnapshotSandbox<SyntheticWorld.Env> sandboxOf(SyntheticWorld world) {
        return sandboxed ? world.sandbox() : null;
    }

    /** The deepest a branch of {@code policy} may lie ahead of the committed path. */
    int depthLimit(SpeculationPolicy policy) {
        return policy instanceof Algorithm1Policy ? 1 : depth;
    }
}
