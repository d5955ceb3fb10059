package dev.specagent.envs.chess.live;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.envs.chess.players.ChessPlayer;
import dev.specagent.envs.chess.players.MoveGuesser;
import dev.specagent.envs.chess.rules.Position;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Live games on scripted players (no engine): a game that ends before its plies, on a right guess too. */
class ChessLiveGameEndTest {

    private static final List<String> FOOLS_MATE = List.of("f2f3", "e7e5", "g2g4", "d8h4");

    /** Plays the scripted move of its ply after {@code millis}, on the clock's blocking executor. */
    private record Scripted(List<String> script, long millis) implements ChessPlayer, MoveGuesser {

        @Override
        public CallHandle play(Position position, Clock clock, Completion<String> done) {
            clock.blockingExecutor().execute(() -> {
                sleep(millis);
                done.succeed(moveAt(position), Usage.ZERO);
            });
            return CallHandle.NONE;
        }

        @Override
        public CallHandle guess(Position position, int k, Clock clock, Completion<List<Guess>> done) {
            clock.blockingExecutor().execute(() -> {
                sleep(millis / 4);
                // a legal wrong guess first, then the move the script plays
                String right = moveAt(position);
                String wrong = position.legalMoves().stream().filter(m -> !m.equals(right)).findFirst().orElseThrow();
                done.succeed(List.of(Guess.of(wrong, 0.4), Guess.of(right, 0.3)), Usage.ZERO);
            });
            return CallHandle.NONE;
        }

        /** The script's move on its line, else (after a wrong guess) the first legal move. */
        private String moveAt(Position position) {
            int ply = position.ply();
            boolean onScript = ply < script.size() && position.moves().equals(script.subList(0, ply));
            return onScript ? script.get(ply) : position.legalMoves().getFirst();
        }

        @Override
        public boolean deterministic() {
            return true;
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public Estimate estimate() {
            return Estimate.UNKNOWN;
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aGameMatedBeforeItsPliesEndsThereUnderEveryPolicyWhenTheMateWasGuessed() {
        Scripted players = new Scripted(FOOLS_MATE, 40);
        LiveChessGame.Setup setup = new LiveChessGame.Setup(players, players, players, 10);
        for (SpeculationPolicy policy : List.of(new SequentialPolicy(), new Algorithm1Policy(2), new ChainedPolicy(2, 3))) {
            LiveChessGame.Played played = LiveChessGame.play(setup, policy);
            assertThat(played.moves()).as(policy.name()).isEqualTo(FOOLS_MATE);
            assertThat(played.result().finalState().isOver()).isTrue();
            assertThat(played.result().finalState().result()).contains("BLACK_WINS");
            if (!(policy instanceof SequentialPolicy)) {
                assertThat(played.result().figures().hits()).as("plies taken from a branch").isPositive();
            }
        }
    }
}
