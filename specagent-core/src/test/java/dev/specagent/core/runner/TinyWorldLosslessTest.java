package dev.specagent.core.runner;

import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sandbox.Fork;
import dev.specagent.core.sim.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Seeded {@link TinyWorld}s in simulated time, each run under every policy and compared with the sequential run:
 * the committed trajectory, final state, environment and irreversible effects are equal, no rule of the world was
 * broken (no irreversible call and no write on the committed state ran speculatively), nothing is left in flight,
 * the ledger equals what the world charged, and the limits held. Replay a seed with {@code -Dspecagent.seed=N}.
 */
class TinyWorldLosslessTest {

    private static final int SEEDS = Integer.getInteger("specagent.tinySeeds", 3000);

    @Test
    void tinyWorldsAreLosslessUnderEveryPolicy() {
        Seeds.each(SEEDS, TinyWorldLosslessTest::check);
    }

    private record Observed(List<String> values, TinyWorld.State state, TinyWorld.Env env, List<String> irreversible,
                            RunResult<TinyWorld.State> result) {
    }

    static void check(long seed) {
        TinyWorld.Config config = TinyWorld.Config.of(seed);
        Observed sequential = null;
        for (SpeculationPolicy policy : config.policies()) {
            Observed o = run(config, policy, seed * 1000 + policy.name().hashCode());
            if (sequential == null) {
                sequential = o;
                continue;
            }
            String what = policy.name() + " vs sequential (" + config + ")";
            assertThat(o.values).as(what + ": trajectory").isEqualTo(sequential.values);
            assertThat(o.state).as(what + ": final state").isEqualTo(sequential.state);
            assertThat(o.env).as(what + ": environment").isEqualTo(sequential.env);
            assertThat(o.irreversible).as(what + ": irreversible effects").isEqualTo(sequential.irreversible);
        }
    }

    /** One run of {@code policy} on a new world or, when the world runs {@link TinyWorld.Config#twice()}, two on one. */
    private static Observed run(TinyWorld.Config config, SpeculationPolicy policy, long runSeed) {
        TinyWorld world = new TinyWorld(config, runSeed);
        SimulatedClock clock = new SimulatedClock(runSeed);
        SpeculativeRunner<TinyWorld.State> runner = SpeculativeRunner.builder(world.agent()).actor(world.actor())
                .speculator(world.speculator()).sideEffects(world.sideEffects()).sandbox(world.runnerSandbox())
                .policy(policy).clock(clock).limits(config.limits()).build();
        Observed first = check(policy.name(), config, world, clock, Usage.ZERO, runner.run());
        if (!config.twice()) {
            return first;
        }
        Usage before = world.charged;
        Observed second = check(policy.name() + " (second run)", config, world, clock, before, runner.run());
        return new Observed(concat(first.values, second.values), second.state, second.env, second.irreversible,
                second.result);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Checks one finished run; {@code before} is what the world had charged before it. */
    private static Observed check(String what, TinyWorld.Config config, TinyWorld world, SimulatedClock clock,
                                  Usage before, RunResult<TinyWorld.State> result) {
        assertThat(world.violations).as(what + ": broken rules").isEmpty();
        assertThat(world.inFlight).as(what + ": in flight").isZero();
        Usage charged = world.charged;
        clock.drain(); // late reports of calls that finished as they were cancelled, or as the run finished: ignored
        assertThat(world.charged).as(what + ": charged after the run").isEqualTo(charged);
        assertThat(world.forks).as(what + ": open forks").noneMatch(Fork::isOpen);
        double cost = result.ledger().stream().mapToDouble(e -> e.usage().costUsd()).sum();
        assertThat(cost).as(what + ": ledger cost").isCloseTo(world.charged.costUsd() - before.costUsd(), within(1e-9));
        double speculative = result.ledger().stream().filter(e -> e.role() == Role.BRANCH || e.role() == Role.SPECULATOR)
                .mapToDouble(e -> e.usage().costUsd()).sum();
        assertThat(speculative).as(what + ": speculative spend")
                .isLessThanOrEqualTo(config.limits().maxSpeculativeCostUsd() + 1e-12);
        assertThat(result.figures().peakConcurrency()).as(what + ": peak concurrency")
                .isLessThanOrEqualTo(config.limits().maxInFlight());
        return new Observed(result.trajectory().stream().map(Outcome::text).toList(), result.finalState(), world.env(),
                world.irreversibleEffects.stream().map(Object::toString).toList(), result);
    }
}
