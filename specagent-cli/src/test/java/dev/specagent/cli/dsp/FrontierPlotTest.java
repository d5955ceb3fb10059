package dev.specagent.cli.dsp;

import dev.specagent.core.planning.sweep.SweepRow;
import org.junit.jupiter.api.Test;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
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

    /** The 28 policies of {@code dsp sweep --world replay --tasks 50 --seed 1}: a cluster of learned-depth points. */
    private final List<SweepRow> sweep = List.of(
            row("target-only", 1.0000, 1.0000),
            row("fix-2", 0.8027, 1.5526),
            row("fix-4", 0.7161, 2.1733),
            row("fix-6", 0.6708, 2.4400),
            row("dyn-tau0.5", 0.7955, 1.4427),
            row("dyn-tau0.99", 0.7352, 1.6844),
            row("dyn-offset2", 0.6850, 2.0070),
            row("oracle", 0.6708, 1.2323),
            row("dyn-tau0.9-offset1", 0.6890, 1.8453),
            row("dyn-accept-theta0.3", 0.7191, 1.7894),
            row("dyn-accept-theta0.08", 0.6962, 1.9003),
            row("oracle-lean", 0.6708, 1.1799),
            row("dyn-tau0.99-lean", 0.7386, 1.6495),
            row("dyn-tau0.9-offset1-lean", 0.6882, 1.7271),
            row("dyn-accept-theta0.04-lean", 0.6906, 1.8711),
            row("rate-oracle-theta0.1", 0.6815, 1.7340),
            row("rate-oracle-theta0.03", 0.6708, 1.9271),
            row("dyn-gate0.3", 0.7287, 1.5630),
            row("dyn-gate0.1", 0.7121, 1.6988),
            row("dyn-gate0.03", 0.6927, 1.8566),
            row("dyn-gate0.01", 0.6845, 2.0023),
            row("dyn-sched-v0.3-d0.1", 0.7305, 1.5212),
            row("dyn-sched-v0.1-d0.03", 0.7183, 1.6405),
            row("dyn-sched-v0.03-d0.01", 0.6999, 1.7355),
            row("dyn-sched-v0.01-d0.005", 0.6862, 1.8229),
            row("dyn-sched-v0.1-l0.01-d0.005", 0.6895, 1.7804),
            row("dyn-tsched-v0.0003-d0.0001", 0.6908, 1.6738),
            row("dyn-tpsched-v0.005-d0.005", 0.6799, 1.5649)
);

    /**
     * In a cluster of points every name stays readable: no name covers another or a point, each is on the canvas and
     * off the legend, and one not beside its point is joined to it by a line. Names were drawn above and right of
     * every point whatever was there, so the cluster's names lay over one another.
     */
    @Test
    void namesInAClusterCoverNoOtherNameNorAPoint() throws Exception {
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(FrontierPlot.svg(sweep, "replay"))));
        List<double[]> points = new ArrayList<>();
        NodeList circles = svg.getElementsByTagName("circle");
        for (int i = 0; i < circles.getLength(); i++) {
            Element c = (Element) circles.item(i);
            points.add(new double[]{Double.parseDouble(c.getAttribute("cx")), Double.parseDouble(c.getAttribute("cy"))});
        }
        List<double[]> lines = new ArrayList<>();
        NodeList lineNodes = svg.getElementsByTagName("line");
        for (int i = 0; i < lineNodes.getLength(); i++) {
            Element l = (Element) lineNodes.item(i);
            lines.add(new double[]{Double.parseDouble(l.getAttribute("x1")), Double.parseDouble(l.getAttribute("y1")),
                    Double.parseDouble(l.getAttribute("x2")), Double.parseDouble(l.getAttribute("y2"))});
        }
        List<String> names = sweep.stream().map(SweepRow::policy).toList();
        List<double[]> boxes = new ArrayList<>();
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            int row = names.indexOf(t.getTextContent());
            if (row < 0 || !t.getAttribute("font-size").equals("11")) {
                continue; // a tick, an axis title or the legend
            }
            double x = Double.parseDouble(t.getAttribute("x"));
            double y = Double.parseDouble(t.getAttribute("y"));
            double width = 5.5 * t.getTextContent().length(); // 11-pixel sans-serif
            double[] box = t.getAttribute("text-anchor").equals("end") ? new double[]{x - width, y - 8, x, y + 2}
                    : new double[]{x, y - 8, x + width, y + 2};
            String name = t.getTextContent();
            assertThat(box[0] >= 0 && box[2] <= 640 && box[1] >= 30 && box[3] <= 440).as(name + " on the canvas").isTrue();
            assertThat(overlaps(box, new double[]{500, 30, 640, 130})).as(name + " over the legend").isFalse();
            for (double[] other : boxes) {
                assertThat(overlaps(box, other)).as(name + " over another name").isFalse();
            }
            for (double[] p : points) {
                assertThat(overlaps(box, new double[]{p[0] - 5, p[1] - 5, p[0] + 5, p[1] + 5})).as(name + " over a point").isFalse();
            }
            double[] own = points.get(row);
            boolean beside = Math.max(Math.max(box[0] - own[0], own[0] - box[2]), 0) <= 12
                    && Math.max(Math.max(box[1] - own[1], own[1] - box[3]), 0) <= 12;
            boolean joined = lines.stream().anyMatch(l -> l[0] == own[0] && l[1] == own[1]
                    && l[2] >= box[0] - 2 && l[2] <= box[2] + 2 && l[3] >= box[1] - 3 && l[3] <= box[3] + 3);
            assertThat(beside || joined).as(name + " beside its point or joined to it").isTrue();
            boxes.add(box);
        }
        assertThat(boxes).as("every policy named").hasSize(sweep.size());
    }

    private static boolean overlaps(double[] a, double[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }

    /** With every call free no cost ratio exists: a short note instead of a plot, never NaN coordinates. */
    @Test
    void withoutCostFiguresThePlotSaysSo() {
        String svg = FrontierPlot.svg(List.of(row("fix-2", 0.8, Double.NaN), row("odd", Double.NaN, 1)), "free <models>");
        assertThat(svg).contains("no cost figures to plot: every call was free under the price table")
                .contains("free &lt;models&gt;").doesNotContain("<circle").doesNotContain("NaN");
    }
}
