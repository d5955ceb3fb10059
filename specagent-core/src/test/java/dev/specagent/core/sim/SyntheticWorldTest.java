package dev.specagent.core.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.FutureContext;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.sandbox.View;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SyntheticWorldTest {

    /** A committed call's context; the attempts drawn here are never run, so nothing reports to it. */
    private static final CallContext COMMITTED = new FutureContext(new SimulatedClock(1));

    /** A world that injects failures, so that the attempt numbers decide what happens. */
    private final SyntheticWorld world = new SyntheticWorld(new SyntheticWorld.Config(0.7, 5, 1, 10, 3, 0.5, 0.1, false,
            0, 0));

    @Test
    void attemptsAreNumberedPerCallOverEqualCalls() {
        assertThat(world.attempt(Call.of("step", "t", 1, "prev", 2), COMMITTED).number()).isZero();
        assertThat(world.attempt(Call.of("step", "prev", 2, "t", 1.0), COMMITTED).number()).isEqualTo(1);
        assertThat(world.attempt(Call.of("step", "t", 2, "prev", 2), COMMITTED).number()).isZero();
        assertThat(world.attempt(Call.of("other", "t", 1, "prev", 2), COMMITTED).number()).isZero();
        assertThat(world.attempt(Call.of("step", "t", 1, "prev", 2), COMMITTED).number()).isEqualTo(2);
    }

    /** At k = 8 a run starts about 75 distinct calls a step: counting their attempts must not keep them alive. */
    @Test
    void countingAttemptsKeepsNoCall() {
        WeakReference<Call> call = attemptOnce();
        for (int i = 0; i < 20 && call.get() != null; i++) {
            System.gc();
        }
        assertThat(call.get()).as("the call whose attempt was drawn, after the attempt was dropped").isNull();
        assertThat(world.attempt(Call.of("step", "t", 4, "prev", 5), COMMITTED).number()).isEqualTo(1);
    }

    private WeakReference<Call> attemptOnce() {
        Call call = Call.of("step", "t", 4, "prev", 5);
        assertThat(world.attempt(call, COMMITTED).number()).isZero();
        return new WeakReference<>(call);
    }

    /** A context on {@code clock} that notes when and how its call ended. */
    private static final class Noting implements CallContext {
        final Clock clock;
        final boolean speculative;
        long endedAt = -1;
        Object result;
        Usage usage;

        Noting(Clock clock, boolean speculative) {
            this.clock = clock;
            this.speculative = speculative;
        }

        @Override public Clock clock() { return clock; }
        @Override public boolean speculative() { return speculative; }
        @Override public Optional<View> view() { return Optional.empty(); }

        @Override
        public void succeed(JsonNode value, Usage usage) {
            end(value, usage);
        }

        @Override
        public void fail(Throwable error, Usage spent) {
            end(error, spent);
        }

        private void end(Object result, Usage usage) {
            this.endedAt = clock.nanoTime();
            this.result = result;
            this.usage = usage;
        }
    }

    private static SyntheticWorld world(double failures, double hangs, double actorCost) {
        return new SyntheticWorld(new SyntheticWorld.Config(0.7, 5, 2, 10, 11, failures, hangs, false, actorCost, 0.01));
    }

    /** The first call of {@code tool} whose first attempt, drawn in a twin of {@code world}, matches {@code which}. */
    private static Call firstCall(SyntheticWorld world, String tool, Predicate<SyntheticWorld.Attempt> which) {
        SyntheticWorld twin = new SyntheticWorld(world.config());
        return IntStream.range(0, 1000).mapToObj(i -> Call.of(tool, "t", i, "prev", 0))
                .filter(c -> which.test(twin.attempt(c, COMMITTED))).findFirst().orElseThrow();
    }

    private static long expectedNanos(SyntheticWorld world, Call call, int factor) {
        return Math.max(1, Clock.nanos(new SyntheticWorld(world.config()).attempt(call, COMMITTED).latencySeconds() * factor));
    }

    @Test
    void theAgentMakesStepsCallsAndTheirToolsFollowTheSideEffectsSetting() {
        SyntheticWorld plain = world(0, 0, 0);
        var agent = plain.agent();
        assertThat(agent.nextCall(new SyntheticWorld.State(9, 42))).hasValue(Call.of("step", "t", 9, "prev", 42));
        assertThat(agent.nextCall(new SyntheticWorld.State(10, 42))).isEmpty();
        var effects = new SyntheticWorld(new SyntheticWorld.Config(0.7, 5, 1, 300, 11, 0, 0, true, 0, 0)).agent();
        Set<String> tools = new HashSet<>();
        for (int step = 0; step < 300; step++) {
            tools.add(effects.nextCall(new SyntheticWorld.State(step, step * 7L)).orElseThrow().tool());
        }
        assertThat(tools).containsExactlyInAnyOrder("read", "idempotent", "reversible", "irreversible");
    }

    @Test
    void aToolsSideEffectClassIsItsName() {
        var effects = world(0, 0, 0).sideEffects();
        assertThat(effects.of(Call.of("read"))).isEqualTo(SideEffect.READ_ONLY);
        assertThat(effects.of(Call.of("step"))).isEqualTo(SideEffect.READ_ONLY);
        assertThat(effects.of(Call.of("idempotent"))).isEqualTo(SideEffect.IDEMPOTENT);
        assertThat(effects.of(Call.of("reversible"))).isEqualTo(SideEffect.REVERSIBLE);
        assertThat(effects.of(Call.of("irreversible"))).isEqualTo(SideEffect.IRREVERSIBLE);
    }

    @Test
    void anActorCallTakesItsLatencyOrTwentyTimesItWhenItHangsAndIsChargedItsCost() {
        SyntheticWorld world = world(0, 0.5, 0.02);
        for (boolean hangs : new boolean[]{false, true}) {
            Call call = firstCall(world, "step", a -> a.hangs() == hangs);
            SimulatedClock clock = new SimulatedClock(1);
            Noting ctx = new Noting(clock, false);
            world.actor().start(call, ctx);
            assertThat(world.inFlight()).isEqualTo(1);
            clock.drain();
            assertThat(world.inFlight()).isZero();
            assertThat(ctx.endedAt).as("hangs " + hangs).isEqualTo(expectedNanos(world, call, hangs ? 20 : 1));
            assertThat(ctx.result).isInstanceOf(JsonNode.class);
            assertThat(ctx.usage).isEqualTo(new Usage(100, 50, 0, 0.02));
        }
        assertThat(world.charged()).isEqualTo(new Usage(200, 100, 0, 0.04));
        assertThat(world.actorEstimate()).isEqualTo(new Estimate(0.5, 0.02, 0.02));
        assertThat(world.speculatorEstimate()).isEqualTo(new Estimate(0.2, 0.01, 0.01));
    }

    @Test
    void aFailingAttemptReportsAnInjectedFailureNamingTheCallAndWritesNothing() {
        SyntheticWorld world = world(0.5, 0, 0);
        Call call = firstCall(world, "irreversible", SyntheticWorld.Attempt::fails);
        SimulatedClock clock = new SimulatedClock(1);
        Noting ctx = new Noting(clock, false);
        world.actor().start(call, ctx);
        clock.drain();
        assertThat(ctx.result).isInstanceOf(IllegalStateException.class).extracting(r -> ((Exception) r).getMessage())
                .isEqualTo("injected failure of " + call + " attempt 0");
        assertThat(world.irreversibleEffects()).isEmpty();
        assertThat(world.sandbox().root().state()).isEqualTo(new SyntheticWorld.Env(0, 0));
    }

    @Test
    void aSuccessfulWriteChangesTheStateWhichLaterValuesRead() {
        SyntheticWorld world = world(0, 0, 0);
        Call read = Call.of("read", "t", 1, "prev", 0);
        long before = new SyntheticWorld(world.config()).attempt(read, COMMITTED).value();
        SimulatedClock clock = new SimulatedClock(1);
        Call irreversible = Call.of("irreversible", "t", 0, "prev", 0);
        world.actor().start(irreversible, new Noting(clock, false));
        clock.drain();
        SyntheticWorld.Env once = world.sandbox().root().state();
        assertThat(once.writes()).isEqualTo(1);
        assertThat(once.digest()).isNotZero();
        world.actor().start(Call.of("idempotent", "t", 0, "prev", 0), new Noting(clock, false));
        clock.drain();
        assertThat(world.sandbox().root().state()).as("an idempotent call writes nothing").isEqualTo(once);
        assertThat(world.irreversibleEffects()).containsExactly(irreversible);
        assertThat(world.attempt(read, COMMITTED).value()).isNotEqualTo(before);
        world.actor().start(Call.of("reversible", "t", 0, "prev", 0), new Noting(clock, false));
        clock.drain();
        assertThat(world.sandbox().root().state().writes()).isEqualTo(2);
        assertThat(world.irreversibleEffects()).containsExactly(irreversible);
        assertThat(world.speculativeIrreversibleCalls()).isEmpty();
    }

    @Test
    void anIrreversibleCallStartedOffTheCommittedPathIsNoted() {
        SyntheticWorld world = world(0, 0, 0);
        Call call = Call.of("irreversible", "t", 3, "prev", 0);
        world.attempt(Call.of("reversible", "t", 3, "prev", 0), new Noting(new SimulatedClock(1), true));
        world.attempt(call, new Noting(new SimulatedClock(1), true));
        assertThat(world.speculativeIrreversibleCalls()).containsExactly(call);
    }

    /** A cancelled call pays the share of its latency that ran, once; one that has ended is not charged again. */
    @Test
    void aCancelledCallPaysItsElapsedShareOnce() {
        SyntheticWorld world = world(0, 0, 1.0);
        Call call = Call.of("step", "t", 5, "prev", 0);
        long duration = expectedNanos(world, call, 1);
        SimulatedClock clock = new SimulatedClock(1);
        clock.schedule(Clock.nanos(100), () -> { });
        clock.drain();
        Noting ctx = new Noting(clock, false);
        CallHandle handle = world.actor().start(call, ctx);
        Usage[] cancelled = new Usage[2];
        clock.schedule(duration / 2, () -> {
            cancelled[0] = handle.cancel();
            cancelled[1] = handle.cancel();
        });
        clock.drain();
        assertThat(ctx.endedAt).isEqualTo(-1);
        assertThat(cancelled[0].costUsd()).isCloseTo(0.5, within(1e-6));
        assertThat(cancelled[0].completionTokens()).isBetween(24L, 25L);
        assertThat(cancelled[1]).isEqualTo(Usage.ZERO);
        assertThat(world.charged()).isEqualTo(cancelled[0]);
        assertThat(world.inFlight()).isZero();

        CallHandle ended = world.actor().start(Call.of("step", "t", 6, "prev", 0), new Noting(clock, false));
        clock.drain();
        Usage before = world.charged();
        assertThat(ended.cancel()).isEqualTo(Usage.ZERO);
        assertThat(world.charged()).isEqualTo(before);
    }

    @Test
    void theSpeculatorAnswersKGuessesAfterItsLatency() {
        SyntheticWorld world = world(0, 0, 0);
        Call call = Call.of("step", "t", 2, "prev", 0);
        SimulatedClock clock = new SimulatedClock(1);
        long[] at = {-1};
        List<List<Guess>> answer = new ArrayList<>();
        world.speculator().propose(new SyntheticWorld.State(2, 0), call, 3, clock, new Completion<>() {
            @Override
            public void succeed(List<Guess> value, Usage usage) {
                at[0] = clock.nanoTime();
                answer.add(value);
                assertThat(usage.costUsd()).isEqualTo(0.01);
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                throw new AssertionError(error);
            }
        });
        assertThat(world.inFlight()).isEqualTo(1);
        clock.drain();
        assertThat(world.inFlight()).isZero();
        assertThat(at[0]).isEqualTo(Math.max(1, Clock.nanos(world.proposalSeconds(call))));
        assertThat(answer).singleElement().satisfies(g -> assertThat(g).hasSize(3));
        assertThat(world.charged()).isEqualTo(new Usage(100, 50, 0, 0.01));
    }

    /**
     * The k guesses are distinct and equally confident (p/k); they hold the actor's value with probability p, at
     * any rank.
     */
    @Test
    void theGuessesHoldTheActorsValueWithProbabilityPAtAnyRank() {
        for (double p : new double[]{0, 1}) {
            SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Config.proposition1(p, 5, 1, 10, 4));
            Set<Integer> ranks = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                Call call = Call.of("step", "t", i, "prev", 0);
                long actual = world.attempt(call, COMMITTED).value();
                List<Guess> guesses = world.guesses(call, 4);
                assertThat(guesses).hasSize(4).extracting(Guess::confidence).containsOnly(p / 4);
                assertThat(guesses).extracting(Guess::value).doesNotHaveDuplicates();
                List<Long> values = guesses.stream().map(g -> g.value().asLong()).toList();
                assertThat(values.stream().filter(v -> v == actual).count()).as("p = " + p).isEqualTo((long) p);
                if (p == 1) {
                    ranks.add(values.indexOf(actual));
                }
            }
            if (p == 1) {
                assertThat(ranks).containsExactlyInAnyOrder(0, 1, 2, 3);
            }
        }
    }

    /** Whether an attempt hangs and whether it fails are separate draws: at 1/2 each, about a quarter do both. */
    @Test
    void hangsAndFailuresAreDrawnIndependently() {
        SyntheticWorld world = new SyntheticWorld(new SyntheticWorld.Config(0.7, 5, 1, 10, 0, 0.5, 0.5, false, 0, 0));
        long both = IntStream.range(0, 400).mapToObj(i -> world.attempt(Call.of("step", "t", i, "prev", 0), COMMITTED))
                .filter(a -> a.hangs() && a.fails()).count();
        assertThat(both).isBetween(70L, 130L);
    }

    /**
     * A cost that no call can be charged (negative, NaN, infinite) is refused with the world, naming it, like every
     * other parameter; it was accepted, and the first run failed mid-way with "bad estimate: ... cost -1.0".
     */
    @Test
    void aCostNoCallCanBeChargedIsRefusedWithTheWorld() {
        for (double bad : new double[]{-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new SyntheticWorld.Config(0.5, 1, 1, 5, 1, 0, 0, false, bad, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor cost")
                    .hasMessageContaining(String.valueOf(bad));
            assertThatThrownBy(() -> new SyntheticWorld.Config(0.5, 1, 1, 5, 1, 0, 0, false, 0, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speculator cost")
                    .hasMessageContaining(String.valueOf(bad));
        }
    }
}
