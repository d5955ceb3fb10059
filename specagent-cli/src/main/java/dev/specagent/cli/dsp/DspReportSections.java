package dev.specagent.cli.dsp;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.sweep.GoalCheck;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.SweepRow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report sections of a DSP sweep, shared by {@code dsp sweep}, {@code dsp run} and the demo:
 * the time–cost frontier of the policies and their time saved and extra cost. The rows' ratios are
 * computed from each run's ledger ({@code RunFigures}) against the target-only run.
 */
public final class DspReportSections {

    private DspReportSections() {
    }

    /**
     * The timeline of every call (approximation drafts, target verifications, depth predictions) made while
     * the first task of {@code run} was planned.
     */
    public static void firstTaskTimeline(HtmlReport report, PolicyRun run) {
        PlanResult first = run.plans().get(0);
        List<LedgerEntry> entries = run.ledger().stream()
                .filter(e -> e.startNanos() >= first.startNanos() && e.startNanos() <= first.endNanos()).toList();
        RunFigures f = RunFigures.of(entries);
        report.timeline("DSP, " + run.policy() + ": every call while planning the first task",
                String.format(Locale.ROOT,
                        "approximation = A's drafted steps, target = T's verifications, predictor = the depth chosen "
                                + "per episode. %d steps in %.1f s; the committed target calls alone take %.1f s one after another; %d attempts.",
                        first.steps().size(), f.speculativeSeconds(), f.sequentialSeconds(), f.attempts()), entries);
    }

    /**
     * The time–cost frontier (both relative to target-only planning), bars per policy, and the table of the rows
     * with the text table's columns and cells (ΔP, ΔG, unnecessary cost, MC, K, the ratios to fix-2, time and cost).
     */
    public static void sweep(HtmlReport report, String world, List<SweepRow> rows) {
        report.scatter("Time–cost frontier, " + world,
                "Each point is a depth policy over the same tasks: planning time and dollar cost relative to "
                        + "target-only planning (1, 1). Lower left is better.",
                rows.stream().map(r -> new HtmlReport.Point(r.policy(), r.timeRatio(), r.costRatio())).toList(),
                "time / target-only", "cost / target-only");
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("time saved %", rows.stream().map(r -> 100 * (1 - r.timeRatio())).toList());
        bars.put("extra cost %", rows.stream().map(r -> 100 * (r.costRatio() - 1)).toList());
        report.bars("Time saved and extra cost per policy, " + world, "Against target-only planning (k = 0).",
                rows.stream().map(SweepRow::policy).toList(), bars, "time saved %", "extra cost %", List.of("extra cost %"));
        report.table("Policies, " + world, SweepTable.LEGEND, SweepTable.HEADERS,
                rows.stream().map(SweepTable::cells).toList());
    }

    /** The goal check of every dynamic and yardstick row, as {@code dsp sweep} prints it under its table. */
    static void goalCheck(HtmlReport report, String world, List<SweepRow> rows) {
        report.table("Goal check, " + world, "Within 2% of fix-6's time, at most 60% of its cost, within 10% of the "
                        + "oracle's cost.", List.of("policy", "time/fix6", "cost/fix6", "cost/oracle", "verdict"),
                GoalCheck.of(rows).stream().map(c -> {
                    String[] parts = c.line(1).substring(c.policy().length()).strip()
                            .split("\\s*(time/fix6|cost/fix6|cost/oracle|=>)\\s*");
                    return List.of(c.policy(), parts[1].strip(), parts[2].strip(), parts[3].strip(), parts[4].strip());
                }).toList());
    }
}
