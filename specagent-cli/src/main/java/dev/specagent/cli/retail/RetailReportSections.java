package dev.specagent.cli.retail;

import dev.specagent.cli.report.HtmlReport;
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
        List<String> tools = new ArrayList<>(tally.perTool().keySet());
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("accuracy %", tools.stream().map(t -> {
            int[] c = tally.perTool().get(t);
            return c[1] == 0 ? 0.0 : 100.0 * c[0] / c[1];
        }).toList());
        bars.put("calls", tools.stream().map(t -> (double) tally.perTool().get(t)[1]).toList());
        report.bars(heading, String.format(Locale.ROOT,
                        "Top-%d API-call prediction accuracy (same name and JSON-equal arguments): "
                        + "%.1f %% overall (%d of %d calls).", k, 100 * tally.accuracy(), tally.hits(), tally.calls()),
                tools, bars, "accuracy %", "calls", List.of("calls"));
    }
}
