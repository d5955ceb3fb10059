package dev.specagent.cli.chess;

import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.RunSections;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.runner.RunResult;
import dev.specagent.envs.chess.live.LiveChessGame;
import dev.specagent.envs.chess.replay.ReplayReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report sections of chess runs, shared by {@code chess}, {@code replay chess} and the demo.
 * Every figure comes from the runs' ledgers ({@link RunFigures}).
 */
public final class ChessReportSections {

    private ChessReportSections() {
    }

    /**
     * A live game: the timeline of the speculative game, bars of the time saved (measured, and the remote estimate
     * when there is one) and the searches, and the table of the figures every run reports, one row per game (and
     * the remote estimate's).
     */
    public static void liveGame(HtmlReport report, LiveChessGame.Played sequential, LiveChessGame.Played speculative,
                                RunResult<?> remote) {
        RunFigures seq = sequential.result().figures();
        RunFigures spec = speculative.result().figures();
        report.timeline("Live game, " + speculative.result().policy() + " (" + speculative.moves().size() + " plies)",
                String.format(Locale.ROOT,
                        "Every think: actor (the player to move), speculator (guesses), branch (the other player's "
                                + "reply to a guess). %.2f s against %.2f s for the sequential game; %d of %d moves came "
                                + "from a branch.", spec.speculativeSeconds(), seq.speculativeSeconds(), spec.hits(),
                        spec.committedCalls()), speculative.result().ledger());
        List<String> labels = new ArrayList<>(List.of("measured on this machine"));
        List<Double> saved = new ArrayList<>(List.of(savedPct(seq, spec)));
        List<Double> attempts = new ArrayList<>(List.of((double) spec.attempts()));
        if (remote != null) {
            RunFigures r = remote.figures();
            labels.add("remote estimate (uncontended thinks)");
            saved.add(r.savedPct());
            attempts.add((double) r.attempts());
        }
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("time saved %", saved);
        bars.put("engine searches", attempts);
        report.bars("Time saved and work done, " + speculative.result().policy(),
                "Stockfish is free: the cost of speculation is CPU (searches started), shown on the right axis. "
                        + "The sequential game ran " + seq.attempts() + " searches.",
                labels, bars, "time saved %", "searches", List.of("engine searches"));
        List<RunSections.FiguresRow> rows = new ArrayList<>();
        rows.add(new RunSections.FiguresRow(List.of("sequential game", String.format(Locale.ROOT, "%.3f",
                sequential.wallSeconds())), seq));
        if (speculative != sequential) {
            rows.add(new RunSections.FiguresRow(List.of("speculative game, " + speculative.result().policy(),
                    String.format(Locale.ROOT, "%.3f", speculative.wallSeconds())), spec));
        }
        if (remote != null) {
            rows.add(new RunSections.FiguresRow(List.of("remote estimate (uncontended thinks)", "-"), remote.figures()));
        }
        RunSections.figures(report, "Figures of the games", "Per game, from its ledger: sequential s = its committed "
                        + "thinks one after another, speculative s = first think's start to last think's end; wall s = "
                        + "the game as timed around it; saved = against its own committed thinks.",
                List.of("game", "wall s"), rows, SpentFormatter.COMPLETION);
    }

    /** Time saved by {@code spec} against {@code seq}, each timed from its first call's start to its last call's end. */
    public static double savedPct(RunFigures seq, RunFigures spec) {
        return 100 * (seq.speculativeSeconds() - spec.speculativeSeconds()) / seq.speculativeSeconds();
    }

    /** A replayed recorded game: its timeline, its note giving the figures as {@code replay chess} prints them. */
    public static void replay(HtmlReport report, ReplayReport replay) {
        RunFigures f = replay.figures();
        report.timeline("Recorded game " + replay.game().substring(0, Math.min(8, replay.game().length())) + ", "
                        + replay.policy() + ", k=" + replay.k() + ", " + replay.steps() + " plies (replayed)",
                String.format(Locale.ROOT,
                        "%.2f s instead of %.2f s (%.2f %% saved), hit rate %.3f, $%.2f of which $%.2f beyond "
                                + "the sequential game's, at GPT-5 prices.", f.speculativeSeconds(), f.sequentialSeconds(),
                        f.savedPct(), f.hitRate(), f.costUsd(), f.unnecessaryCostUsd()), replay.ledger());
    }
}
