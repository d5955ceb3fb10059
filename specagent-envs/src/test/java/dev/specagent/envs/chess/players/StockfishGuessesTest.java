package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.Guess;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.envs.chess.uci.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Stockfish's guesses read from a MultiPV search: the legal first moves of its best lines, at most k, with
 * confidences from a softmax of their scores at 1 pawn temperature; with no legal line, its best move alone.
 */
class StockfishGuessesTest {

    private static final Position START = Position.start();

    private static SearchResult.Line line(int rank, String move, int cp) {
        return new SearchResult.Line(rank, move, cp, 10);
    }

    private static List<String> moves(List<Guess> guesses) {
        return guesses.stream().map(g -> g.value().asText()).toList();
    }

    @Test
    void theConfidencesAreASoftmaxOfTheScoresAtOnePawnTemperature() {
        SearchResult result = new SearchResult("e2e4", List.of(line(1, "e2e4", 40), line(2, "d2d4", 40),
                line(3, "g1f3", -60)), 5000, false);
        List<Guess> guesses = StockfishPlayer.guesses(result, 3, START);
        assertThat(moves(guesses)).containsExactly("e2e4", "d2d4", "g1f3");
        double sum = 2 + Math.exp(-1); // a line one pawn below the best weighs e^-1 of it
        assertThat(guesses.get(0).confidence()).isCloseTo(1 / sum, within(1e-12));
        assertThat(guesses.get(1).confidence()).isCloseTo(1 / sum, within(1e-12));
        assertThat(guesses.get(2).confidence()).isCloseTo(Math.exp(-1) / sum, within(1e-12));
    }

    @Test
    void illegalLinesAreDroppedAndAtMostKKept() {
        SearchResult result = new SearchResult("d2d4", List.of(line(1, "e7e5", 90), line(2, "d2d4", 20),
                line(3, "c2c4", 20), line(4, "g1f3", 10)), 5000, false);
        List<Guess> guesses = StockfishPlayer.guesses(result, 2, START);
        assertThat(moves(guesses)).containsExactly("d2d4", "c2c4");
        assertThat(guesses).allSatisfy(g -> assertThat(g.confidence()).isCloseTo(0.5, within(1e-12)));
    }

    @Test
    void withoutALegalLineTheBestMoveIsTheOnlyGuessIfItIsLegal() {
        SearchResult noLines = new SearchResult("g1f3", List.of(line(1, "e7e5", 0)), 10, true);
        List<Guess> guesses = StockfishPlayer.guesses(noLines, 3, START);
        assertThat(moves(guesses)).containsExactly("g1f3");
        assertThat(guesses.get(0).confidence()).isEqualTo(1.0);
        assertThat(StockfishPlayer.guesses(new SearchResult("(none)", List.of(), 0, true), 3, START)).isEmpty();
    }
}
