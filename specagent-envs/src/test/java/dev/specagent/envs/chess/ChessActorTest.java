package dev.specagent.envs.chess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.envs.chess.players.ChessPlayer;
import dev.specagent.envs.chess.rules.Position;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chess agent's think calls and the actor that hands each to the player of the side to move, with scripted
 * players that answer at once.
 */
class ChessActorTest {

    /** A player that answers {@code move} (or fails with {@code failure}), recording where it was asked to think. */
    private static final class Scripted implements ChessPlayer {
        final List<Position> asked = new ArrayList<>();
        final List<Boolean> speculative = new ArrayList<>();
        final String move;
        final RuntimeException failure;
        final Estimate estimate;

        Scripted(String move, RuntimeException failure, Estimate estimate) {
            this.move = move;
            this.failure = failure;
            this.estimate = estimate;
        }

        @Override
        public CallHandle play(Position position, Clock clock, Completion<String> done) {
            throw new AssertionError("the actor says whether a think is speculative");
        }

        @Override
        public CallHandle play(Position position, boolean spec, Clock clock, Completion<String> done) {
            asked.add(position);
            speculative.add(spec);
            if (failure != null) {
                done.fail(failure, Usage.ofCost(0.5));
            } else {
                done.succeed(move, Usage.ofCost(0.25));
            }
            return CallHandle.NONE;
        }

        @Override
        public boolean deterministic() {
            return true;
        }

        @Override
        public String describe() {
            return "scripted " + move;
        }

        @Override
        public Estimate estimate() {
            return estimate;
        }
    }

    /** What a call reported. */
    private static final class Recording implements Completion<JsonNode> {
        final boolean speculative;
        final Clock clock = new SimulatedClock(1);
        JsonNode value;
        Usage usage;
        Throwable error;

        Recording(boolean speculative) {
            this.speculative = speculative;
        }

        CallContext context() {
            return CallContext.of(clock, speculative, null, this);
        }

        @Override
        public void succeed(JsonNode v, Usage u) {
            value = v;
            usage = u;
        }

        @Override
        public void fail(Throwable e, Usage spent) {
            error = e;
            usage = spent;
        }
    }

    private static final Estimate WHITE_ESTIMATE = new Estimate(2.0, 0.01, 0.02);
    private static final Estimate BLACK_ESTIMATE = new Estimate(3.0, 0.03, 0.04);

    @Test
    void aThinkGoesToThePlayerOfTheSideToMoveWithItsPositionAndReportsItsMoveAndThePlyReached() {
        Scripted white = new Scripted("e2e4", null, WHITE_ESTIMATE);
        Scripted black = new Scripted("c7c5", null, BLACK_ESTIMATE);
        List<Integer> thought = new ArrayList<>();
        ChessActor actor = new ChessActor(white, black, thought::add);
        Position afterE4 = Position.start().play("e2e4");

        Recording whiteThink = new Recording(false);
        actor.start(ChessAgent.thinkAt(Position.start()), whiteThink.context());
        Recording blackBranch = new Recording(true);
        actor.start(ChessAgent.thinkAt(afterE4), blackBranch.context());

        assertThat(white.asked).containsExactly(Position.start());
        assertThat(white.speculative).containsExactly(false);
        assertThat(black.asked).containsExactly(afterE4);
        assertThat(black.speculative).as("a branch's think is speculative").containsExactly(true);
        assertThat(whiteThink.value.asText()).isEqualTo("e2e4");
        assertThat(whiteThink.usage).isEqualTo(Usage.ofCost(0.25));
        assertThat(blackBranch.value.asText()).isEqualTo("c7c5");
        assertThat(thought).as("the ply count each think reached").containsExactly(1, 2);
        assertThat(actor.estimate(ChessAgent.thinkAt(Position.start()))).isEqualTo(WHITE_ESTIMATE);
        assertThat(actor.estimate(ChessAgent.thinkAt(afterE4))).isEqualTo(BLACK_ESTIMATE);
    }

    @Test
    void aFailedThinkFailsTheCallWithItsSpendAndReachesNoPly() {
        IllegalStateException refused = new IllegalStateException("no legal move");
        List<Integer> thought = new ArrayList<>();
        ChessActor actor = new ChessActor(new Scripted(null, refused, Estimate.UNKNOWN),
                new Scripted("e7e5", null, Estimate.UNKNOWN), thought::add);

        Recording ended = new Recording(false);
        actor.start(ChessAgent.thinkAt(Position.start()), ended.context());

        assertThat(ended.error).isSameAs(refused);
        assertThat(ended.usage).isEqualTo(Usage.ofCost(0.5));
        assertThat(ended.value).isNull();
        assertThat(thought).isEmpty();
    }

    @Test
    void theThinkCallNamesSideFenAndMovesAndReadsBackAsItsPosition() {
        Position p = Position.of(List.of("e2e4", "e7e5", "g1f3"));
        Call think = ChessAgent.thinkAt(p);
        assertThat(think.tool()).isEqualTo(ChessAgent.TOOL);
        assertThat(think.args().path("side").asText()).isEqualTo("b");
        assertThat(think.args().path("fen").asText()).isEqualTo(p.fen());
        assertThat(think.args().path("moves").asText()).isEqualTo("e2e4 e7e5 g1f3");
        assertThat(ChessAgent.positionOf(think)).isEqualTo(p);
        assertThat(ChessAgent.positionOf(ChessAgent.thinkAt(Position.start()))).isEqualTo(Position.start());
    }

    @Test
    void theAgentThinksUntilItsPliesArePlayedOrTheGameIsOverAndNeedsAtLeastOnePly() {
        ChessAgent one = new ChessAgent(1);
        assertThat(one.initialState()).isEqualTo(Position.start());
        assertThat(one.nextCall(Position.start())).contains(ChessAgent.thinkAt(Position.start()));
        assertThat(one.nextCall(Position.start().play("e2e4"))).isEmpty();
        Position mated = Position.of(List.of("f2f3", "e7e5", "g2g4", "d8h4")); // fool's mate
        assertThat(new ChessAgent(10).nextCall(mated)).as("the game is over").isEmpty();
        assertThatThrownBy(() -> new ChessAgent(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plies must be at least 1, got 0");
    }
}
