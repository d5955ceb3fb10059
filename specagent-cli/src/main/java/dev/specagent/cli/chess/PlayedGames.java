package dev.specagent.cli.chess;

import dev.specagent.cli.report.RunSections;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.runner.RunResult;
import dev.specagent.envs.chess.live.LiveChessGame;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The games {@code specagent chess} played and what it says of them: as one JSON object, as text, and as the
 * HTML report's summary lines. Every figure comes from the games' ledgers.
 *
 * @param setup       the players, the speculator and the plies
 * @param sequential  the sequential game
 * @param speculative the game under the policy; the sequential game itself under {@code --policy sequential}
 * @param sameMoves   whether both games played the same moves
 * @param checked     whether that was checked (deterministic players and two games)
 * @param remote      the remote estimate, or null when there is none
 * @param k           the guesses per move
 * @param peakEngineSearches the most Stockfish searches that ran on an engine process at once in the speculative
 *                    game (from the engine pool; searches waiting for a process not counted), or null when no
 *                    Stockfish played or guessed
 */
record PlayedGames(LiveChessGame.Setup setup, LiveChessGame.Played sequential, LiveChessGame.Played speculative,
                   boolean sameMoves, boolean checked, RunResult<?> remote, int k, Integer peakEngineSearches) {

    /** The figures as the fields of {@code --json}. */
    Map<String, Object> json() {
        RunFigures f = speculative.result().figures();
        RunFigures seq = sequential.result().figures();
        // from the ledgers (first think's start to last think's end), as the report and the demo measure it
        double saved = ChessReportSections.savedPct(seq, f);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("white", setup.white().describe());
        out.put("black", setup.black().describe());
        out.put("speculator", setup.speculator().describe());
        out.put("policy", speculative.result().policy());
        out.put("k", k);
        out.put("plies", speculative.moves().size());
        out.put("moves", speculative.moves());
        out.put("sequential_moves", sequential.moves());
        out.put("sequential_seconds", round(seq.speculativeSeconds()));
        out.put("speculative_seconds", round(f.speculativeSeconds()));
        out.put("saved_pct", round(saved));
        out.put("sequential_wall_seconds", round(sequential.wallSeconds()));
        out.put("speculative_wall_seconds", round(speculative.wallSeconds()));
        out.put("hit_rate", round(f.hitRate()));
        out.put("hits", f.hits());
        out.put("attempts", f.attempts());
        out.put("cancelled_attempts", f.cancelledAttempts());
        out.put("peak_concurrency", f.peakConcurrency());
        out.put("peak_engine_searches", peakEngineSearches);
        out.put("prompt_tokens", f.promptTokens());
        out.put("completion_tokens", f.completionTokens());
        out.put("cost_usd", round(f.costUsd()));
        out.put("unnecessary_cost_usd", round(f.unnecessaryCostUsd()));
        out.put("sequential_prompt_tokens", seq.promptTokens());
        out.put("sequential_completion_tokens", seq.completionTokens());
        out.put("sequential_cost_usd", round(seq.costUsd()));
        out.put("total_cost_usd", round(totalCost()));
        out.put("lossless_checked", checked);
        out.put("lossless", checked ? sameMoves : null);
        if (remote != null) {
            RunFigures r = remote.figures();
            Map<String, Object> est = new LinkedHashMap<>();
            est.put("sequential_seconds", round(r.sequentialSeconds()));
            est.put("speculative_seconds", round(r.speculativeSeconds()));
            est.put("saved_pct", round(r.savedPct()));
            est.put("hit_rate", round(r.hitRate()));
            out.put("remote_estimate", est);
        }
        return out;
    }

    /** Prints the figures as text on {@code w}. */
    void print(PrintWriter w) {
        RunFigures f = speculative.result().figures();
        RunFigures seq = sequential.result().figures();
        double saved = ChessReportSections.savedPct(seq, f);
        w.printf(Locale.ROOT, "white %s, black %s, speculator %s, policy %s, k=%d%n", setup.white().describe(),
                setup.black().describe(), setup.speculator().describe(), speculative.result().policy(), k);
        w.printf(Locale.ROOT, "moves (%d): %s%n", speculative.moves().size(), String.join(" ", speculative.moves()));
        w.printf(Locale.ROOT,
                "sequential game   %8.3f s (%.3f s wall)%n", seq.speculativeSeconds(), sequential.wallSeconds());
        if (speculative == sequential) {
            w.printf("(policy sequential: the game was played once)%n");
            if (seq.promptTokens() + seq.completionTokens() > 0) {
                w.printf(Locale.ROOT,
                        "tokens %,d prompt, %,d completion, cost $%.4f%n", seq.promptTokens(), seq.completionTokens(),
                        seq.costUsd());
            }
            w.flush();
            return;
        }
        w.printf(Locale.ROOT,
                "speculative game  %8.3f s (%.3f s wall)   time saved %.1f %% (measured, both games on this machine, "
                + "first think's start to last think's end)%n", f.speculativeSeconds(), speculative.wallSeconds(), saved);
        w.printf(Locale.ROOT,
                "hit rate %.3f (%d of %d moves came from a branch), %d attempts, %d cancelled, peak concurrency %s%n",
                f.hitRate(), f.hits(), f.committedCalls(), f.attempts(), f.cancelledAttempts(), peakConcurrency(f));
        if (f.promptTokens() + f.completionTokens() + seq.promptTokens() + seq.completionTokens() > 0) {
            w.printf(Locale.ROOT,
                    "tokens %,d prompt, %,d completion, cost $%.4f, of which $%.4f beyond its committed thinks "
                            + "(guesses, and branches not used, cancelled ones for what they spent until the cancel)%n",
                    f.promptTokens(), f.completionTokens(), f.costUsd(), f.unnecessaryCostUsd());
            w.printf(Locale.ROOT,
                    "the sequential game: tokens %,d prompt, %,d completion, cost $%.4f; both games together $%.4f%n",
                    seq.promptTokens(), seq.completionTokens(), seq.costUsd(), totalCost());
        }
        if (speculative != sequential) {
            w.printf("lossless: %s%n", lossless());
        }
        if (remote != null) {
            RunFigures r = remote.figures();
            w.printf(Locale.ROOT,
                    "remote estimate: %.1f %% saved (%.3f s -> %.3f s, hit rate %.3f) with every think at its "
                            + "uncontended time, as for a remote actor%n",
                    r.savedPct(), r.sequentialSeconds(), r.speculativeSeconds(), r.hitRate());
        }
        w.flush();
    }

    /**
     * The figures of the text output that are no run's figures (those are in the report's table of the games): the
     * setting, the moves, the time saved measured between the games, what both cost together, and lossless.
     */
    List<RunSections.Line> summaryLines() {
        List<RunSections.Line> lines = new ArrayList<>();
        lines.add(new RunSections.Line("players", String.format(Locale.ROOT, "white %s, black %s, speculator %s, policy %s, k=%d",
                setup.white().describe(), setup.black().describe(), setup.speculator().describe(),
                speculative.result().policy(), k)));
        lines.add(new RunSections.Line("moves (" + speculative.moves().size() + ")", String.join(" ", speculative.moves())));
        if (speculative == sequential) {
            lines.add(new RunSections.Line("policy sequential", "the game was played once"));
        } else {
            lines.add(new RunSections.Line("time saved", String.format(Locale.ROOT, "%.1f %% (measured, both games on this machine, first "
                    + "think's start to last think's end)", ChessReportSections.savedPct(sequential.result().figures(),
                    speculative.result().figures()))));
            lines.add(new RunSections.Line("lossless", lossless()));
            lines.add(new RunSections.Line("peak concurrency", peakConcurrency(speculative.result().figures())));
        }
        lines.add(new RunSections.Line(speculative == sequential ? "cost" : "both games together",
                String.format(Locale.ROOT, "$%.4f", totalCost())));
        return lines;
    }

    /**
     * The speculative game's peak concurrency in words: the calls in flight (the ledger's figure, searches waiting for
     * an engine process included) and, with Stockfish, the most searches that held a process at once (a cancelled one
     * holds it until it has stopped, after its call ended, so this can also exceed the first).
     */
    private String peakConcurrency(RunFigures f) {
        if (peakEngineSearches == null) {
            return f.peakConcurrency() + " calls in flight";
        }
        return String.format(Locale.ROOT, "%d calls in flight (searches waiting for an engine process included), "
                + "at most %d searching on an engine at once", f.peakConcurrency(), peakEngineSearches);
    }

    /** Whether the speculative game was lossless, in words: checked or not, and how. */
    private String lossless() {
        if (!checked) {
            return "not checked (a player is not deterministic: movetime limit or LLM)";
        }
        return sameMoves ? "true (moves equal the sequential game's)"
                : "false: the moves differ from the sequential game's " + sequential.moves();
    }

    /** What this command spent: both games, or the one game of {@code --policy sequential}. */
    private double totalCost() {
        double seq = sequential.result().figures().costUsd();
        return speculative == sequential ? seq : seq + speculative.result().figures().costUsd();
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
