package dev.specagent.core.actor;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class ActorAndSpeculatorFactoriesTest {

    @Test
    void aBlockingActorReportsItsValueOrItsException() throws Exception {
        try (RealClock clock = new RealClock()) {
            Actor actor = Actor.blocking(call -> {
                if (call.tool().equals("boom")) {
                    throw new IllegalStateException("no such thing");
                }
                return call.args().get("n").asInt() * 2;
            });
            FutureContext ok = new FutureContext(clock);
            actor.start(Call.of("double", "n", 21), ok);
            assertThat(ok.result.get(5, TimeUnit.SECONDS).toString()).isEqualTo("42");
            FutureContext none = new FutureContext(clock);
            Actor.blocking(call -> null).start(Call.of("lookup"), none);
            assertThat(none.result.get(5, TimeUnit.SECONDS)).as("null is JSON null, not a failure")
                    .isEqualTo(NullNode.getInstance());
            FutureContext bad = new FutureContext(clock);
            actor.start(Call.of("boom"), bad);
            assertThat(bad.result.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void cancellingABlockingActorInterruptsItsThreadAndReportsNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (RealClock clock = new RealClock()) {
            Actor actor = Actor.blocking(call -> {
                started.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return "late";
            });
            FutureContext context = new FutureContext(clock);
            CallHandle handle = actor.start(Call.of("slow"), context);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(handle.cancel()).isEqualTo(Usage.ZERO);
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThat(context.result).isNotDone();
        }
    }

    @Test
    void aHeuristicSpeculatorKeepsTheFirstKGuessesAndTurnsErrorsIntoNoGuess() {
        SimulatedClock clock = new SimulatedClock(1);
        Speculator<String> speculator = Speculator.of((state, pending, k) -> {
            if (state.equals("broken")) {
                throw new IllegalArgumentException("cannot guess");
            }
            return List.of(Guess.of("a", 0.6), Guess.of("b", 0.3), Guess.of("c", 0.1));
        });
        List<List<Guess>> reported = new ArrayList<>();
        Completion<List<Guess>> done = new Completion<>() {
            @Override public void succeed(List<Guess> value, Usage usage) { reported.add(value); }
            @Override public void fail(Throwable error, Usage spent) { throw new AssertionError(error); }
        };
        speculator.propose("ok", Call.of("t"), 2, clock, done);
        speculator.propose("broken", Call.of("t"), 2, clock, done);
        clock.drain();
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).extracting(g -> g.value().asText()).containsExactly("a", "b");
        assertThat(reported.get(1)).isEmpty();
    }

    /**
     * A heuristic whose list holds a null (a map lookup that missed, say) used to stop the whole run with
     * "run stopped: java.lang.NullPointerException" from the event loop; the null is skipped like a missing guess.
     */
    @Test
    void aHeuristicsNullGuessIsSkippedAndTheRunGoesOn() {
        Agent<Integer> count = new Agent<>() {
            @Override public Integer initialState() { return 0; }
            @Override public Optional<Call> nextCall(Integer n) { return n >= 3 ? Optional.empty() : Optional.of(Call.of("inc", "n", n)); }
            @Override public Integer transition(Integer n, Outcome outcome) { return outcome.value().asInt(); }
        };
        Actor inc = (call, context) -> {
            Clock.Timer timer = context.clock().schedule(Clock.nanos(1),
                    () -> context.succeed(CanonicalJson.valueOf(call.args().get("n").asInt() + 1), Usage.ZERO));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        Speculator<Integer> nullAfterTheRightGuess = Speculator.of((n, pending, k) -> Arrays.asList(null, Guess.of(n + 1, 0.9), null));

        RunResult<Integer> result = SpeculativeRunner.builder(count).actor(inc).speculator(nullAfterTheRightGuess)
                .policy(new ChainedPolicy(2)).clock(new SimulatedClock(1)).sideEffects(SideEffects.allReadOnly()).build().run();

        assertThat(result.finalState()).isEqualTo(3);
        assertThat(result.figures().hits()).as("the non-null guess still opens its branch").isEqualTo(2);
    }

    @Test
    void theSpeculatorThatNeverGuessesReportsNoGuessesAtNoCost() {
        SimulatedClock clock = new SimulatedClock(1);
        List<Object> reports = new ArrayList<>();
        CallHandle handle = Speculator.<String>none().propose("state", Call.of("t"), 3, clock, new Completion<>() {
            @Override
            public void succeed(List<Guess> guesses, Usage usage) {
                reports.add(guesses);
                reports.add(usage);
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                reports.add(error);
            }
        });
        assertThat(handle).isSameAs(CallHandle.NONE);
        assertThat(reports).as("reported on the clock's loop, not inside propose").isEmpty();
        clock.drain();
        assertThat(reports).containsExactly(List.of(), Usage.ZERO);
    }

    /**
     * A blocking call's thread may come from a pool: cancelling the call after its work ended must not interrupt the
     * thread, which may be running someone else's work by then.
     */
    @Test
    void cancellingABlockingCallAfterItEndedDoesNotInterruptItsThreadsNextWork() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SimulatedClock loop = new SimulatedClock(1);
        Clock pooled = new Clock() {
            @Override
            public long nanoTime() {
                return loop.nanoTime();
            }

            @Override
            public Timer schedule(long delayNanos, Runnable task) {
                return loop.schedule(delayNanos, task);
            }

            @Override
            public void runUntil(BooleanSupplier done) {
                loop.runUntil(done);
            }

            @Override
            public Executor blockingExecutor() {
                return pool;
            }

            @Override
            public boolean isSimulated() {
                return false;
            }
        };
        try {
            CountDownLatch firstEnded = new CountDownLatch(1);
            CallHandle first = BlockingCall.start(pooled, () -> "first", value -> firstEnded.countDown(), error -> { });
            assertThat(firstEnded.await(5, TimeUnit.SECONDS)).isTrue();
            CountDownLatch secondRunning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> secondInterrupted = new CompletableFuture<>();
            BlockingCall.start(pooled, () -> {
                secondRunning.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                    secondInterrupted.complete(false);
                } catch (InterruptedException e) {
                    secondInterrupted.complete(true);
                }
                return "second";
            }, value -> { }, error -> { });
            assertThat(secondRunning.await(5, TimeUnit.SECONDS)).isTrue(); // so the first call's work has ended
            assertThat(first.cancel()).isEqualTo(Usage.ZERO);
            release.countDown();
            assertThat(secondInterrupted.get(5, TimeUnit.SECONDS)).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
