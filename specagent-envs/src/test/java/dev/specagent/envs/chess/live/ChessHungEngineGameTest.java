package dev.specagent.envs.chess.live;

import dev.specagent.core.ledger.Fate;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
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
            long start = System.nanoTime();
            RunFailedException failed = failedGame(pool);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(failed).hasMessageContaining("failed 3 time(s): the chess engine " + fake.program()
                            + " gave no bestmove within the search timeout of 0.3 s (search limit movetime=50); it did "
                            + "not answer 'stop' either and was killed (an earlier search at this position; not searched again)")
                    .hasRootCauseInstanceOf(SearchTimeoutException.class);
            assertThat(failed.committed()).extracting(o -> o.text()).containsExactly("e2e4", "e7e5", "g1f3");
            // one hang costs one timeout: the first attempt at ply 3 waits the timeout, then the stop grace, and the
            // process is killed; the runner's two retries fail at once, starting no process (before: 3 x 0.6 s and
            // a fresh process killed for each)
            List<Double> ply3 = failed.ledger().stream().filter(e -> e.role() == Role.ACTOR && e.fate() != Fate.COMMITTED)
                    .map(e -> e.durationNanos() / 1e9).toList();
            assertThat(ply3).hasSize(3);
            assertThat(ply3.get(0)).isGreaterThanOrEqualTo(0.55);
            assertThat(ply3.subList(1, 3)).allSatisfy(s -> assertThat(s).isLessThan(0.2));
            assertThat(pool.startedProcesses()).hasSize(1);
            System.out.printf("a game whose actor hangs at ply 3 failed after %.2f s (attempts at ply 3: %s s)%n",
                    seconds, ply3);
        }
    }

    /** An engine that is only slow (it answers the timeout's stop) keeps its process, and each retry its full timeout. */
    @Test
    void aThinkWhoseEngineWasOnlySlowIsRetriedWithItsFullTimeout() throws Exception {
        fake = FakeUciEngine.write(dir, 3, false, true);
        try (EnginePool pool = new EnginePool(fake.program(), 3)) {
            RunFailedException failed = failedGame(pool);
            assertThat(failed).hasMessageEndingWith("; it was stopped");
            assertThat(failed.ledger()).filteredOn(e -> e.role() == Role.ACTOR && e.fate() != Fate.COMMITTED)
                    .hasSize(3).allSatisfy(e -> assertThat(e.durationNanos() / 1e9).isGreaterThanOrEqualTo(0.25));
            assertThat(pool.startedProcesses()).hasSize(1);
        }
    }

    /** How a sequential 8-ply game of {@code movetime=50} players on {@code pool} failed (within 10 s). */
    private static RunFailedException failedGame(EnginePool pool) {
        StockfishPlayer player = new StockfishPlayer(pool, SearchLimit.movetime(50), TIMEOUT);
        LiveChessGame.Setup setup = new LiveChessGame.Setup(player, player, player, 8);
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                LiveChessGame.play(setup, new SequentialPolicy());
            } catch (RunFailedException e) {
                return e;
            }
            throw new AssertionError("the game did not fail");
        });
    }

    /**
     * A hung guess does not cost the game its timeout at each position: the runner cancels a guess still running
     * when the committed move is known, and the game goes on at once (the hung process is stopped, then killed, in
     * the background, on a process of speculation's own).
     */
    @Test
    void aHungGuessIsAbandonedOnceTheCommittedMoveIsKnown() throws Exception {
        fake = FakeUciEngine.write(dir, 99, true, false); // only MultiPV searches (the guesser's, k = 2) hang
        Duration guessTimeout = Duration.ofSeconds(3);
        try (EnginePool pool = new EnginePool(fake.program(), 4)) {
            StockfishPlayer player = new StockfishPlayer(pool, SearchLimit.nodes(1000), guessTimeout);
            LiveChessGame.Setup setup = new LiveChessGame.Setup(player, player, player, 8);
            LiveChessGame.Played played = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> LiveChessGame.play(setup, new Algorithm1Policy(2)));
            assertThat(played.moves()).isEqualTo(FakeUciEngine.LINE.subList(0, 8));
            // 8 positions whose guesses each hang: waiting for one guess's timeout would take 3 s
            assertThat(played.result().figures().speculativeSeconds()).isLessThan(guessTimeout.toMillis() / 1e3);
            assertThat(played.result().ledger()).filteredOn(e -> e.role() == Role.SPECULATOR).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.fate()).isEqualTo(Fate.CANCELLED));
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
