package dev.specagent.core.lossy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The actor's view: the whole history compressed to what a slow, thorough decision needs. The steady
 * readings of the last {@code memory} seconds are grouped into buckets of knob value (logarithmic
 * when the envelope is positive), each with its mean and best metric; the last few raw readings and
 * the actor's own previous decision are kept as they are. The size does not grow with the run, so a
 * prompt built from it stays short however long the run is.
 *
 * @param knobName        the knob
 * @param unit            its unit
 * @param envelope        the safety envelope every write obeys
 * @param currentValue    the knob's value now
 * @param nowSeconds      the time of the view, from the start of the run
 * @param buckets         knob-value buckets that hold at least one steady reading, by increasing value
 * @param recent          the last raw readings, oldest first
 * @param lastActorWrite  the actor's previous write, if any
 * @param writesSinceActor how many writes others made after the actor's previous write (all of them when it has not
 *                         written yet)
 */
public record CompressedHistory(String knobName, String unit, SafetyEnvelope envelope, double currentValue,
                                double nowSeconds, List<Bucket> buckets, List<MetricSample> recent,
                                Optional<KnobWrite> lastActorWrite, int writesSinceActor) {

    /** The raw readings kept at the end of a compressed history. */
    public static final int RECENT = 5;

    public CompressedHistory {
        buckets = List.copyOf(buckets);
        recent = List.copyOf(recent);
    }

    /**
     * Steady readings whose knob value fell in {@code [low, high)}.
     *
     * @param low         the bucket's lower edge
     * @param high        the bucket's upper edge
     * @param knobValue   the mean knob value of its readings (geometric when the envelope is positive)
     * @param meanMetric  the mean metric
     * @param bestMetric  the lowest metric
     * @param count       how many readings
     * @param lastSeconds when the latest of them was taken
     */
    public record Bucket(double low, double high, double knobValue, double meanMetric, double bestMetric, int count,
                         double lastSeconds) {
    }

    /**
     * Compresses {@code history} as seen at {@code nowNanos}: {@code bins} buckets of equal width (of equal ratio when
     * the envelope is positive) over the envelope, from the steady readings taken in
     * {@code [nowNanos - memoryNanos, nowNanos]} only; a reading of a value outside the envelope (a system found
     * there) counts in the first or last bucket.
     *
     * @throws IllegalArgumentException when {@code bins} is below 1
     */
    public static CompressedHistory of(ControlHistory history, String knobName, String unit, SafetyEnvelope envelope,
                                       double currentValue, long nowNanos, int bins, long memoryNanos) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be positive, got " + bins);
        }
        boolean log = envelope.min() > 0;
        double lo = log ? Math.log(envelope.min()) : envelope.min();
        double hi = log ? Math.log(envelope.max()) : envelope.max();
        double width = (hi - lo) / bins;
        // only the buckets that hold a reading, by increasing value: arrays of every bucket would make a large
        // bucket count (compression(Integer.MAX_VALUE, ...)) fail with an OutOfMemoryError at the first deliberation
        SortedMap<Integer, Sums> held = new TreeMap<>();
        for (MetricSample s : history.samples()) {
            if (!s.steady() || s.atNanos() < nowNanos - memoryNanos || s.atNanos() > nowNanos) {
                continue;
            }
            double u = log ? Math.log(Math.max(s.knobValue(), envelope.min())) : s.knobValue();
            int bin = width > 0 ? (int) Math.min(bins - 1, Math.max(0, Math.floor((u - lo) / width))) : 0;
            held.computeIfAbsent(bin, b -> new Sums()).add(u, s.metric(), s.atNanos());
        }
        List<Bucket> buckets = new ArrayList<>();
        for (Map.Entry<Integer, Sums> e : held.entrySet()) {
            int b = e.getKey();
            Sums sums = e.getValue();
            double edgeLo = lo + b * width;
            double edgeHi = lo + (b + 1) * width;
            double knob = sums.knob / sums.count;
            buckets.add(new Bucket(log ? Math.exp(edgeLo) : edgeLo, log ? Math.exp(edgeHi) : edgeHi,
                    log ? Math.exp(knob) : knob, sums.metric / sums.count, sums.best, sums.count, sums.last / 1e9));
        }
        List<MetricSample> all = history.samples();
        List<MetricSample> recent = all.subList(Math.max(0, all.size() - RECENT), all.size());
        Optional<KnobWrite> actor = history.lastWrite(WriteSource.ACTOR);
        int since = history.writesAfterLast(WriteSource.ACTOR).size();
        return new CompressedHistory(knobName, unit, envelope, currentValue, nowNanos / 1e9, buckets, recent, actor, since);
    }

    /** The readings of one bucket as they are added up. */
    private static final class Sums {
        double knob;
        double metric;
        double best;
        int count;
        long last;

        void add(double u, double m, long atNanos) {
            knob += u;
            metric += m;
            best = count == 0 ? m : Math.min(best, m);
            count++;
            last = Math.max(last, atNanos);
        }
    }

    /** The bucket with the lowest mean metric, if any. */
    public Optional<Bucket> bestBucket() {
        return buckets.stream().min((a, b) -> Double.compare(a.meanMetric(), b.meanMetric()));
    }

    /** The view as prompt text. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Knob %s = %s %s at t=%.0f s; allowed range [%s, %s], at most %s per change.%n",
                knobName, num(currentValue), unit, nowSeconds, num(envelope.min()), num(envelope.max()), num(envelope.maxStep())));
        sb.append("Compressed history (steady one-second p95 readings grouped by knob value):\n");
        if (buckets.isEmpty()) {
            sb.append("  (no steady readings yet)\n");
        }
        for (Bucket b : buckets) {
            sb.append(String.format(Locale.ROOT, "  %s %s: mean p95 %.2f ms, best %.2f ms over %d readings, last at t=%.0f s%n",
                    num(b.knobValue()), unit, b.meanMetric(), b.bestMetric(), b.count(), b.lastSeconds()));
        }
        sb.append("Latest readings:\n");
        for (MetricSample s : recent) {
            sb.append(String.format(Locale.ROOT, "  t=%.0f s: p95 %.2f ms at %s %s%s%n", s.seconds(), s.metric(),
                    num(s.knobValue()), unit, s.steady() ? "" : " (knob changed during this second)"));
        }
        lastActorWrite.ifPresent(w -> sb.append(String.format(Locale.ROOT,
                "Your previous decision: %s %s at t=%.0f s; %d writes by others since.%n", num(w.applied()), unit,
                w.seconds(), writesSinceActor)));
        return sb.toString();
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
