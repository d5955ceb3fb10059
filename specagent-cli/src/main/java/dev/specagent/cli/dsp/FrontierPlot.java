package dev.specagent.cli.dsp;

import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.core.planning.sweep.SweepRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A hand-written SVG of the time–cost frontier: one point per policy (time and cost relative to
 * target-only planning), the Pareto-optimal deployable points joined by a line. Self-contained, no scripts.
 */
final class FrontierPlot {

    private static final int W = 640;
    private static final int H = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private FrontierPlot() {
    }

    static String svg(List<SweepRow> allRows, String title) {
        // rows without a cost ratio (every call free under the price table) have no place on the plot
        List<SweepRow> rows = allRows.stream()
                .filter(r -> Double.isFinite(r.timeRatio()) && Double.isFinite(r.costRatio())).toList();
        if (rows.isEmpty()) {
            return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"80\" "
                    + "font-family=\"sans-serif\" font-size=\"12\">%n<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n"
                    + "<text x=\"%d\" y=\"50\">no cost figures to plot: every call was free under the price table</text>%n"
                    + "</svg>%n", W, LEFT, escape(title), LEFT);
        }
        double minT = Double.MAX_VALUE;
        double maxT = -Double.MAX_VALUE;
        double minC = Double.MAX_VALUE;
        double maxC = -Double.MAX_VALUE;
        for (SweepRow r : rows) {
            minT = Math.min(minT, r.timeRatio());
            maxT = Math.max(maxT, r.timeRatio());
            minC = Math.min(minC, r.costRatio());
            maxC = Math.max(maxC, r.costRatio());
        }
        double padT = Math.max(0.02, (maxT - minT) * 0.08);
        double padC = Math.max(0.02, (maxC - minC) * 0.08);
        double t0 = minT - padT;
        double t1 = maxT + padT;
        double c0 = minC - padC;
        double c1 = maxC + padC;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 4; i++) {
            double t = t0 + (t1 - t0) * i / 4;
            double c = c0 + (c1 - c0) * i / 4;
            double x = LEFT + plotW * i / 4.0;
            double y = TOP + plotH - plotH * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>%n", x, TOP + plotH + 18, t));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", LEFT - 6, y + 4, c));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", x, TOP, x, TOP + plotH));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", LEFT, y, LEFT + plotW, y));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time / target-only time</text>%n",
                LEFT + plotW / 2, H - 18));
        sb.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">"
                + "cost / target-only cost</text>%n", TOP + plotH / 2, TOP + plotH / 2));
        List<SweepRow> frontier = frontier(rows);
        StringBuilder path = new StringBuilder();
        for (SweepRow r : frontier) {
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                    x(r.timeRatio(), t0, t1, plotW), y(r.costRatio(), c0, c1, plotH)));
        }
        sb.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1f77b4\" stroke-dasharray=\"4 3\"/>\n");
        for (SweepRow r : rows) {
            double x = x(r.timeRatio(), t0, t1, plotW);
            double y = y(r.costRatio(), c0, c1, plotH);
            String color = r.policy().startsWith("dyn") ? "#d62728" : r.policy().startsWith("oracle") ? "#2ca02c"
                    : r.policy().startsWith("fix") ? "#1f77b4" : "#7f7f7f";
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: time %.3f, cost %.3f</title></circle>%n",
                    x, y, color, escape(r.policy()), r.timeRatio(), r.costRatio()));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>%n", x + 7, y - 5, escape(r.policy())));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">blue: fixed k</text>%n", W - RIGHT + 10, TOP + 10));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#d62728\">red: dynamic</text>%n", W - RIGHT + 10, TOP + 26));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#2ca02c\">green: hindsight oracles</text>%n", W - RIGHT + 10, TOP + 42));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#7f7f7f\">grey: others, yardsticks</text>%n", W - RIGHT + 10, TOP + 58));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">dashed: frontier of the</text>%n", W - RIGHT + 10, TOP + 74));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">deployable policies</text>%n", W - RIGHT + 10, TOP + 88));
        sb.append("</svg>\n");
        return sb.toString();
    }

    /**
     * The deployable rows (no hindsight oracle, lean or not, and no yardstick) that no other such row beats on both
     * time and cost, by increasing time.
     */
    static List<SweepRow> frontier(List<SweepRow> rows) {
        List<SweepRow> sorted = new ArrayList<>(rows.stream().filter(r -> PolicySpec.deployable(r.policy())).toList());
        sorted.sort(Comparator.comparingDouble(SweepRow::timeRatio).thenComparingDouble(SweepRow::costRatio));
        List<SweepRow> out = new ArrayList<>();
        double best = Double.MAX_VALUE;
        for (SweepRow r : sorted) {
            if (r.costRatio() < best) {
                out.add(r);
                best = r.costRatio();
            }
        }
        return out;
    }

    private static double x(double t, double t0, double t1, int plotW) {
        return LEFT + plotW * (t - t0) / (t1 - t0);
    }

    private static double y(double c, double c0, double c1, int plotH) {
        return TOP + plotH - plotH * (c - c0) / (c1 - c0);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
