package dev.specagent.core.runner;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.policy.AdaptivePolicy;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sim.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TinyWorld}'s agent on a {@link RealClock} with {@link Actor#blocking} (which sees no sandbox, so the runner
 * gets none: committed writes change the world directly, from virtual threads, while reads run ahead of them) and a
 * synchronous {@link Speculator#of} heuristic that reads the world from the event loop. Every policy must commit
 * what the sequential run commits, start no write speculatively and leave no blocking work running.
 */
class BlockingActorRealClockTest {

    private static final int WORLDS = Integer.getInteger("specagent.blockingWorlds", 25);

    @Test
    void blockingActorsOnRealTimeAreLossless() {
        Seeds.each(WORLDS, BlockingActorRealClockTest::check);
    }

    private record Observed(List<String> values, TinyWorld.State state, TinyWorld.Env env, List<String> irreversible) {
    }

    private static void check(long seed) {
        TinyWorld.Config config = TinyWorld.Config.of(seed);
        SplittableRandom r = new SplittableRandom(seed);
        int k = 1 + r.nextInt(3);
        List<SpeculationPolicy> policies = List.of(new SequentialPolicy(), new Algorithm1Policy(k, r.nextBoolean()),
                new ChainedPolicy(k, 1 + r.nextInt(4)), new AdaptivePolicy(k, 1 + r.nextInt(4), 0.01, 0));
        Observed sequential = null;
        for (SpeculationPolicy policy : policies) {
            Observed o = run(config, policy, seed);
            if (sequential == null) {
                sequential = o;
                continue;
            }
            assertThat(o).as(policy.name() + " vs sequential (" + config + ")").isEqualTo(sequential);
        }
    }

    private static Observed run(TinyWorld.Config config, SpeculationPolicy policy, long seed) {
        TinyWorld world = new TinyWorld(config, seed);
        List<String> broken = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        Actor blocking = Actor.blocking(call -> {
            running.incrementAndGet();
            try {
                Thread.sleep(1 + Math.floorMod(world.hash(call), 3L));
                var root = world.sandbox.root();
                int v = world.valueOf(call, root.state());
                SideEffect effect = world.sideEffects().of(call);
                if (effect == SideEffect.REVERSIBLE || effect == SideEffect.IRREVERSIBLE) {
                    root.update(env -> new TinyWorld.Env(env.writes() + 1, TinyWorld.mix(env.digest(), world.hash(call))));
                    synchronized (world.irreversibleEffects) {
                        world.irreversibleEffects.add(call);
                    }
                }
                return world.spell(v, (int) Math.floorMod(seed, 6L));
            } finally {
                running.decrementAndGet();
            }
        });
        Actor actor = new Actor() {
            @Override
            public CallHandle start(Call call, CallContext ctx) {
                SideEffect effect = world.sideEffects().of(call);
                if (ctx.speculative() && !effect.speculativeAllowed(false)) {
                    broken.add(effect + " " + call + " started speculatively");
                }
                return blocking.start(call, ctx);
            }
        };
        Speculator<TinyWorld.State> speculator = Speculator.of((state, pending, k) -> {
            int actual = world.valueOf(pending, world.sandbox.root().state());
            return List.of(Guess.of(world.spell((actual + 1) % (config.values() + 1), 1), 0.3),
                    new Guess(world.spell(actual, 2), 0.6), new Guess(world.spell(actual, 0), 0.6));
        });
        RunResult<TinyWorld.State> result;
        try (RealClock clock = new RealClock()) {
            result = SpeculativeRunner.builder(world.agent()).actor(actor).speculator(speculator)
                    .sideEffects(world.sideEffects()).policy(policy).clock(clock).build().run();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (running.get() != 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        assertThat(broken).as(policy.name() + ": broken rules").isEmpty();
        assertThat(running.get()).as(policy.name() + ": blocking work still running after the run").isZero();
        return new Observed(result.trajectory().stream().map(Outcome::text).toList(), result.finalState(), world.env(),
                world.irreversibleEffects.stream().map(Object::toString).toList());
    }
}
