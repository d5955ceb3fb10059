package dev.specagent.cli.demo;

import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.report.HtmlReport;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a demo run produced: the summary rows, the notes printed under the table, and each part's
 * status (ran in how long, skipped and why, failed and why). Renders itself as the text summary, the
 * JSON object of {@code --json}, and the head of the HTML report. Synchronized: a signal's hook prints it while
 * the command's thread may still add a part.
 */
final class DemoSummary {

    /** What the columns and the dashes mean, printed under the table. */
    static final String LEGEND = "ran: live = real engines on this machine, now; remote-est = that live game with "
            + "uncontended think times;\n     replay = recorded runs replayed on the simulated clock; simulated = synthetic "
            + "world on the simulated clock.\ntime saved = 1 - speculative / sequential time; hit rate = committed calls "
            + "served by a speculative branch\n     (unless a line below defines it otherwise); extra cost = the cost of "
            + "every call off the committed path,\n     in % of the sequential run's cost.\nlossless = committed results checked "
            + "equal to the sequential run's; '-' = free (a local engine, a learned model) or not claimed.";

    private final List<DemoRow> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final List<List<String>> parts = new ArrayList<>();

    synchronized void ran(DemoPart part, DemoPart.Contribution c, double seconds) {
        rows.addAll(c.rows());
        notes.addAll(c.notes());
        ran.add(part.name());
        parts.add(List.of(part.name(), String.format(Locale.ROOT, "ran in %.1f s", seconds),
                c.notes().isEmpty() ? c.rows().size() + " rows in the summary" : String.join(" ", c.notes())));
    }

    synchronized void skipped(DemoPart part, String why) {
        skipped.add(part.name() + ": " + why);
        parts.add(List.of(part.name(), "skipped", why));
    }

    synchronized void failed(DemoPart part, String why) {
        failed.add(part.name() + ": " + why);
        parts.add(List.of(part.name(), "FAILED", why));
    }

    synchronized boolean anyFailed() {
        return !failed.isEmpty();
    }

    List<DemoRow> rows() {
        return rows;
    }

    /** The summary table and the lines under it. */
    synchronized void printText(PrintWriter out, double seconds) {
        out.println();
        int policyWidth = Math.max(20, rows.stream().mapToInt(r -> r.policy().length()).max().orElse(0));
        // one format for the head and the rows, so that each figure ends where its column's head ends
        String row = "%-11s %-" + policyWidth + "s %-10s %10s %9s %11s %9s%n";
        out.printf(Locale.ROOT,
                row, "environment", "policy", "ran", "time saved", "hit rate", "extra cost", "lossless");
        for (DemoRow r : rows) {
            out.printf(Locale.ROOT,
                    row, r.environment(), r.policy(), r.mode(), saved(r), hitRate(r), extraCost(r), lossless(r));
        }
        out.println();
        out.println(LEGEND);
        notes.forEach(out::println);
        failed.forEach(f -> out.println("FAILED " + f));
        out.printf(Locale.ROOT, "(%d parts in %.0f s%s)%n", ran.size(), seconds, skipped.isEmpty() ? ""
                : "; skipped, see above: " + String.join(", ", skipped.stream().map(DemoSummary::partName).toList()));
    }

    /** The object {@code --json} prints. */
    synchronized ObjectNode json(Path report, double seconds) {
        ObjectNode o = JsonOutput.object();
        var array = o.putArray("rows");
        for (DemoRow r : rows) {
            ObjectNode row = array.addObject();
            row.put("environment", r.environment()).put("policy", r.policy()).put("mode", r.mode());
            putNumber(row, "saved_pct", r.savedPct());
            putNumber(row, "hit_rate", r.hitRate());
            putNumber(row, "extra_cost_pct", r.extraCostPct());
            row.put("lossless", r.lossless());
        }
        ran.forEach(o.putArray("parts")::add);
        skipped.forEach(o.putArray("skipped")::add);
        failed.forEach(o.putArray("failed")::add);
        notes.forEach(o.putArray("notes")::add);
        o.put("report", report.toAbsolutePath().normalize().toString());
        o.put("seconds", Math.round(seconds * 10) / 10.0);
        return o;
    }

    /** The report: the summary, the parts, time saved and extra cost per row, then the parts' own sections. */
    synchronized HtmlReport report(HtmlReport partSections) {
        HtmlReport report = new HtmlReport("specagent demo", "What speculation saves, per environment and policy.");
        report.table("Summary", LEGEND, List.of("environment", "policy", "ran", "time saved", "hit rate", "extra cost",
                "lossless"), rows.stream().map(r -> List.of(r.environment(), r.policy(), r.mode(), saved(r),
                hitRate(r), extraCost(r), lossless(r))).toList());
        report.table("Parts", "What ran, and what was skipped on this machine and why.", List.of("part", "status", "detail"),
                parts);
        // Rows that claim no time (match rates only) have no bar.
        List<DemoRow> timed = rows.stream().filter(r -> Double.isFinite(r.savedPct())).toList();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("time saved %", timed.stream().map(DemoRow::savedPct).toList());
        bars.put("extra cost %", timed.stream().map(r -> Double.isFinite(r.extraCostPct()) ? r.extraCostPct() : 0).toList());
        report.bars("Time saved and extra cost per policy", "Extra cost 0 = free (local engines, learned models).",
                timed.stream().map(r -> r.environment() + " " + r.policy() + " (" + r.mode() + ")").toList(), bars,
                "time saved %", "extra cost %", List.of("extra cost %"));
        return report.append(partSections);
    }

    private static String partName(String entry) {
        return entry.substring(0, entry.indexOf(':'));
    }

    /** A figure, or null when there is none: NaN or an infinity (a ratio to nothing) is no number in JSON. */
    private static void putNumber(ObjectNode o, String field, double v) {
        if (!Double.isFinite(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private static String saved(DemoRow r) {
        return Double.isFinite(r.savedPct()) ? String.format(Locale.ROOT, "%.1f%%", r.savedPct()) : "-";
    }

    private static String hitRate(DemoRow r) {
        return Double.isFinite(r.hitRate()) ? String.format(Locale.ROOT, "%.0f%%", 100 * r.hitRate()) : "-";
    }

    private static String extraCost(DemoRow r) {
        return Double.isFinite(r.extraCostPct()) ? String.format(Locale.ROOT, "%+.0f%%", r.extraCostPct()) : "-";
    }

    private static String lossless(DemoRow r) {
        return r.lossless() == null ? "-" : r.lossless() ? "yes" : "NO";
    }
}
