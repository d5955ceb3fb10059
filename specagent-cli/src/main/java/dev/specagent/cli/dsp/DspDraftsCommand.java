package dev.specagent.cli.dsp;

import dev.specagent.cli.BadInputException;
import dev.specagent.core.planning.depth.DraftClassifier;
import dev.specagent.core.planning.sweep.DraftClassifierCurve;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

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
            description = "the classifier the scheduler runs on: acceptance, target-policy or stacked (default ${DEFAULT-VALUE})")
    String driver;

    @Option(names = "--verify-gate", defaultValue = "0.01", description = "the scheduler's verify gate (default ${DEFAULT-VALUE})")
    double verifyGate;

    @Option(names = "--draft-gate", defaultValue = "0.01", description = "the scheduler's draft gate (default ${DEFAULT-VALUE})")
    double draftGate;

    @Option(names = "--hindsight", description = "also print leave-one-task-out bounds of the classifiers (each "
            + "trained on every other task's script; not deployable)")
    boolean hindsight;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        DraftClassifier chosen = java.util.Arrays.stream(DraftClassifier.values()).filter(c -> c.label().equals(driver))
                .findFirst().orElseThrow(() -> new BadInputException("--driver must be acceptance, target-policy or "
                        + "stacked, got '" + driver + "'"));
        if (!(verifyGate > 0 && verifyGate < 1)) {
            throw new BadInputException("--verify-gate must be in (0, 1), got " + verifyGate);
        }
        if (!(draftGate > 0 && draftGate <= verifyGate)) {
            throw new BadInputException("--draft-gate must be in (0, --verify-gate], got " + draftGate);
        }
        var sweep = options.sweep();
        List<DraftClassifierCurve.Curve> curves = new java.util.ArrayList<>(
                DraftClassifierCurve.measure(sweep, chosen, verifyGate, draftGate));
        List<DraftClassifierCurve.Curve> bound = hindsight
                ? DraftClassifierCurve.leaveOneTaskOut(sweep.world().scripts(), 3, options.seed) : List.of();
        var out = spec.commandLine().getOut();
        if (options.json) {
            var array = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
            for (var c : concat(curves, bound)) {
                var row = array.addObject().put("classifier", label(c, bound)).put("drafts", c.subset())
                        .put("right", c.right()).put("wrong", c.wrong()).put("auc", c.auc());
                var fpr = row.putObject("fpr_at_fnr");
                for (int i = 0; i < DraftClassifierCurve.MISS_RATES.length; i++) {
                    fpr.put(String.valueOf(DraftClassifierCurve.MISS_RATES[i]), c.fpr()[i]);
                }
            }
            out.println(array);
        } else {
            out.printf("draft classifiers: %s world, %d tasks, seed %d, scheduler dyn-sched-v%s-d%s on %s%n",
                    options.world, options.tasks, options.seed, verifyGate, draftGate, chosen.label());
            StringBuilder head = new StringBuilder(String.format("%-18s %-6s %6s %6s %6s |", "classifier", "drafts",
                    "right", "wrong", "AUC"));
            for (double m : DraftClassifierCurve.MISS_RATES) {
                head.append(String.format(Locale.ROOT, " FNR%3.0f%%", 100 * m));
            }
            out.println(head);
            for (var c : concat(curves, bound)) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s %-6s %6d %6d %6.3f |",
                        label(c, bound), c.subset(), c.right(), c.wrong(), c.auc()));
                for (double f : c.fpr()) {
                    line.append(String.format(Locale.ROOT, " %6.0f%%", 100 * f));
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
    }

    private static List<DraftClassifierCurve.Curve> concat(List<DraftClassifierCurve.Curve> a, List<DraftClassifierCurve.Curve> b) {
        List<DraftClassifierCurve.Curve> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String label(DraftClassifierCurve.Curve c, List<DraftClassifierCurve.Curve> bound) {
        return bound.contains(c) ? "loo-" + c.classifier().label() : c.classifier().label();
    }
}
