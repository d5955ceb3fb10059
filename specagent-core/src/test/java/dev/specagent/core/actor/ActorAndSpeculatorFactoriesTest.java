package dev.specagent.core.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.sandbox.View;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ActorAndSpeculatorFactoriesTest {

    /** A context that hands the call's end to a future (completions arrive on worker threads). */
    private static final class FutureContext implements CallContext {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final Clock clock;

        FutureContext(Clock clock) {
            this.clock = clock;
        }

        @Override public Clock clock() { return clock; }
        @Override public boolean speculative() { return false; }
        @Override public Optional<View> view() { return Optional.empty(); }
        @Override public void succeed(JsonNode value, Usage usage) { result.complete(value); }
        @Override public void fail(Throwable error, Usage spent) { result.complete(error); }
    }

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
        List<List<Guess>> reported = new java.util.ArrayList<>();
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
}
