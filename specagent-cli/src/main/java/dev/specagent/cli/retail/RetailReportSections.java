package dev.specagent.cli.retail;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.envs.retail.replay.Latencies;
import dev.specagent.envs.retail.replay.PredictionExperiment;
import dev.specagent.envs.retail.speculate.PredictionTally;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTML report sections of the retail commands, shared by {@code retail predict}, {@code predict-calls} and the demo. */
public final class RetailReportSections {

    private RetailReportSections() {
    }

    /** Per-tool prediction accuracy (left axis) and the number of calls of each tool (right axis). */
    public static void perToolAccuracy(HtmlReport report, String heading, PredictionTally tally, int k) {
        perToolAccuracy(report, heading, tally, k, null);
    }

    /**
     * {@link #perToolAccuracy(HtmlReport, String, PredictionTally, int)}, its note ending with {@code spent} (what
     * the speculator's model calls spent, in the words the command printed; null when it called none), then a
     * table of the same figures as the command's per-tool lines.
     */
    static void perToolAccuracy(HtmlReport report, String heading, PredictionTally tally, int k, String spent) {
        List<String> tools = new ArrayList<>(tally.perTool().keySet());
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("accuracy %", tools.stream().map(t -> percent(tally.perTool().get(t))).toList());
        bars.put("calls", tools.stream().map(t -> (double) tally.perTool().get(t)[1]).toList());
        // over no call there is no accuracy (the tally's 0 is none), as the command prints it
        String overall = tally.calls() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * tally.accuracy());
        String note = String.format(Locale.ROOT, "Top-%d API-call prediction accuracy (same name and JSON-equal "
                + "arguments): %s overall (%d of %d calls).", k, overall, tally.hits(), tally.calls());
        report.bars(heading, spent == null ? note : note + " " + capitalised(spent) + ".",
                tools, bars, "accuracy %", "calls", List.of("calls"));
        report.table(heading + " (figures)", null, List.of("tool", "accuracy", "hits", "calls"),
                tools.stream().map(t -> {
                    int[] c = tally.perTool().get(t);
                    return List.of(t, String.format(Locale.ROOT, "%.1f%%", percent(c)), String.valueOf(c[0]),
                            String.valueOf(c[1]));
                }).toList());
    }

    /** The time replay of {@code retail predict}: the figures of its "time" and "lossless" lines. */
    static void timeReplay(HtmlReport report, PredictionExperiment.Result r, Latencies latencies) {
        report.table("Time replay of the gold calls (simulated)", String.format(Locale.ROOT,
                        "Decision %.1f s, tool %.1f s, speculator %.1f s per call; lossless = the task committed the "
                                + "sequential run's outputs and a byte-identical database.", latencies.decisionSeconds(),
                        latencies.toolSeconds(), latencies.speculatorSeconds()),
                List.of("sequential", "speculative", "saved", "tool calls run ahead and adopted", "lossless tasks"),
                List.of(List.of(String.format(Locale.ROOT, "%.1f s", r.sequentialSeconds()),
                        String.format(Locale.ROOT, "%.1f s", r.speculativeSeconds()),
                        String.format(Locale.ROOT, "%.1f%%", r.savedPct()), String.valueOf(r.runnerHits()),
                        r.losslessTasks() + " of " + r.tasks())));
    }

    /** A tool's accuracy in percent; a tally lists a tool only once called, so never over no call. */
    private static double percent(int[] hitsAndCalls) {
        return 100.0 * hitsAndCalls[0] / hitsAndCalls[1];
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
