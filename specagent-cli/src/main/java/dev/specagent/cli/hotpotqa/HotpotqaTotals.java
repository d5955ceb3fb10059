package dev.specagent.cli.hotpotqa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.FiguresJson;
import dev.specagent.cli.JsonOutput;
import dev.specagent.envs.hotpotqa.EpisodeResult;

import java.util.List;
import java.util.Locale;

/**
 * The figures of all answered questions of a {@code hotpotqa} run together: mean EM and F1, summed times, hits and
 * costs ({@code speculationCostUsd}: the questions' unnecessary cost). In {@code --json} under {@code totals}, one field
 * per component.
 */
record HotpotqaTotals(int questions, double exactMatch, double f1, double speculativeSeconds, double sequentialSeconds,
                      double savedPct, long hits, double costUsd, double speculationCostUsd) {

    static HotpotqaTotals of(List<EpisodeResult> results) {
        double spec = results.stream().mapToDouble(r -> r.run().figures().speculativeSeconds()).sum();
        double seq = results.stream().mapToDouble(r -> r.run().figures().sequentialSeconds()).sum();
        return new HotpotqaTotals(results.size(),
                results.stream().mapToDouble(r -> r.score().exactMatch() ? 1 : 0).average().orElse(0),
                results.stream().mapToDouble(r -> r.score().f1()).average().orElse(0), spec, seq,
                seq > 0 ? 100 * (seq - spec) / seq : 0,
                results.stream().mapToLong(r -> r.run().figures().hits()).sum(),
                results.stream().mapToDouble(r -> r.run().figures().costUsd()).sum(),
                results.stream().mapToDouble(r -> r.run().figures().unnecessaryCostUsd()).sum());
    }

    /** The time figures as printed: {@code S s vs sequential Q s (P% saved)}, {@code n/a saved} over no sequential time. */
    String time() {
        return String.format(Locale.ROOT, "%.2f s vs sequential %.2f s (%s saved)", speculativeSeconds,
                sequentialSeconds, sequentialSeconds > 0 ? String.format(Locale.ROOT, "%.1f%%", savedPct) : "n/a");
    }

    /** The totals as JSON, {@code saved_pct} null over no sequential time (as {@link FiguresJson} has it). */
    ObjectNode toJson() {
        ObjectNode o = (ObjectNode) JsonOutput.valueToTree(this);
        if (sequentialSeconds == 0) {
            o.putNull("saved_pct");
        }
        return o;
    }
}
