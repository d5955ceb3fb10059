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
            LiveChessGame.Played sequential = LiveChessGame.play(setup, new SequentialPolicy());
            assertThat(sequential.moves()).hasSize(6);
            for (var policy : List.of(new Algorithm1Policy(2), new ChainedPolicy(2, 3))) {
                LiveChessGame.Played speculative = LiveChessGame.play(setup, policy);
                assertThat(speculative.moves()).as(policy.name()).isEqualTo(sequential.moves());
                assertThat(speculative.result().figures().attempts())
                        .isGreaterThan(sequential.result().figures().attempts());
            }
            RecordedGame record = LiveChessGame.record(setup, sequential, 2);
            assertThat(record.moves(6)).isEqualTo(sequential.moves());
            var estimate = LiveChessGame.remoteEstimate(record, new Algorithm1Policy(2));
            assertThat(estimate.figures().sequentialSeconds())
                    .isCloseTo(sequential.result().figures().sequentialSeconds(), org.assertj.core.data.Offset.offset(1e-6));
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
