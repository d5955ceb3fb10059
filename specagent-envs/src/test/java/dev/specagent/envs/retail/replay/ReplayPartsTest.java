package dev.specagent.envs.retail.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.ScoredCall;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.envs.retail.tasks.RetailTask;
import dev.specagent.envs.retail.tasks.TaskSplit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of a gold-call replay on their own, in simulated time: the actor's decisions and the guess adapter. */
class ReplayPartsTest {

    private final RetailDatabase fresh = RetailData.database();
    private final List<ToolCallRecord> gold = RetailData.tasks(TaskSplit.TEST).getFirst().actions();
    private final Latencies latencies = new Latencies(3.0, 1.5, 0.25);

    /** How a call on the committed state ended. */
    private static final class Ended implements Completion<JsonNode> {
        final SimulatedClock clock = new SimulatedClock(1);
        final List<JsonNode> values = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        CallContext context() {
            return CallContext.of(clock, false, null, this);
        }

        @Override
        public void succeed(JsonNode value, Usage usage) {
            values.add(value);
        }

        @Override
        public void fail(Throwable error, Usage spent) {
            errors.add(error);
        }
    }

    private RetailReplayActor actor() {
        return new RetailReplayActor(gold, new SnapshotSandbox<>(fresh), latencies);
    }

    @Test
    void aDecisionAnswersWithTheGoldCallAndOneBeyondTheGoldFailsNamingItsStep() {
        Ended ctx = new Ended();
        actor().start(Call.of(GoldCallAgent.DECIDE, "step", gold.size() - 1), ctx.context());
        ctx.clock.drain();
        assertThat(ctx.values).containsExactly(GoldCallAgent.decisionValue(gold.getLast()));
        assertThat(ctx.clock.nanoTime()).isEqualTo(Clock.nanos(3.0));
        for (int step : new int[] {gold.size(), -1}) {
            Ended beyond = new Ended();
            assertThat(actor().start(Call.of(GoldCallAgent.DECIDE, "step", step), beyond.context())).isSameAs(CallHandle.NONE);
            beyond.clock.drain();
            assertThat(beyond.values).isEmpty();
            assertThat(beyond.errors).singleElement().satisfies(e -> assertThat(e)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("no gold call " + step));
        }
    }

    @Test
    void aCancelledCallNeverCompletesAndEstimatesAreTheLatencies() {
        RetailReplayActor actor = actor();
        for (Call call : List.of(Call.of(GoldCallAgent.DECIDE, "step", 0), gold.getFirst().call())) {
            Ended ctx = new Ended();
            CallHandle handle = actor.start(call, ctx.context());
            assertThat(handle.cancel()).isEqualTo(Usage.ZERO);
            ctx.clock.drain();
            assertThat(ctx.values).as("%s", call.tool()).isEmpty();
            assertThat(ctx.errors).isEmpty();
        }
        assertThat(actor.estimate(Call.of(GoldCallAgent.DECIDE, "step", 0)).latencySeconds()).isEqualTo(3.0);
        assertThat(actor.estimate(gold.getFirst().call()).latencySeconds()).isEqualTo(1.5);
    }

    /** Proposes fixed calls with fixed scores and counts how often it is asked. */
    private static final class Fixed implements CallSpeculator {
        final List<ScoredCall> calls;
        int asked;

        Fixed(List<ScoredCall> calls) {
            this.calls = calls;
        }

        @Override
        public List<ScoredCall> propose(Transcript soFar, int k) {
            asked++;
            return calls;
        }

        @Override
        public String name() {
            return "fixed";
        }
    }

    private static final class Guesses implements Completion<List<Guess>> {
        final List<List<Guess>> got = new ArrayList<>();

        @Override
        public void succeed(List<Guess> value, Usage usage) {
            got.add(value);
        }

        @Override
        public void fail(Throwable error, Usage spent) {
            throw new AssertionError(error);
        }
    }

