package dev.specagent.cli.dsp;

import dev.specagent.core.planning.sweep.SweepRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SVG frontier: its dashed line joins only policies one could deploy, and every point is the table's. */
class FrontierPlotTest {

    /** A row with only the figures the plot reads: time and cost relative to target-only. */
    private static SweepRow row(String policy, double time, double cost) {
        return new SweepRow(policy, time, Double.NaN, Double.NaN, cost, Double.NaN, 1, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, null);
    }

    // The shape of the replay sweep: the hindsight oracles and a yardstick undercut every deployable policy.
    private final List<SweepRow> rows = List.of(row("target-only", 1.0, 1.0), row("fix-2", 0.817, 1.597),
            row("fix-6", 0.709, 2.578), row("dyn-tau0.5", 0.836, 1.408), row("oracle", 0.709, 1.233),
            row("oracle-lean", 0.709, 1.183), row("rate-oracle-theta0.03", 0.709, 2.000),
            row("partial-oracle-sched-v0.7", 0.710, 1.150), row("dyn-tpsched-v0.005-d0.005", 0.724, 1.574));

    @Test
    void theFrontierLeavesOutTheOraclesAndTheYardsticks() {
        assertThat(FrontierPlot.frontier(rows)).extracting(SweepRow::policy)
                .containsExactly("fix-6", "dyn-tpsched-v0.005-d0.005", "dyn-tau0.5", "target-only");
    }

    @Test
    void everyRowIsAPointWithItsOwnFigures() {
        String svg = FrontierPlot.svg(rows, "a <sweep> & more");
        assertThat(svg).contains("a &lt;sweep&gt; &amp; more");
        for (SweepRow r : rows) {
            assertThat(svg).contains(String.format(java.util.Locale.ROOT, "<title>%s: time %.3f, cost %.3f</title>",
                    r.policy(), r.timeRatio(), r.costRatio()));
        }
        assertThat(svg.split("<circle ", -1)).hasSize(rows.size() + 1);
        assertThat(svg.split("<path d=\"M", -1)[1].split(" L")).hasSize(4); // the four frontier points
    }
}
