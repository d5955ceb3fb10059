package dev.specagent.cli.hotpotqa;

import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.RunSections;
import dev.specagent.envs.hotpotqa.EpisodeResult;
import dev.specagent.envs.hotpotqa.replay.ConfigurationReplay;
import dev.specagent.envs.hotpotqa.replay.HotpotReplay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTML report sections of HotpotQA runs, shared by {@code replay hotpotqa}, {@code hotpotqa} and the demo. */
public final class HotpotqaReportSections {

    private HotpotqaReportSections() {
    }

    /** Match rates per actor/top-k/speculator folder of the recorded runs (pooled: matched steps / steps). */
    public static void matchRates(HtmlReport report, HotpotReplay replay) {
        List<ConfigurationReplay> configs = replay.configurations();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        for (String type : List.of("general", "Search", "Lookup")) {
            // a folder with no step of the type has no rate: no bar, rather than one at 0 like a rate of 0 of 1
            bars.put(type + " match rate", configs.stream().map(c -> c.pooledRate(type).orElse(null)).toList());
        }
        report.bars("HotpotQA: how often the speculator's top-k guesses contained the actor's action (recorded runs)",
                "Per actor / top-k / speculator folder, recomputed from the recorded actions: matched steps / steps "
                        + "(general = any action; Search and Lookup by type; no bar = no step of that type). No end-to-end time is claimed from these records.",
                configs.stream().map(c -> c.actor() + " top" + c.topK() + " / " + c.speculator()).toList(), bars,
                "match rate", "", List.of());
    }

    /**
     * One row per answered question: its score, answer and steps, then the figures every run reports (tokens,
     * cost, unnecessary cost, hit rate, ...), as {@code --json}'s per-question {@code figures} has them.
     */
    public static void questions(HtmlReport report, List<EpisodeResult> results) {
        RunSections.figures(report, "Questions", "EM = exact match with the gold answer; sequential s = the committed "
                        + "calls one after another; speculation = speculator guesses and drafts, wasted and cancelled calls.",
                List.of("question", "EM", "F1", "answer", "gold", "steps"),
                results.stream().map(r -> new RunSections.FiguresRow(List.of(r.question().id(),
                        r.score().exactMatch() ? "1" : "0", String.format(Locale.ROOT, "%.2f", r.score().f1()),
                        r.answer() == null ? "(none)" : r.answer(), r.question().answer(),
                        String.valueOf(r.run().finalState().steps().size())), r.run().figures())).toList(),
                SpentFormatter.COMPLETION);
    }

    /** The timeline of every call of each answered question. */
    public static void episodes(HtmlReport report, List<EpisodeResult> results) {
        for (EpisodeResult r : results) {
            var f = r.run().figures();
            report.timeline("Question " + r.question().id() + ": every call (thinks, searches, drafts, guessed observations)",
                    String.format(Locale.ROOT,
                            "%.2f s against %.2f s sequentially, %d hits, $%.4f; answer %s (gold %s).",
                            f.speculativeSeconds(), f.sequentialSeconds(), f.hits(), f.costUsd(),
                            r.answer() == null ? "(none)" : "'" + r.answer() + "'", "'" + r.question().answer() + "'"),
                    r.run().ledger());
        }
    }
}
