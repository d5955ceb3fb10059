package dev.specagent.cli.ostune;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.envs.ostune.OsTuneReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report sections of OS-tuning runs, shared by {@code ostune} and the demo: p95 over time per mode, and the
 * writes to the knob.
 */
public final class OsTuneReportSections {

    private OsTuneReportSections() {
    }

    /** One line per run (named by its mode): the p95 reading of every second. */
    public static void p95OverTime(HtmlReport report, String heading, List<OsTuneReport> runs) {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (OsTuneReport run : runs) {
            lines.put(label(run), run.result().samples().stream()
                    .map((MetricSample s) -> new double[]{s.seconds(), s.metric()}).toList());
        }
        OsTuneReport first = runs.get(0);
        String note = "Knob " + first.knob() + " (" + first.knobKind() + "); one p95 reading per second."
                + first.perturbAtSeconds().stream().mapToObj(t -> String.format(Locale.ROOT,
                " Perturbed at %.0f s; mean p95 over the next %.0f s: ", t, first.reactionWindowSeconds())).findFirst().orElse("")
                + String.join(", ", runs.stream().filter(r -> r.reactionMeanP95().isPresent())
                .map(r -> String.format(Locale.ROOT, "%s %.2f ms", label(r), r.reactionMeanP95().getAsDouble())).toList());
        report.series(heading, note, lines, "seconds", "p95 latency (ms)");
    }

    /** Every write to the knob, as {@code --json}'s {@code writes} lists them: when, by whom, the values and why. */
    public static void writes(HtmlReport report, List<KnobWrite> writes, String unit) {
        report.table("Writes to the knob", "Last write wins: requested is what the agent asked, applied what the "
                        + "safety envelope let through (" + unit + ").",
                List.of("t (s)", "source", "previous", "requested", "applied", "rationale"),
                writes.stream().map(w -> List.of(String.format(Locale.ROOT, "%.3f", w.seconds()),
                        w.source().name().toLowerCase(Locale.ROOT), OsTuneSummary.num(w.previous()),
                        OsTuneSummary.num(w.requested()), OsTuneSummary.num(w.applied()),
                        w.rationale() == null ? "" : w.rationale())).toList());
    }

    /** The name of a run's mode as people say it. */
    public static String label(OsTuneReport run) {
        return switch (run.mode()) {
            case NONE -> "untuned";
            case ACTOR_ONLY -> "actor-only";
            case SPECULATOR_ONLY -> "speculator-only";
            case BOTH -> "actor + speculator";
        };
    }
}
