package dev.specagent.cli.dsp;

import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.core.planning.sweep.SweepRow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A hand-written SVG of the time–cost frontier: one point per policy (time and cost relative to
 * target-only planning), the Pareto-optimal deployable points joined by a line. Each point is named beside it or, in
 * a cluster, in the nearest free place with a thin line to it, so that no name covers another or a point.
 * Self-contained, no scripts.
 */
final class FrontierPlot {

    private static final int W = 640;
    private static final int H = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    /** A generous width of a character of the 11-pixel names, so that names placed apart do not touch. */
    private static final double CHAR_WIDTH = 6.2;
    private static final int LINE_HEIGHT = 13;
    /** How far a name may move from its point: rows above and below, steps of 20 pixels sideways. */
    private static final int LABEL_ROWS = 12;
    private static final int LABEL_STEPS = 8;
    /** The farthest a name is from its point without a line joining them (the usual places are about 6 away). */
    private static final double BESIDE = 8;

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
        List<double[]> centres = rows.stream().map(r -> new double[]{x(r.timeRatio(), t0, t1, plotW),
                y(r.costRatio(), c0, c1, plotH)}).toList();
        for (int i = 0; i < rows.size(); i++) {
            SweepRow r = rows.get(i);
            String color = r.policy().startsWith("dyn") ? "#d62728" : r.policy().startsWith("oracle") ? "#2ca02c"
                    : r.policy().startsWith("fix") ? "#1f77b4" : "#7f7f7f";
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: time %.3f, cost %.3f</title></circle>%n",
                    centres.get(i)[0], centres.get(i)[1], color, escape(r.policy()), r.timeRatio(), r.costRatio()));
        }
        // the frontier's names first, so that they get the places beside their points
        Set<SweepRow> onFrontier = Collections.newSetFromMap(new IdentityHashMap<>());
        onFrontier.addAll(frontier);
        List<Integer> order = IntStream.range(0, rows.size()).boxed()
                .sorted(Comparator.comparing(i -> !onFrontier.contains(rows.get(i)))).toList();
        List<double[]> placed = new ArrayList<>();
        for (int i : order) {
            SweepRow r = rows.get(i);
            double[] point = centres.get(i);
            Label label = place(point, r.policy().length() * CHAR_WIDTH, centres, placed, plotW, plotH);
            if (label == null) {
                continue; // no free place near it: the point's tooltip still names it
            }
            placed.add(label.box());
            if (label.leader()) {
                double[] end = nearest(point, label.box());
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
                        + "stroke-width=\"0.7\"/>%n", point[0], point[1], end[0], end[1]));
            }
            // a name left of its point ends at a known x whatever the font's widths: where its line ends
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\"%s>%s</text>%n",
                    label.x(), label.y(), label.left() ? " text-anchor=\"end\"" : "", escape(r.policy())));
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

    /**
     * A name's place: its baseline, the end of its text nearest the point ({@code x}: the left end, or the right one
     * for a name {@code left} of its point), the box it covers, and whether a line joins it to its point.
     */
    private record Label(double x, double y, boolean left, double[] box, boolean leader) {
    }

    /**
     * The place nearest to {@code point} for a name {@code width} wide that covers no point, no name placed before
     * and not the legend, between the plot's top and bottom and on the canvas: beside the point (above and right of
     * it, else below or on its left), else further away, joined to it by a line; null when there is none.
     */
    private static Label place(double[] point, double width, List<double[]> points, List<double[]> placed,
                               int plotW, int plotH) {
        Label best = null;
        double bestDistance = Double.MAX_VALUE;
        for (int row = 0; row <= 2 * LABEL_ROWS; row++) {
            // baselines 5 above the point (the usual place), then 12 below it, then ever further above and below
            int k = row == 0 ? 0 : row == 1 ? 1 : (row % 2 == 0 ? -row / 2 : row / 2 + 1);
            double baseline = point[1] - 5 + LINE_HEIGHT * k + (k > 0 ? 4 : 0);
            for (int step = 0; step <= LABEL_STEPS; step++) {
                for (boolean right : new boolean[]{true, false}) {
                    double x = right ? point[0] + 7 + step * 20 : point[0] - 7 - step * 20 - width;
                    double[] box = {x - 1, baseline - 10, x + width + 1, baseline + 3};
                    double distance = distance(point, box);
                    if (distance >= bestDistance || !free(box, point, points, placed, plotW, plotH)) {
                        continue;
                    }
                    bestDistance = distance;
                    best = new Label(right ? x : x + width, baseline, !right, box, distance > BESIDE);
                }
            }
        }
        return best;
    }

    private static boolean free(double[] box, double[] own, List<double[]> points, List<double[]> placed,
                                int plotW, int plotH) {
        if (box[0] < LEFT + 1 || box[2] > W - 2 || box[1] < TOP + 1 || box[3] > TOP + plotH - 1) {
            return false;
        }
        if (overlap(box, new double[]{W - RIGHT + 4, 0, W, TOP + 92})) {
            return false; // the legend
        }
        for (double[] p : points) {
            if (overlap(box, new double[]{p[0] - 6, p[1] - 6, p[0] + 6, p[1] + 6})) {
                return false;
            }
        }
        return placed.stream().noneMatch(other -> overlap(box, other));
    }

    private static boolean overlap(double[] a, double[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }

    /** The point of {@code box} nearest to {@code p}. */
    private static double[] nearest(double[] p, double[] box) {
        return new double[]{Math.clamp(p[0], box[0], box[2]), Math.clamp(p[1], box[1], box[3])};
    }

    private static double distance(double[] p, double[] box) {
        double[] n = nearest(p, box);
        return Math.hypot(n[0] - p[0], n[1] - p[1]);
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
