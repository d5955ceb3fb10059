package dev.specagent.bench;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.policy.Policies;
import dev.specagent.core.runner.SpeculativeRunner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The runner's own overhead per committed step: an agent of {@value #STEPS} steps whose calls take
 * one simulated second (simulated clock) or no time at all (real clock, virtual threads), and a
 * speculator whose first guess is right and arrives before the actor's value, so every policy exercises its
 * whole mechanism: on both clocks {@code algorithm1} hits every other step (a hit's step gets no speculation)
 * and {@code chained} nearly every step. The score is the time per step; steps per second is its inverse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RunnerBenchmark {

    static final int STEPS = 1000;

    @Param({"sequential", "algorithm1", "chained"})
    public String policy;

    private RealClock realClock;

    @Setup(Level.Trial)
    public void setUp() {
        realClock = new RealClock();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        realClock.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object simulatedClock() {
        return runner(policy, new SimulatedClock(1), false).run().trajectory().size();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object realClockVirtualThreads() {
        return runner(policy, realClock, true).run().trajectory().size();
    }

    /** The benchmarked run under {@code policy}; {@code realThreads} when {@code clock} is a {@link RealClock}. */
    static SpeculativeRunner<Integer> runner(String policy, Clock clock, boolean realThreads) {
        return SpeculativeRunner.<Integer>builder()
                .agent(COUNTER)
                .actor(actor(realThreads))
                .speculator(speculator(realThreads))
                .policy(Policies.byName(policy, 1, 4))
                .clock(clock)
                .sideEffects(SideEffects.allReadOnly())
                .build();
    }

    private static final Agent<Integer> COUNTER = new Agent<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Optional<Call> nextCall(Integer step) {
            return step < STEPS ? Optional.of(Call.of("step", "t", step)) : Optional.empty();
        }

        @Override
        public Integer transition(Integer step, Outcome outcome) {
            return outcome.value().intValue();
        }
    };

    /**
     * Guesses right, before the actor answers: after 0.1 simulated seconds (the actor takes 1), or at once on
     * the real clock, where the report is queued on the event loop before the actor's virtual thread starts.
     */
    private static Speculator<Integer> speculator(boolean realThreads) {
        if (realThreads) {
            return (state, pending, k, clock, done) -> {
                done.succeed(List.of(Guess.of(state + 1, 0.9)), Usage.ZERO);
                return CallHandle.NONE;
            };
        }
        return (state, pending, k, clock, done) -> {
            clock.schedule(Clock.nanos(0.1), () -> done.succeed(List.of(Guess.of(state + 1, 0.9)), Usage.ZERO));
            return CallHandle.NONE;
        };
    }

    private static Actor actor(boolean realThreads) {
        return (call, ctx) -> {
            LongNode value = LongNode.valueOf(call.args().get("t").longValue() + 1);
            if (realThreads) {
                // The virtual thread starts from the event loop, so a guess asked for with this call is in first.
                Executor threads = ctx.clock().blockingExecutor();
                Clock.Timer start = ctx.clock().schedule(0, () -> threads.execute(() -> ctx.succeed(value, Usage.ZERO)));
                return () -> {
                    start.cancel();
                    return Usage.ZERO;
                };
            }
            Clock.Timer timer = ctx.clock().schedule(Clock.nanos(1), () -> ctx.succeed(value, Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
    }
}
