package dev.specagent.core.lossy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The speculator's view, hybrid as in the paper: the actor's latest full decision (value and
 * rationale), which anchors it to the slow, thorough reasoning, plus the raw readings and writes since
 * that decision, which let it react to what happened after. Capped at {@link #MAX_RAW} readings and
 * writes so it stays small.
 *
 * @param knobName        the knob
 * @param unit            its unit
 * @param envelope        the safety envelope every write obeys
 * @param currentValue    the knob's value now
 * @param nowSeconds      the time of the view, from the start of the run
 * @param lastActorWrite  the actor's latest write, if the actor has written yet
 * @param samples         the readings since that write (or since the start), oldest first, at most the last
 *                        {@link #MAX_RAW}
 * @param writes          the writes after that write (or since the start), oldest first, at most the last
 *                        {@link #MAX_RAW}
 */
public record HybridContext(String knobName, String unit, SafetyEnvelope envelope, double currentValue,
                            double nowSeconds, Optional<KnobWrite> lastActorWrite, List<MetricSample> samples,
                            List<KnobWrite> writes) {

    /** The most raw readings (and writes) a hybrid context keeps. */
    public static final int MAX_RAW = 30;

    public HybridContext {
        samples = List.copyOf(samples);
        writes = List.copyOf(writes);
    }

    /** The speculator's view of {@code history} at {@code nowNanos}. */
    public static HybridContext of(ControlHistory history, String knobName, String unit, SafetyEnvelope envelope,
                                   double currentValue, long nowNanos) {
        Optional<KnobWrite> actor = history.lastWrite(WriteSource.ACTOR);
        long from = actor.map(KnobWrite::atNanos).orElse(0L);
        List<MetricSample> samples = tail(history.samplesSince(from));
        List<KnobWrite> writes = tail(history.writesAfterLast(WriteSource.ACTOR));
        return new HybridContext(knobName, unit, envelope, currentValue, nowNanos / 1e9, actor, samples, writes);
    }

    private static <T> List<T> tail(List<T> list) {
        return list.subList(Math.max(0, list.size() - MAX_RAW), list.size());
    }

    /** The view as prompt text. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Knob %s = %s %s at t=%.0f s; allowed range [%s, %s], at most %s per change.%n",
                knobName, CompressedHistory.num(currentValue), unit, nowSeconds, CompressedHistory.num(envelope.min()),
                CompressedHistory.num(envelope.max()), CompressedHistory.num(envelope.maxStep())));
        if (lastActorWrite.isPresent()) {
            KnobWrite w = lastActorWrite.get();
            sb.append(String.format(Locale.ROOT, "The actor's latest decision (t=%.0f s): %s %s. Its analysis: %s%n",
                    w.seconds(), CompressedHistory.num(w.applied()), unit, w.rationale()));
        } else {
            sb.append("The actor has not decided yet.\n");
        }
        sb.append("Readings since then (one per second):\n");
        for (MetricSample s : samples) {
            sb.append(String.format(Locale.ROOT, "  t=%.0f s: p95 %.2f ms at %s %s%n", s.seconds(), s.metric(),
                    CompressedHistory.num(s.knobValue()), unit));
        }
        for (KnobWrite w : writes) {
            sb.append(String.format(Locale.ROOT, "  t=%.1f s: %s wrote %s %s%n", w.seconds(),
                    w.source().name().toLowerCase(Locale.ROOT), CompressedHistory.num(w.applied()), unit));
        }
        return sb.toString();
    }
}
