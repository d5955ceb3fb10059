package dev.specagent.envs.chess.live;

import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.runner.RunFailedException;
import dev.specagent.envs.chess.players.StockfishPlayer;
import dev.specagent.envs.chess.uci.EnginePool;
import dev.specagent.envs.chess.uci.FakeUciEngine;
import dev.specagent.envs.chess.uci.SearchLimit;
import dev.specagent.envs.chess.uci.SearchTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Live games on an engine that hangs ({@link FakeUciEngine}): a hung think of the actor ends the game with the
 * moves played so far; a hung guess is only a guess that never came, and the game goes on.
 */
class ChessHungEngineGameTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @TempDir
    Path dir;
    private FakeUciEngine fake;

    @AfterEach
    void noProcessLeftBehind() throws Exception {
        fake.assertNoneLeft();
    }

    @Test
    void anActorsSearchThatHangsEndsTheGameWithTheMovesSoFar() throws Exception {
        fake = FakeUciEngine.write(dir, 3, false, false);
        try (EnginePool pool = new EnginePool(fake.program(), 3)) {
            StockfishPlayer player = new StockfishPlayer(pool, SearchLimit.movetime(50), TIMEOUT);
            LiveChessGame.Setup setup = new LiveChessGame.Setup(player, player, player, 8);
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> LiveChessGame.play(setup, new SequentialPolicy()))
                            .isInstanceOf(RunFailedException.class)
                            .hasMessageContaining("the chess engine " + fake.program() + " gave no bestmove within the "
                                    + "search timeout of 0.3 s (search limit movetime=50)")
                            .hasRootCauseInstanceOf(SearchTimeoutException.class)
                            .satisfies(e -> assertThat(((RunFailedException) e).committed())
                                    .extracting(o -> o.text()).containsExactly("e2e4", "e7e5", "g1f3")));
            // each of the runner's attempts at ply 3: the timeout, then the stop grace, then a kill
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(6);
            assertThat(pool.startedProcesses()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aSpeculatorsSearchThatHangsIsAGuessThatNeverCame() throws Exception {
        fake = FakeUciEngine.write(dir, 99, true, false); // only MultiPV searches (the guesser's, k = 2) hang
        try (EnginePool pool = new EnginePool(fake.program(), 4)) {
            StockfishPlayer player = new StockfishPlayer(pool, SearchLimit.nodes(1000), TIMEOUT);
            LiveChessGame.Setup setup = new LiveChessGame.Setup(player, player, player, 8);
            LiveChessGame.Played played = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> LiveChessGame.play(setup, new Algorithm1Policy(2)));
            assertThat(played.moves()).isEqualTo(FakeUciEngine.LINE.subList(0, 8));
            assertThat(played.result().figures().hits()).isZero();
            assertThat(played.result().ledger()).filteredOn(e -> e.role() == Role.SPECULATOR).isNotEmpty();
            // every hung guess was stopped, then killed: none is left holding a slot of the pool
            assertThat(pool.peakProcesses()).isBetween(1, 4);
        }
    }
}
