package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.envs.chess.uci.EnginePool;
import dev.specagent.envs.chess.uci.FakeUciEngine;
import dev.specagent.envs.chess.uci.SearchLimit;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.envs.chess.uci.SearchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Stockfish as a guesser (the legal first moves of its best MultiPV lines, at most k, with confidences from a
 * softmax of their scores at 1 pawn temperature; with no legal line, its best move alone) and what a player or
 * guesser reports when its engine answers an illegal move or cannot search, on the scripted fake engine.
 */
class StockfishPlayerTest {

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

    /** A mate score (±100000 less the distance) beside ordinary ones keeps every confidence defined. */
    @Test
    void aMateLineTakesNearlyAllTheConfidence() {
        SearchResult result = new SearchResult("e2e4", List.of(line(1, "e2e4", 99_998), line(2, "d2d4", 20)),
                5000, false);
        List<Guess> guesses = StockfishPlayer.guesses(result, 2, START);
        assertThat(guesses.get(0).confidence()).isCloseTo(1.0, within(1e-12));
        assertThat(guesses.get(1).confidence()).isCloseTo(Math.exp(-50), within(1e-25));
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

    /** What a think or guess reported: its value or error. */
    private record Reported<T>(T value, Throwable error) {
    }

    private static <T> Completion<T> reporting(CompletableFuture<Reported<T>> future) {
        return new Completion<>() {
            @Override
            public void succeed(T value, Usage usage) {
                future.complete(new Reported<>(value, null));
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                future.complete(new Reported<>(null, error));
            }
        };
    }

    /** The fake engine plays its fixed line by ply: at this position its f1b5 is blocked by the e2 pawn. */
    @Test
    void anIllegalMoveFromTheEngineFailsTheThinkNamingMoveAndPosition(@TempDir Path dir) throws Exception {
        FakeUciEngine fake = FakeUciEngine.write(dir, 99, false, false);
        Position blocked = Position.of(List.of("a2a3", "a7a6", "b2b3", "b7b6"));
        try (EnginePool pool = new EnginePool(fake.program(), 1); RealClock clock = new RealClock()) {
            CompletableFuture<Reported<String>> think = new CompletableFuture<>();
            new StockfishPlayer(pool, SearchLimit.nodes(10)).play(blocked, clock, reporting(think));
            assertThat(think.get(10, TimeUnit.SECONDS).error()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("stockfish answered 'f1b5', not a legal move at " + blocked.fen());
            CompletableFuture<Reported<String>> legal = new CompletableFuture<>();
            new StockfishPlayer(pool, SearchLimit.nodes(10)).play(START, clock, reporting(legal));
            assertThat(legal.get(10, TimeUnit.SECONDS).value()).isEqualTo("e2e4");
        } finally {
            fake.assertNoneLeft();
        }
    }

    /** A program that is not an engine fails a think with why, and gives a guess no guesses (never a failure). */
    @Test
    void anEngineThatCannotSearchFailsAThinkButAGuessSaysNothing(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("not-an-engine.sh"), "#!/bin/sh\nexit 3\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        try (EnginePool pool = new EnginePool(script, 1); RealClock clock = new RealClock()) {
            StockfishPlayer player = new StockfishPlayer(pool, SearchLimit.nodes(10), Duration.ofSeconds(5));
            CompletableFuture<Reported<String>> think = new CompletableFuture<>();
            player.play(START, clock, reporting(think));
            assertThat(think.get(10, TimeUnit.SECONDS).error()).hasMessageContaining("exited (exit code 3)");
            CompletableFuture<Reported<List<Guess>>> guess = new CompletableFuture<>();
            player.guess(START, 3, clock, reporting(guess));
            Reported<List<Guess>> r = guess.get(10, TimeUnit.SECONDS);
            assertThat(r.error()).isNull();
            assertThat(r.value()).isEmpty();
        }
    }
}
