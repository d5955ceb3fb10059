package dev.specagent.cli.chess;

import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.Validate;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.envs.chess.replay.ChessReplay;
import dev.specagent.envs.chess.replay.OnlineRunReader;
import dev.specagent.envs.chess.replay.ReplayReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code specagent replay chess}: replays one of the recorded GPT-5 vs GPT-5 games of the
 * Speculative Actions paper on the runner in simulated time.
 */
@Command(name = "chess", mixinStandardHelpOptions = true,
        description = {"Replays a recorded GPT-5 vs GPT-5 chess game on the simulated clock: every think and every "
                + "guess takes its recorded time; a guess is right when the recorded move is among the first k recorded "
                + "guesses, and the other player's think on a right guess costs the recorded time of the next ply.",
                "algorithm1 is the paper's Algorithm 1 as the authors ran it (a ply waits for its guesses, hits do not "
                        + "chain); chained is ours (speculation continues on branches, hits chain).",
                "--online replays instead the authors' online speculative run (stepsinfo.json) and compares it with "
                        + "their recorded total (time_checker_speculate.json)."},
        footer = {"", "Examples:",
                "  specagent replay chess --game 32831f2d --k 3 --steps 30 --policy algorithm1",
                "  specagent replay chess --game 4c277d18 --k 2 --steps 50 --policy chained --json",
                "  specagent replay chess --game 32831f2d --online",
                "  specagent replay chess --game cd188ca0 --policy chained --report replay.html",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input (option, game folder or record)."})
public final class ReplayChessCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--game", required = true, paramLabel = "DIR",
            description = "The game's folder, or its id (or a unique prefix of it) under ../shared/data/chess.")
    String game;

    @Option(names = "--k", defaultValue = "3", description = "Guesses per ply (the record has 1, 2 or 3). Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--steps", defaultValue = "30", paramLabel = "T", description = "Plies to replay (1..50). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--policy", defaultValue = "algorithm1", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ReplayPolicy policy;

    /** The policies a recorded game is replayed under, named by {@link #toString()} as {@link ChessReplay#policy} knows them. */
    enum ReplayPolicy {
        ALGORITHM1, CHAINED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--depth", defaultValue = "0",
            description = "Depth limit of chained speculation; 0 = unlimited. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--online", description = "Replay the authors' online speculative run (stepsinfo.json) with Algorithm 1.")
    boolean online;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @CommandLine.Mixin
    ReportOption reportOption;

    @Override
    public void run() {
        Validate.atLeast("--k", k, 1);
        Validate.atLeast("--steps", steps, 1);
        if (depth < 0) {
            throw new BadInputException("--depth must be 0 (unlimited) or more, got " + depth);
        }
        if (online) {
            for (String fixed : new String[] {"--k", "--steps", "--policy", "--depth"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(fixed)) {
                    throw new BadInputException(fixed + " does not apply to --online, which replays the authors' run "
                            + "as it was (Algorithm 1, its own k and plies)");
                }
            }
        }
        Path dir = GameFolders.resolve(game);
        ReplayReport report = online ? ChessReplay.replayOnline(dir)
                : ChessReplay.replayGame(dir, k, steps, policy.toString(), depth == 0 ? Integer.MAX_VALUE : depth);
        Map<String, Object> out = new LinkedHashMap<>();
        RunFigures f = report.figures();
        out.put("game", report.game());
        out.put("policy", report.policy());
        out.put("k", report.k());
        out.put("steps", report.steps());
        out.put("sequential_seconds", round(f.sequentialSeconds()));
        out.put("speculative_seconds", round(f.speculativeSeconds()));
        out.put("saved_pct", round(f.savedPct()));
        out.put("hit_rate", round(f.hitRate()));
        out.put("hits", f.hits());
        out.put("lossless", report.lossless());
        out.put("prompt_tokens", f.promptTokens());
        out.put("completion_tokens", f.completionTokens());
        out.put("cost_usd", round(f.costUsd()));
        out.put("sequential_cost_usd", round(f.sequentialCostUsd()));
        out.put("unnecessary_cost_usd", round(f.unnecessaryCostUsd()));
        out.put("peak_concurrency", f.peakConcurrency());
        out.put("authors_sequential_seconds", round(report.authors().sequentialSeconds()));
        out.put("authors_speculative_seconds", round(report.authors().speculativeSeconds()));
        out.put("authors_saved_pct", round(report.authors().savedPct()));
        if (online) {
            OnlineRunReader.read(dir).recordedSpeculativeSeconds()
                    .ifPresent(total -> out.put("recorded_speculative_seconds", round(total)));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(JsonOutput.line(out));
        } else {
            w.printf(Locale.ROOT,
                    "game %s, %s, k=%d, %d plies%s%n", report.game(), report.policy(), report.k(), report.steps(),
                    online ? " (the authors' online run)" : "");
            w.printf(Locale.ROOT, "sequential   %10.2f s%n", f.sequentialSeconds());
            w.printf(Locale.ROOT, "speculative  %10.2f s   saved %.2f %%%n", f.speculativeSeconds(), f.savedPct());
            w.printf(Locale.ROOT,
                    "hit rate     %10.3f     (%d of %d plies came from a branch)%n", f.hitRate(), f.hits(), f.committedCalls());
            w.printf(Locale.ROOT, "tokens       %,d prompt, %,d completion (all calls, wasted branches included)%n",
                    f.promptTokens(), f.completionTokens());
            w.printf(Locale.ROOT,
                    "cost         $%.2f at GPT-5 prices, of which $%.2f beyond the sequential game's $%.2f%n",
                    f.costUsd(), f.unnecessaryCostUsd(), f.sequentialCostUsd());
            w.printf("lossless: %s (committed moves %s the record)%n", report.lossless(),
                    report.lossless() ? "equal" : "DIFFER FROM");
            w.printf(Locale.ROOT,
                    "authors' Algorithm 1 bookkeeping: sequential %.2f s, speculative %.2f s, saved %.2f %%%n",
                    report.authors().sequentialSeconds(), report.authors().speculativeSeconds(), report.authors().savedPct());
            if (out.containsKey("recorded_speculative_seconds")) {
                w.printf(Locale.ROOT,
                        "recorded total (time_checker_speculate.json): %.2f s%n", (Double) out.get("recorded_speculative_seconds"));
            }
        }
        w.flush();
        if (reportOption.requested()) {
            HtmlReport html = new HtmlReport("specagent replay chess", "game " + report.game() + ", " + report.policy()
                    + ", k=" + report.k() + ", " + report.steps() + " plies, recorded times on the simulated clock");
            ChessReportSections.replay(html, report);
            reportOption.write(html, Notes.writer(spec, json));
        }
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
