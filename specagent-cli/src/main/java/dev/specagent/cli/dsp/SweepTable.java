package dev.specagent.cli.dsp;

import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.planning.sweep.GoalCheck;
import dev.specagent.core.planning.sweep.SweepRow;

import java.util.List;
import java.util.Locale;

/**
 * Renders DSP sweep rows as a text table (its name column as wide as the longest policy name, at least 26
 * characters) with its goal-check lines, or as the JSON array of {@code dsp sweep --json}.
 */
final class SweepTable {

    private SweepTable() {
    }

    /** The name column's usual width; a longer name widens it for the whole table. */
    private static final int NAME_WIDTH = 26;

    private static int nameWidth(List<SweepRow> rows) {
        return Math.max(NAME_WIDTH, rows.stream().mapToInt(r -> r.policy().length()).max().orElse(0));
    }

    /** The goal check of every dynamic and yardstick row, one indented line each, names as wide as the table's. */
    static String goalLines(List<SweepRow> rows) {
        int width = nameWidth(rows);
        StringBuilder sb = new StringBuilder();
        GoalCheck.of(rows).forEach(check -> sb.append("  ").append(check.line(width)).append(System.lineSeparator()));
        return sb.toString();
    }

    /** The columns of {@link #cells}, as the text table heads them. */
    static final List<String> HEADERS = List.of("policy", "ΔT", "ΔP", "ΔG", "ΔCost", "unneeded", "MC", "K",
            "T/fix2", "P/fix2", "G/fix2", "C/fix2", "time s", "cost $");

    /** What the text table says after the rows: what its columns mean. */
    static final String LEGEND = "ΔX = change against target-only sequential planning; X/fix2 = ratio to Fix k = 2; "
            + "unneeded = unnecessary cost / target-only cost.";

    /** One row's cells, as the text table prints them (and the report's table shows them). */
    static List<String> cells(SweepRow r) {
        return List.of(r.policy(), pct(r.timeRatio()), pct(r.promptRatio()), pct(r.generationRatio()),
                pct(r.costRatio()), num(r.unnecessaryCostRatio()), String.valueOf(r.mc()),
                String.format(Locale.ROOT, "%.2f", r.k()), num(r.timeVsFix2()), num(r.promptVsFix2()),
                num(r.generationVsFix2()), num(r.costVsFix2()),
                String.format(Locale.ROOT, "%.1f", r.figures().speculativeSeconds()),
                String.format(Locale.ROOT, "%.4f", r.figures().costUsd()));
    }

    static String text(List<SweepRow> rows) {
        int width = nameWidth(rows);
        String line = "%-" + width + "s %7s %7s %7s %7s %9s %4s %5s | %8s %8s %8s %8s %9s %9s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, line, HEADERS.toArray()));
        for (SweepRow r : rows) {
            sb.append(String.format(Locale.ROOT, line, cells(r).toArray()));
        }
        sb.append(LEGEND).append('\n');
        return sb.toString();
    }

    static String json(List<SweepRow> rows) {
        ArrayNode array = JsonOutput.array();
        rows.forEach(r -> array.add(json(r)));
        return array.toString();
    }

    /** One row as the JSON object {@link #json(List)} lists. */
    static ObjectNode json(SweepRow r) {
        ObjectNode o = JsonOutput.object();
        o.put("policy", r.policy());
        putFinite(o, "time_ratio", r.timeRatio());
        putFinite(o, "cost_ratio", r.costRatio()); // null when every call was free (a local model's price is 0)
        putFinite(o, "unnecessary_cost_ratio", r.unnecessaryCostRatio());
        o.put("mc", r.mc());
        o.put("k", r.k());
        putFinite(o, "prompt_ratio", r.promptRatio());
        putFinite(o, "generation_ratio", r.generationRatio());
        putFinite(o, "time_vs_fix2", r.timeVsFix2());
        putFinite(o, "cost_vs_fix2", r.costVsFix2());
        putFinite(o, "prompt_vs_fix2", r.promptVsFix2());
        putFinite(o, "generation_vs_fix2", r.generationVsFix2());
        o.put("time_seconds", r.figures().speculativeSeconds());
        o.put("cost_usd", r.figures().costUsd());
        o.put("unnecessary_cost_usd", r.figures().unnecessaryCostUsd());
        o.put("prompt_tokens", r.figures().promptTokens());
        o.put("generation_tokens", r.figures().completionTokens());
        return o;
    }

    static void putFinite(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    private static String pct(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%+.1f%%", 100 * (ratio - 1)) : "n/a";
    }

    static String num(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.3f", ratio) : "n/a";
    }
}
