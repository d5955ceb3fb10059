package dev.specagent.cli.demo;

import dev.specagent.cli.chess.ChessReportSections;
import dev.specagent.cli.progress.Progress;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.envs.chess.replay.ChessReplay;
import dev.specagent.envs.chess.replay.ReplayReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The recorded GPT-5 vs GPT-5 games of the Speculative Actions paper, replayed on the simulated clock
 * with Algorithm 1 (as the authors ran it) and chained speculation, k = 3, the first 30 plies. One row
 * per policy over all the recorded games found (summed times and costs), and a note with the mean of the per-game
 * figures that {@code replay chess} prints; the timeline of the first game per policy.
 */
public final class ChessReplayDemo implements DemoPart {

    static final int K = 3;
    static final int STEPS = 30;
    static final List<String> POLICIES = List.of("algorithm1", "chained");

    @Override
    public String name() {
        return "chess replay";
    }

    @Override
    public String missingPrerequisite() {
        return games().isEmpty() ? MissingData.hint("no recorded chess games", "chess")
                : null;
    }

    /** The recorded games with top-3 guesses under the data directory, or none. */
    static List<Path> games() {
        Path base = DataDirectory.find().map(d -> d.resolve("chess")).orElse(null);
        if (base == null || !Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("steps_info_gpt_5_2025_08_07_guess_3.json"))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
        List<Path> games = games();
        log.printf(Locale.ROOT,
                "chess replay: %d recorded GPT-5 games, first %d plies, k=%d, algorithm1 and chained (recorded times, simulated clock)%n",
                games.size(), STEPS, K);
        log.flush();
        List<DemoRow> rows = new ArrayList<>();
        List<String> means = new ArrayList<>();
        try (Progress bar = Progress.start("chess replays", (long) games.size() * POLICIES.size(), progress)) {
            for (String policy : POLICIES) {
                double seq = 0;
                double spec = 0;
                long hits = 0;
                long committed = 0;
                double seqCost = 0;
                double extraCost = 0;
                boolean lossless = true;
                double savedPctSum = 0;
                double extraPctSum = 0;
                for (Path game : games) {
                    ReplayReport replay = ChessReplay.replayGame(game, K, STEPS, policy, Integer.MAX_VALUE);
                    RunFigures f = replay.figures();
                    seq += f.sequentialSeconds();
                    spec += f.speculativeSeconds();
                    hits += f.hits();
                    committed += f.committedCalls();
                    seqCost += f.sequentialCostUsd();
                    extraCost += f.unnecessaryCostUsd();
                    lossless &= replay.lossless();
                    savedPctSum += f.savedPct();
                    extraPctSum += 100 * f.unnecessaryCostUsd() / f.sequentialCostUsd();
                    if (game.equals(games.get(0))) {
                        ChessReportSections.replay(report, replay);
                    }
                    bar.step();
                }
                rows.add(new DemoRow("chess", policy, "replay", 100 * (seq - spec) / seq, (double) hits / committed,
                        100 * extraCost / seqCost, lossless));
                means.add(String.format(Locale.ROOT,
                        "%s %.1f%% / %+.0f%%", policy, savedPctSum / games.size(), extraPctSum / games.size()));
            }
        }
        // The rows weigh each game by its length; the README's table and 'replay chess' give each game's own figures.
        return new Contribution(rows, List.of(String.format(Locale.ROOT,
                "chess replay: %d recorded games, first %d plies, k = %d; "
                + "time saved and extra cost of the games' summed times and costs (mean of the per-game figures of "
                + "'replay chess --game G --k %d --steps %d': %s).", games.size(), STEPS, K, K, STEPS,
                String.join(", ", means))));
    }
}
