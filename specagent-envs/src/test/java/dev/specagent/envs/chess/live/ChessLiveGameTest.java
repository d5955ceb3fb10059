package dev.specagent.envs.chess.live;

import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.envs.chess.players.StockfishPlayer;
import dev.specagent.envs.chess.replay.RecordedGame;
import dev.specagent.envs.chess.uci.EnginePool;
import dev.specagent.envs.chess.uci.SearchLimit;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.data.Offset.offset;

/** Tiny live Stockfish games on the runner: every policy plays the sequential game's moves. */
class ChessLiveGameTest {

    @Test
    void everyPolicyPlaysTheSequentialMovesAndNoProcessIsLeft() {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        List<ProcessHandle> processes;
        try (EnginePool pool = new EnginePool(EnginePool.stockfish(), 4)) {
            StockfishPlayer actor = new StockfishPlayer(pool, SearchLimit.nodes(4000));
            StockfishPlayer guesser = new StockfishPlayer(pool, SearchLimit.nodes(500));
            LiveChessGame.Setup setup = new LiveChessGame.Setup(actor, actor, guesser, 6);
            assertThat(setup.deterministic()).isTrue();
            long before = System.nanoTime();
            LiveChessGame.Played sequential = LiveChessGame.play(setup, new SequentialPolicy());
            double elapsed = (System.nanoTime() - before) / 1e9;
            assertThat(sequential.moves()).hasSize(6);
            assertThat(sequential.wallSeconds()).as("the game's wall time, in seconds").isPositive()
                    .isLessThanOrEqualTo(elapsed);
            for (var policy : List.of(new Algorithm1Policy(2), new ChainedPolicy(2, 3))) {
                LiveChessGame.Played speculative = LiveChessGame.play(setup, policy);
                assertThat(speculative.moves()).as(policy.name()).isEqualTo(sequential.moves());
                assertThat(speculative.result().figures().attempts())
                        .isGreaterThan(sequential.result().figures().attempts());
            }
            before = System.nanoTime();
            RecordedGame record = LiveChessGame.record(setup, sequential, 2);
            double measuring = (System.nanoTime() - before) / 1e9;
            assertThat(record.moves(6)).isEqualTo(sequential.moves());
            assertThat(record.steps()).allSatisfy(step -> {
                assertThat(step.guesses()).hasSize(2);
                assertThat(step.guessSeconds()).as("each guess measured alone, in seconds").isPositive()
                        .isLessThanOrEqualTo(measuring);
            });
            assertThat(record.steps().stream().mapToDouble(s -> s.actorSeconds()).sum())
                    .as("the committed thinks' times").isPositive().isLessThanOrEqualTo(sequential.wallSeconds());
            var estimate = LiveChessGame.remoteEstimate(record, new Algorithm1Policy(2));
            assertThat(estimate.figures().sequentialSeconds())
                    .isCloseTo(sequential.result().figures().sequentialSeconds(), offset(1e-6));
            processes = pool.startedProcesses();
            assertThat(processes).isNotEmpty();
            // a branch search still starting its engine when a game ends is interrupted (the clock closes) and
            // its process discarded, so more than 4 may start in all
            assertThat(pool.peakProcesses()).as("processes at one time").isBetween(1, 4);
        }
        for (ProcessHandle p : processes) {
            p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> p).join();
            assertThat(p.isAlive()).isFalse();
            assertThat(Files.exists(Path.of("/proc/" + p.pid()))).as("zombie %d", p.pid()).isFalse();
        }
    }

    /** A game can be checked for losslessness only when both players always give the same move. */
    @Test
    void aGameWithATimeLimitedPlayerIsNotDeterministic() {
        try (EnginePool pool = new EnginePool(EnginePool.stockfish(), 1)) { // no process starts here
            StockfishPlayer nodes = new StockfishPlayer(pool, SearchLimit.nodes(1000));
            StockfishPlayer timed = new StockfishPlayer(pool, SearchLimit.movetime(100));
            assertThat(new LiveChessGame.Setup(nodes, nodes, nodes, 2).deterministic()).isTrue();
            assertThat(new LiveChessGame.Setup(nodes, timed, nodes, 2).deterministic()).isFalse();
            assertThat(new LiveChessGame.Setup(timed, nodes, nodes, 2).deterministic()).isFalse();
        }
    }

    @Test
    void withFewerProcessesThanSearchesTheCommittedThinkNeverWaitsBehindSpeculation() {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        // 3 processes for the committed think, the guess and 3 branches (chained: and the branches' guesses and
        // branches): speculation holds at most 2 of them, so the committed think always finds one free
        try (EnginePool pool = new EnginePool(EnginePool.stockfish(), 3)) {
            StockfishPlayer actor = new StockfishPlayer(pool, SearchLimit.nodes(50_000));
            StockfishPlayer guesser = new StockfishPlayer(pool, SearchLimit.nodes(500));
            LiveChessGame.Setup setup = new LiveChessGame.Setup(actor, actor, guesser, 10);
            LiveChessGame.Played sequential = LiveChessGame.play(setup, new SequentialPolicy());
            for (var policy : List.of(new Algorithm1Policy(3), new ChainedPolicy(3, 3))) {
                LiveChessGame.Played speculative = LiveChessGame.play(setup, policy);
                assertThat(speculative.moves()).as(policy.name()).isEqualTo(sequential.moves());
            }
            assertThat(pool.waits().speculative()).as("speculative searches that waited for a process").isPositive();
            assertThat(pool.waits().committed()).as("committed thinks that waited for a process").isZero();
            assertThat(pool.peakProcesses()).isBetween(1, 3);
        }
    }
}
