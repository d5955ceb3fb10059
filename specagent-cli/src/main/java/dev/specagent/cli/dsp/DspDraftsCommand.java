package dev.specagent.cli.dsp;

import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Notes;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.planning.depth.DraftClassifier;
import dev.specagent.core.planning.sweep.DraftClassifierCurve;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code dsp drafts}: how well each learned draft classifier tells right drafts from wrong ones. */
@Command(name = "drafts", mixinStandardHelpOptions = true,
        description = "Plans the tasks with the verification scheduler driven by one draft classifier, scores every "
                + "verified draft out of sample with every classifier (acceptance model, learned target policy, both "
                + "stacked) and prints, per classifier, the share of wrong drafts let through (FPR) at each share of "
                + "right drafts held (FNR), over all drafts and over tool drafts (TERMINATE left out), and the ROC AUC.",
        footer = {"", "Example: specagent dsp drafts --world replay --tasks 138 --seed 1 --driver acceptance",
                "", "Exit codes: 0 success, 1 a run failed, 2 bad input."})
final class DspDraftsCommand implements Runnable {

    @CommandLine.Mixin
    DspCommand.WorldOptions options = new DspCommand.WorldOptions();

    @Option(names = "--driver", defaultValue = "acceptance",
            description = "the classifier the scheduler runs on: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    DraftClassifier driver;

    @Option(names = "--verify-gate", defaultValue = "0.01", description = "the scheduler's verify gate (default ${DEFAULT-VALUE})")
    double verifyGate;

    @Option(names = "--draft-gate", defaultValue = "0.01", description = "the scheduler's draft gate (default ${DEFAULT-VALUE})")
    double draftGate;

    @Option(names = "--hindsight", description = "also print leave-one-task-out bounds of the classifiers (each "
            + "trained on every other task's script, so --tasks 2 or more; not deployable)")
    boolean hindsight;

    @CommandLine.Mixin
    ReportOption reportOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        DraftClassifier chosen = driver;
        if (!(verifyGate > 0 && verifyGate < 1)) {
            throw new BadInputException("--verify-gate must be in (0, 1), got " + verifyGate);
        }
        if (!(draftGate > 0 && draftGate <= verifyGate)) {
            throw new BadInputException("--draft-gate must be in (0, --verify-gate], got " + draftGate);
        }
        if (hindsight && options.tasks == 1) { // each task's bound is trained on the others: one task leaves none
            throw new BadInputException("--hindsight needs --tasks at least 2 (each task's bound is trained on the "
                    + "other tasks' scripts), got --tasks 1");
        }
        var sweep = options.sweep();
        List<DraftClassifierCurve.Curve> curves = new ArrayList<>(
                DraftClassifierCurve.measure(sweep, chosen, verifyGate, draftGate));
        List<DraftClassifierCurve.Curve> bound = hindsight
                ? DraftClassifierCurve.leaveOneTaskOut(sweep.world().scripts(), 3, options.seed) : List.of();
        var out = spec.commandLine().getOut();
        if (options.json) {
            var array = JsonOutput.array();
            for (var c : concat(curves, bound)) {
                var row = array.addObject().put("classifier", label(c, bound)).put("drafts", c.subset())
                        .put("right", c.right()).put("wrong", c.wrong());
                SweepTable.putFinite(row, "auc", c.auc()); // null without a right or a wrong draft to rank
                var points = row.putArray("fpr_at_fnr"); // one {fnr, fpr} per share of right drafts held
                for (int i = 0; i < DraftClassifierCurve.MISS_RATES.length; i++) {
                    SweepTable.putFinite(points.addObject().put("fnr", DraftClassifierCurve.MISS_RATES[i]), "fpr",
                            c.fpr()[i]);
                }
            }
            out.println(array);
        } else {
            out.printf(Locale.ROOT, "draft classifiers: %s, scheduler dyn-sched-v%s-d%s on %s%n",
                    options.describe(), verifyGate, draftGate, chosen.label());
            StringBuilder head = new StringBuilder(String.format("%-18s %-6s %6s %6s %6s |", "classifier", "drafts",
                    "right", "wrong", "AUC"));
            for (double m : DraftClassifierCurve.MISS_RATES) {
                head.append(String.format(Locale.ROOT, " FNR%3.0f%%", 100 * m));
            }
            out.println(head);
            for (var c : concat(curves, bound)) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s %-6s %6d %6d %6s |",
                        label(c, bound), c.subset(), c.right(), c.wrong(), SweepTable.num(c.auc())));
                for (double f : c.fpr()) {
                    line.append(String.format(Locale.ROOT, " %7s", percent(f)));
                }
                out.println(line);
            }
            if (hindsight) {
                out.println("loo-*: hindsight bounds, not deployable: each model trained on every other task's script "
                        + "(plans, drafts and outcomes), scoring the held-out task's scripted drafts.");
            }
            out.println("FNR x%: threshold holding x% of the right drafts; the cell is the share of wrong drafts "
                    + "scored at or above it (verified on).");
        }
        out.flush();
        if (reportOption.requested()) {
            reportOption.write(report(concat(curves, bound), bound, chosen), Notes.writer(spec, options.json));
        }
    }

    /** A table of every curve and a chart of FPR against FNR per classifier and draft subset. */
    private HtmlReport report(List<DraftClassifierCurve.Curve> all, List<DraftClassifierCurve.Curve> bound,
                              DraftClassifier chosen) {
        HtmlReport html = new HtmlReport("specagent dsp drafts", String.format(Locale.ROOT,
                "%s, scheduler dyn-sched-v%s-d%s on %s", options.describe(), verifyGate, draftGate, chosen.label()));
        List<String> headers = new ArrayList<>(List.of("classifier", "drafts", "right", "wrong", "AUC"));
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (double m : DraftClassifierCurve.MISS_RATES) {
            headers.add(String.format(Locale.ROOT, "FNR %.0f%%", 100 * m));
        }
        List<List<String>> rows = new ArrayList<>();
        for (var c : all) {
            List<String> row = new ArrayList<>(List.of(label(c, bound), c.subset(), String.valueOf(c.right()),
                    String.valueOf(c.wrong()), SweepTable.num(c.auc())));
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < c.fpr().length; i++) {
                row.add(percent(c.fpr()[i]));
                points.add(new double[] {100 * DraftClassifierCurve.MISS_RATES[i], 100 * c.fpr()[i]});
            }
            rows.add(row);
            lines.put(label(c, bound) + " (" + c.subset() + ")", points);
        }
        html.table("Wrong drafts verified on (FPR) at each share of right drafts held (FNR)",
                bound.isEmpty() ? "" : "loo-*: leave-one-task-out hindsight bounds, not deployable.", headers, rows);
        html.series("FPR against FNR", "Lower is better: fewer wrong drafts verified on for the same share of right "
                + "drafts held.", lines, "right drafts held (FNR, %)", "wrong drafts verified on (FPR, %)");
        return html;
    }

    private static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.0f%%", 100 * share) : "n/a";
    }

    private static List<DraftClassifierCurve.Curve> concat(List<DraftClassifierCurve.Curve> a, List<DraftClassifierCurve.Curve> b) {
        List<DraftClassifierCurve.Curve> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String label(DraftClassifierCurve.Curve c, List<DraftClassifierCurve.Curve> bound) {
        return bound.contains(c) ? "loo-" + c.classifier().label() : c.classifier().label();
    }
}
