package dev.specagent.cli.dsp;

import dev.specagent.core.planning.sweep.SweepRow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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
            assertThat(svg).contains(String.format(Locale.ROOT, "<title>%s: time %.3f, cost %.3f</title>",
                    r.policy(), r.timeRatio(), r.costRatio()));
        }
        assertThat(svg.split("<circle ", -1)).hasSize(rows.size() + 1);
        assertThat(svg.split("<path d=\"M", -1)[1].split(" L")).hasSize(4); // the four frontier points
    }

    /**
     * Time on x growing right and cost on y growing up, each over its range padded by 8 % (at least 0.02): here time
     * 0.78..1.02 over the 420 pixels from x = 70, cost 0.96..1.54 over the 340 from y = 380 up.
     */
    @Test
    void eachPointIsPlacedByItsTimeAndCost() {
        String svg = FrontierPlot.svg(List.of(row("fix-2", 0.8, 1.5), row("target-only", 1.0, 1.0)), "t");
        assertThat(svg).contains("<circle cx=\"105.0\" cy=\"63.4\" r=\"5\" fill=\"#1f77b4\"><title>fix-2: time 0.800, cost 1.500</title>")
                .contains("<text x=\"112.0\" y=\"58.4\" font-size=\"11\">fix-2</text>")
                .contains("<circle cx=\"455.0\" cy=\"356.6\" r=\"5\" fill=\"#7f7f7f\"><title>target-only: time 1.000, cost 1.000</title>")
                .contains("<path d=\"M105.0 63.4 L455.0 356.6\"");
        // the axes' ticks: the ends of each padded range and its middle
        assertThat(svg).contains("<text x=\"70.0\" y=\"398\" text-anchor=\"middle\">0.78</text>")
                .contains("<text x=\"280.0\" y=\"398\" text-anchor=\"middle\">0.90</text>")
                .contains("<text x=\"490.0\" y=\"398\" text-anchor=\"middle\">1.02</text>")
                .contains("<text x=\"64\" y=\"384.0\" text-anchor=\"end\">0.96</text>")
                .contains("<text x=\"64\" y=\"214.0\" text-anchor=\"end\">1.25</text>")
                .contains("<text x=\"64\" y=\"44.0\" text-anchor=\"end\">1.54</text>")
                .contains("<line x1=\"175.0\" y1=\"40\" x2=\"175.0\" y2=\"380\" stroke=\"#eee\"/>")
                .contains("<line x1=\"70\" y1=\"295.0\" x2=\"490\" y2=\"295.0\" stroke=\"#eee\"/>")
                .contains("<text x=\"280\" y=\"422\" text-anchor=\"middle\">time / target-only time</text>")
                .contains("<text x=\"16\" y=\"210\" transform=\"rotate(-90 16 210)\" text-anchor=\"middle\">"
                        + "cost / target-only cost</text>");
    }

    /** A policy that costs as much as a faster one is beaten by it: not on the frontier. */
    @Test
    void aSlowerPolicyAtTheSameCostIsNotOnTheFrontier() {
        assertThat(FrontierPlot.frontier(List.of(row("fix-2", 0.8, 1.5), row("fix-3", 0.9, 1.5), row("target-only", 1.0, 1.0))))
                .extracting(SweepRow::policy).containsExactly("fix-2", "target-only");
    }

    /** Points are coloured by kind as the legend says: fixed k blue, dynamic red, hindsight oracles green, others grey. */
    @Test
    void pointsAreColouredByKind() {
        String svg = FrontierPlot.svg(rows, "t");
        for (String[] kind : new String[][]{{"fix-6", "#1f77b4"}, {"dyn-tau0.5", "#d62728"}, {"oracle-lean", "#2ca02c"},
                {"rate-oracle-theta0.03", "#7f7f7f"}, {"target-only", "#7f7f7f"}}) {
            assertThat(svg).containsPattern("fill=\"" + kind[1] + "\"><title>" + Pattern.quote(kind[0]) + ":");
        }
        assertThat(svg).contains("blue: fixed k").contains("red: dynamic").contains("green: hindsight oracles")
                .contains("grey: others, yardsticks");
    }

    /** With every call free no cost ratio exists: a short note instead of a plot, never NaN coordinates. */
    @Test
    void withoutCostFiguresThePlotSaysSo() {
        String svg = FrontierPlot.svg(List.of(row("fix-2", 0.8, Double.NaN), row("odd", Double.NaN, 1)), "free <models>");
        assertThat(svg).contains("no cost figures to plot: every call was free under the price table")
                .contains("free &lt;models&gt;").doesNotContain("<circle").doesNotContain("NaN");
    }
}
