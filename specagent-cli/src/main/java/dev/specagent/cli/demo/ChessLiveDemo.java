package dev.specagent.cli.demo;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.chess.ChessReportSections;
import dev.specagent.cli.progress.PlyProgress;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.envs.chess.live.LiveChessGame;
import dev.specagent.envs.chess.players.PlayerFactory;
import dev.specagent.envs.chess.replay.RecordedGame;
import dev.specagent.envs.chess.uci.EnginePool;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A short live Stockfish game, played sequentially and then under Algorithm 1, on this machine, with one
 * branch per core the player leaves free (k = cores − 1, between 1 and 3): more branches than free cores
 * only slow the player down (measured on 2 cores: k = 1 saves time, k = 3 loses it, at the same hit rate).
 * The players search a fixed number of nodes, so they are deterministic and the two games must play the
 * same moves: that is checked. Two rows: the time saved as measured here, and the remote estimate (the
 * same game with every think at its uncontended time, as for a remote actor). Skipped when Stockfish is missing.
 */
public final class ChessLiveDemo implements DemoPart {

    static final int PLIES = 10;
    static final String PLAYER = "stockfish:nodes=60000";
    static final String GUESSER = "stockfish:nodes=2000";
    static final int K = Math.clamp(Runtime.getRuntime().availableProcessors() - 1, 1, 3);

    @Override
    public String name() {
        return "chess live";
    }

    @Override
    public String missingPrerequisite() {
        return EnginePool.stockfishAvailable() ? null
                : "Stockfish not found: apt-get install stockfish, or set SPECAGENT_STOCKFISH to its path";
    }

    @Override
    public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
        log.printf(Locale.ROOT,
                "chess live: %d plies of Stockfish (%s) against itself, speculator %s, algorithm1 k=%d (a branch per free core), "
                + "sequential then speculative (real time, this machine)%n", PLIES, PLAYER, GUESSER, K);
        log.flush();
        try (PlayerFactory factory = new PlayerFactory(K + 2)) {
            LiveChessGame.Setup setup = new LiveChessGame.Setup(factory.player("white", PLAYER),
                    factory.player("black", PLAYER), factory.guesser("speculator", GUESSER), PLIES);
            factory.pool().warmUp(K + 2);
            LiveChessGame.Played sequential = play(setup, new SequentialPolicy(), "chess sequential", progress);
            LiveChessGame.Played speculative = play(setup, new Algorithm1Policy(K), "chess algorithm1", progress);
            RecordedGame record = LiveChessGame.record(setup, sequential, K);
            RunResult<?> remote = LiveChessGame.remoteEstimate(record, new Algorithm1Policy(K));
            boolean sameMoves = speculative.moves().equals(sequential.moves()) && setup.deterministic();
            boolean remoteSame = remote.trajectory().stream().map(Outcome::text).toList().equals(sequential.moves());
            ChessReportSections.liveGame(report, sequential, speculative, remote);
            RunFigures seq = sequential.result().figures();
            RunFigures spec = speculative.result().figures();
            return new Contribution(List.of(
                    new DemoRow("chess", "algorithm1", "live", ChessReportSections.savedPct(seq, spec), spec.hitRate(),
                            Double.NaN, sameMoves),
                    new DemoRow("chess", "algorithm1", "remote-est", remote.figures().savedPct(),
                            remote.figures().hitRate(), Double.NaN, remoteSame)),
                    List.of(String.format(Locale.ROOT,
                            "chess live: %.1f s sequential, %.1f s speculative on this machine "
                                    + "(k = %d: one branch per core the player leaves free).",
                            seq.speculativeSeconds(), spec.speculativeSeconds(), K)));
        } catch (IOException e) {
            throw new BadInputException("cannot start Stockfish: " + e.getMessage(), e); // the machine lacks it: not a failed run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static LiveChessGame.Played play(LiveChessGame.Setup setup, SpeculationPolicy policy,
                                             String label, PrintWriter out) {
        try (Progress bar = Progress.start(label + " (plies)", setup.plies(), out)) {
            PlyProgress plies = new PlyProgress(bar);
            LiveChessGame.Played played = LiveChessGame.play(setup, policy, plies::reached);
            plies.reached(setup.plies());
            return played;
        }
    }
}
