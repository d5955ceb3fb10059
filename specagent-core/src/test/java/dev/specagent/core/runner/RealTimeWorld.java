package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.CallTally;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SleepingCall;
import dev.specagent.core.sandbox.Fork;
import dev.specagent.core.sim.SyntheticWorld;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SyntheticWorld} whose actor and speculator run in real time as {@link SleepingCall}s: every call
 * sleeps its latency on a virtual thread (a hung attempt until it is cancelled) and reports from there. The
 * speculator sometimes throws from {@code propose} or fails from its thread; a cancel after a call finished
 * returns its full usage or, in some worlds, nothing. Counts the calls the runner made, keeps the forks calls
 * ran on and the committed state after each write of the committed path.
 */
final class RealTimeWorld {

    private final SyntheticWorld world;
    private final CallTally tally = new CallTally();
    private final boolean lateCancelReturnsNothing;
    private final double speculatorThrows;
    private final SplittableRandom random;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger crashes = new AtomicInteger();
    private final List<Fork> forks = new ArrayList<>();
    private final List<SyntheticWorld.Env> committedEnvs = new ArrayList<>();

    RealTimeWorld(SyntheticWorld.Config config, long seed) {
        this.world = new SyntheticWorld(config);
        this.random = new SplittableRandom(seed * 7919 + 17);
        this.lateCancelReturnsNothing = random.nextBoolean();
        this.speculatorThrows = random.nextBoolean() ? random.nextDouble() * 0.2 : 0;
        committedEnvs.add(world.sandbox().root().state());
    }

    SyntheticWorld world() {
        return world;
    }

    CallTally tally() {
        return tally;
    }

    Actor actor() {
        return new Actor() {
            @Override
            public CallHandle start(Call call, CallContext ctx) {
                calls.incrementAndGet();
                SyntheticWorld.Attempt attempt = world.attempt(call, ctx);
                ctx.view().filter(v -> v != world.sandbox().root()).ifPresent(v -> {
                    synchronized (forks) {
                        forks.add((Fork) v);
                    }
                });
                double cost = world.config().actorCostUsd();
                long nanos = Math.max(1, Clock.nanos(attempt.latencySeconds()));
                return SleepingCall.start(ctx.clock(), tally, attempt.hangs() ? 20 * nanos : nanos, attempt.hangs(),
                        full(cost), share -> SyntheticWorld.usage(cost, share), lateCancelReturnsNothing, () -> {
                            if (attempt.fails()) {
                                ctx.fail(attempt.failure(), full(cost));
                                return;
                            }
                            world.applyEffects(attempt);
                            if (!ctx.speculative() && attempt.effect().ordinal() >= SideEffect.REVERSIBLE.ordinal()) {
                                synchronized (committedEnvs) {
                                    committedEnvs.add(world.sandbox().root().state());
                                }
                            }
                            ctx.succeed(LongNode.valueOf(attempt.value()), full(cost));
                        });
            }

            @Override
            public Estimate estimate(Call call) {
                return world.actorEstimate();
            }
        };
    }

    Speculator<SyntheticWorld.State> speculator() {
        return new Speculator<>() {
            @Override
            public CallHandle propose(SyntheticWorld.State state, Call pending, int k, Clock clock,
                                      Completion<List<Guess>> done) {
                calls.incrementAndGet();
                double draw = draw();
                if (draw < speculatorThrows / 2) {
                    crashes.incrementAndGet();
                    throw new IllegalStateException("injected speculator crash");
                }
                boolean fails = draw < speculatorThrows;
                List<Guess> guesses = world.guesses(pending, k);
                double cost = world.config().speculatorCostUsd();
                return SleepingCall.start(clock, tally, Clock.nanos(world.proposalSeconds(pending)), false, full(cost),
                        share -> SyntheticWorld.usage(cost, share), lateCancelReturnsNothing, () -> {
                            if (fails) {
                                done.fail(new IllegalStateException("injected speculator failure"), full(cost));
                            } else {
                                done.succeed(guesses, full(cost));
                            }
                        });
            }

            @Override
            public Estimate estimate() {
                return world.speculatorEstimate();
            }
        };
    }

    /** Calls the runner made of the actor and the speculator, those that threw included. */
    int calls() {
        return calls.get();
    }

    /** Proposals that threw instead of starting (the runner may still cancel them before it sees the failure). */
    int crashes() {
        return crashes.get();
    }

    List<Fork> forks() {
        synchronized (forks) {
            return List.copyOf(forks);
        }
    }

    /** The committed state after each write on the committed path, the initial state first. */
    List<SyntheticWorld.Env> committedEnvs() {
        synchronized (committedEnvs) {
            return List.copyOf(committedEnvs);
        }
    }

    private synchronized double draw() {
        return random.nextDouble();
    }

    private static Usage full(double cost) {
        return SyntheticWorld.usage(cost, 1.0);
    }
}
