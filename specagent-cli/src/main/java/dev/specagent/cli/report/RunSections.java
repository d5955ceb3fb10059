package dev.specagent.cli.report;

import dev.specagent.cli.SpentFormatter;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.runner.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Report sections built from runs' ledgers, shared by the commands: time and cost bars per run with the timeline of
 * the last run, a table of the figures every run reports (one row per run), and a table of a command's summary
 * lines, so that a report's own sections say what the command printed.
 */
public final class RunSections {

    private RunSections() {
    }

    /** Bars of wall time (first start to last end) and cost per run, then the timeline of the last run. */
    public static void compare(HtmlReport report, String heading, List<RunResult<?>> runs) {
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("seconds", runs.stream().map(r -> r.figures().speculativeSeconds()).toList());
        bars.put("cost $", runs.stream().map(r -> r.figures().costUsd()).toList());
        report.bars(heading + ": time and cost per policy", null, runs.stream().map(RunResult::policy).toList(), bars,
                "seconds", "cost $", List.of("cost $"));
        RunResult<?> last = runs.get(runs.size() - 1);
        RunFigures f = last.figures();
        report.timeline(heading + ": every call of the " + last.policy() + " run",
                String.format(Locale.ROOT,
                        "%.2f s, %d of %d committed calls from a branch, $%.6f of which $%.6f not on the committed path.",
                        f.speculativeSeconds(), f.hits(), f.committedCalls(), f.costUsd(), f.unnecessaryCostUsd()),
                last.ledger());
    }

    /** The headers of {@link #figureCells}, in its order. */
    public static final List<String> FIGURE_HEADERS = List.of("sequential s", "speculative s", "saved",
            "hit rate", "hits of committed calls", "attempts (cancelled)", "peak concurrency", "average depth",
            "prompt tokens", "completion tokens", "cost", "unnecessary cost");

    /**
     * The figures every run reports, as table cells in {@link Locale#ROOT}: seconds to three decimals, the time
     * saved and the hit rate ({@code n/a} over no sequential time or no committed call), the mean depth of the
     * speculative entries ({@code n/a} without any), tokens, and dollars in {@code spent}'s decimals.
     */
    public static List<String> figureCells(RunFigures f, SpentFormatter spent) {
        return List.of(String.format(Locale.ROOT, "%.3f", f.sequentialSeconds()),
                String.format(Locale.ROOT, "%.3f", f.speculativeSeconds()),
                f.sequentialSeconds() > 0 ? String.format(Locale.ROOT, "%.1f%%", f.savedPct()) : "n/a",
                f.committedCalls() > 0 ? String.format(Locale.ROOT, "%.3f", f.hitRate()) : "n/a",
                f.hits() + " of " + f.committedCalls(), f.attempts() + " (" + f.cancelledAttempts() + ")",
                String.valueOf(f.peakConcurrency()), averageDepth(f),
                String.valueOf(f.promptTokens()), String.valueOf(f.completionTokens()),
                spent.dollars(f.costUsd()), spent.dollars(f.unnecessaryCostUsd()));
    }

    /** The mean speculative depth to two decimals, {@code n/a} when nothing was speculated. */
    public static String averageDepth(RunFigures f) {
        return f.depthEntries() > 0 ? String.format(Locale.ROOT, "%.2f", f.averageDepth()) : "n/a";
    }

    /** One row of {@link #figures}: the command's own cells, then a run's figures. */
    public record FiguresRow(List<String> own, RunFigures figures) {
    }

    /**
     * A table of runs' figures: the command's own columns ({@code ownHeaders}, e.g. the run's name or a question's
     * score), then {@link #FIGURE_HEADERS}.
     */
    public static void figures(HtmlReport report, String heading, String note, List<String> ownHeaders,
                               List<FiguresRow> rows, SpentFormatter spent) {
        List<String> headers = new ArrayList<>(ownHeaders);
        headers.addAll(FIGURE_HEADERS);
        report.table(heading, note, headers, rows.stream().map(r -> {
            List<String> cells = new ArrayList<>(r.own());
            cells.addAll(figureCells(r.figures(), spent));
            return (List<String>) cells;
        }).toList());
    }

    /** One line of a command's summary: what it names, and its figures as printed. */
    public record Line(String label, String value) {
    }

    /** A two-column table of a command's summary lines, in their order (a label may repeat, e.g. one per agent). */
    public static void summary(HtmlReport report, String heading, String note, List<Line> lines) {
        report.table(heading, note, List.of("figure", "value"),
                lines.stream().map(l -> List.of(l.label(), l.value())).toList());
    }
}