    @Test
    void decisionsAreGuessedWithConfidencesRelativeToTheBestScoreAndToolCallsAreNot() {
        ToolCallRecord a = ToolCallRecord.pending("get_user_details", CanonicalJson.object("user_id", "u_1"));
        ToolCallRecord b = ToolCallRecord.pending("get_order_details", CanonicalJson.object("order_id", "#W1"));
        Fixed fixed = new Fixed(List.of(new ScoredCall(a, 0.4), new ScoredCall(b, 0.1)));
        CallGuessSpeculator speculator = new CallGuessSpeculator(fixed, 0.25);
        assertThat(speculator.estimate().latencySeconds()).isEqualTo(0.25);

        SimulatedClock clock = new SimulatedClock(1);
        Guesses done = new Guesses();
        speculator.propose(ReplayState.start(), Call.of(GoldCallAgent.DECIDE, "step", 0), 2, clock, done);
        clock.drain();
        assertThat(clock.nanoTime()).isEqualTo(Clock.nanos(0.25));
        assertThat(done.got).singleElement().satisfies(g -> assertThat(g).containsExactly(
                new Guess(GoldCallAgent.decisionValue(a), 1.0), new Guess(GoldCallAgent.decisionValue(b), 0.25)));

        Guesses forATool = new Guesses();
        speculator.propose(ReplayState.start(), a.call(), 2, clock, forATool);
        clock.drain();
        assertThat(forATool.got).as("tool outputs are never guessed").containsExactly(List.of());
        assertThat(fixed.asked).isEqualTo(1);

        Guesses cancelled = new Guesses();
        assertThat(speculator.propose(ReplayState.start(), Call.of(GoldCallAgent.DECIDE, "step", 0), 2, clock,
                cancelled).cancel()).isEqualTo(Usage.ZERO);
        clock.drain();
        assertThat(cancelled.got).isEmpty();
    }

    @Test
    void atKZeroTheReplayIsSequentialAndTheSpeculatorIsNeverAsked() {
        RetailTask task = RetailData.tasks(TaskSplit.TEST).getFirst();
        Fixed fixed = new Fixed(List.of(new ScoredCall(task.actions().getFirst(), 1.0)));
        var run = SpeculativeGoldReplay.run(task.actions(), fresh, fixed, 0, latencies, 7);
        assertThat(fixed.asked).isZero();
        assertThat(run.speculativeStarts()).isEmpty();
        assertThat(run.run().figures().savedPct()).isZero();
    }

    @Test
    void aLatencyThatIsNoNumberOfSecondsAClockCanScheduleIsRefusedNamingIt() {
        // a NaN speculator latency used to be taken as an instant speculator, an infinite decision as Long.MAX_VALUE ns
        assertThatThrownBy(() -> new Latencies(3.0, 1.0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("speculator NaN s");
        assertThatThrownBy(() -> new Latencies(Double.POSITIVE_INFINITY, 1.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decision Infinity s");
        assertThatThrownBy(() -> new Latencies(3.0, 2e6, 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 2000000.0 s");
        assertThat(new Latencies(Clock.MAX_CALL_SECONDS, 1.0, Clock.MAX_CALL_SECONDS).speculatorSeconds())
                .isEqualTo(Clock.MAX_CALL_SECONDS);
    }

    @Test
    void theFirstGuessHasConfidenceOneWhateverTheScoresAndNoScoreLosesTheProposal() {
        ToolCallRecord a = ToolCallRecord.pending("get_user_details", CanonicalJson.object("user_id", "u_1"));
        ToolCallRecord b = ToolCallRecord.pending("get_order_details", CanonicalJson.object("order_id", "#W1"));
        ToolCallRecord c = ToolCallRecord.pending("get_order_details", CanonicalJson.object("order_id", "#W2"));
        // an LLM whose calls all say "confidence": 0 used to give every guess 0; an infinite or NaN score (a
        // third-party speculator's) made a NaN confidence, and the whole proposal failed with no guesses
        assertThat(confidences(List.of(new ScoredCall(a, 0), new ScoredCall(b, 0)))).containsExactly(1.0, 1.0);
        assertThat(confidences(List.of(new ScoredCall(a, -2), new ScoredCall(b, -3)))).containsExactly(1.0, 0.0);
        assertThat(confidences(List.of(new ScoredCall(a, Double.POSITIVE_INFINITY), new ScoredCall(b, 1),
                new ScoredCall(c, Double.POSITIVE_INFINITY)))).containsExactly(1.0, 0.0, 1.0);
        assertThat(confidences(List.of(new ScoredCall(a, 0.5), new ScoredCall(b, Double.NaN),
                new ScoredCall(c, 0.25)))).containsExactly(1.0, 0.0, 0.5);
        assertThat(confidences(List.of(new ScoredCall(a, Double.NaN), new ScoredCall(b, 0.5))))
                .containsExactly(1.0, 1.0);
    }

    private static List<Double> confidences(List<ScoredCall> calls) {
        SimulatedClock clock = new SimulatedClock(1);
        Guesses done = new Guesses();
        new CallGuessSpeculator(new Fixed(calls), 0).propose(ReplayState.start(), Call.of(GoldCallAgent.DECIDE,
                "step", 0), calls.size(), clock, done);
        clock.drain();
        return done.got.getFirst().stream().map(Guess::confidence).toList();
    }
}
