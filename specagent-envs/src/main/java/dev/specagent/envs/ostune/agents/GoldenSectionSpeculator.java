package dev.specagent.envs.ostune.agents;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.lossy.ControlAgent;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A zero-cost speculator: golden-section search for the knob value of the lowest p95, one evaluation
 * per steady one-second reading, in the log of the knob over the envelope. When the bracket is
 * narrower than {@code tolerance} it holds the best point and watches it; two readings more than
 * 25 % above the level it found reopen a full search (the workload changed).
 *
 * <p>It reads its hybrid context as the paper's speculator does: a write by someone else (the
 * actor's decision, or a perturbation) is noticed; while searching, an actor decision re-centres the
 * search on the actor's value (a bracket of ×/÷3 around it) and a perturbation restarts it; while
 * holding, the newly written value is measured once and kept when it is as good as the held level,
 * otherwise the speculator writes its held value back (last write wins both ways).
 *
 * <p>Stateful: one instance per run. Its decisions take {@code thinkSeconds} of clock time and cost
 * nothing.
 */
public final class GoldenSectionSpeculator implements ControlAgent<HybridContext> {

    private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;
    private static final double REOPEN = 0.25;
    private static final double ACCEPT = 0.10;

    private final double thinkSeconds;
    private final double tolerance;

    private enum Phase { IDLE, SEARCH, HOLD, VERIFY }

    private Phase phase = Phase.IDLE;
    private KnobScale scale;
    private double a;
    private double b;
    private double c;
    private double d;
    private double fc = Double.NaN;
    private double fd = Double.NaN;
    private double target;
    private double holdValue;
    private double holdF;
    private double cValue = Double.NaN;
    private double lastRequest = Double.NaN;
    private double lastRequestFrom = Double.NaN;
    private double dValue = Double.NaN;
    private int badReadings;
    private double verifyValue;
    private long lastForeignWrite = -1;

    /**
     * @param thinkSeconds how long one decision takes on the clock (0.05 s by default)
     * @param tolerance    the bracket width (in log units) at which the search stops, e.g. 0.18 (±10 %)
     */
    public GoldenSectionSpeculator(double thinkSeconds, double tolerance) {
        if (!(thinkSeconds >= 0) || !(tolerance > 0)) {
            throw new IllegalArgumentException("think time must be >= 0 and tolerance > 0");
        }
        this.thinkSeconds = thinkSeconds;
        this.tolerance = tolerance;
    }

    public GoldenSectionSpeculator() {
        this(0.05, 0.18);
    }

    @Override
    public CallHandle decide(HybridContext context, Clock clock, Completion<Decision> done) {
        Decision decision = next(context);
        Clock.Timer timer = clock.schedule(Clock.nanos(thinkSeconds), () -> done.succeed(decision, Usage.ZERO));
        return () -> {
            timer.cancel();
            return Usage.ZERO;
        };
    }

    @Override
    public String describe() {
        return "golden-section search over p95 (local, zero cost, decides every reading)";
    }

    /** The next decision on {@code ctx}; advances the search. */
    Decision next(HybridContext ctx) {
        if (scale == null) {
            scale = KnobScale.of(ctx.envelope());
        }
        double current = ctx.currentValue();
        Optional<KnobWrite> foreign = latestForeign(ctx);
        if (phase == Phase.IDLE) {
            restart(ctx, Optional.empty());
        } else if (foreign.isPresent()) {
            KnobWrite w = foreign.get();
            if (phase == Phase.HOLD || phase == Phase.VERIFY) {
                phase = Phase.VERIFY;
                verifyValue = w.applied();
            } else {
                restart(ctx, w.source() == WriteSource.ACTOR ? Optional.of(w.applied()) : Optional.empty());
            }
        }
        MetricSample last = ctx.samples().isEmpty() ? null : ctx.samples().get(ctx.samples().size() - 1);
        boolean measured = last != null && last.steady() && KnobScale.same(last.knobValue(), current);
        Decision decision = switch (phase) {
            case SEARCH -> search(ctx, current, measured ? last : null);
            case VERIFY -> verify(current, measured ? last : null);
            case HOLD -> hold(ctx, measured ? last : null);
            case IDLE -> throw new IllegalStateException("unreachable");
        };
        lastRequest = decision.value();
        lastRequestFrom = current;
        return decision;
    }

    private Optional<KnobWrite> latestForeign(HybridContext ctx) {
        List<KnobWrite> all = new ArrayList<>();
        ctx.lastActorWrite().ifPresent(all::add);
        all.addAll(ctx.writes());
        KnobWrite latest = null;
        for (KnobWrite w : all) {
            if (w.source() != WriteSource.SPECULATOR && w.atNanos() > lastForeignWrite
                    && (latest == null || w.atNanos() >= latest.atNanos())) {
                latest = w;
            }
        }
        if (latest != null) {
            lastForeignWrite = latest.atNanos();
        }
        return Optional.ofNullable(latest);
    }

    private void restart(HybridContext ctx, Optional<Double> around) {
        double lo = scale.toU(ctx.envelope().min());
        double hi = scale.toU(ctx.envelope().max());
        if (around.isPresent()) {
            double u = scale.toU(around.get());
            double half = scale.log() ? Math.log(3) : (hi - lo) / 6;
            a = Math.max(lo, u - half);
            b = Math.min(hi, u + half);
        } else {
            a = lo;
            b = hi;
        }
        c = b - INV_PHI * (b - a);
        d = a + INV_PHI * (b - a);
        fc = Double.NaN;
        fd = Double.NaN;
        cValue = Double.NaN;
        dValue = Double.NaN;
        target = c;
        phase = Phase.SEARCH;
    }

    private Decision search(HybridContext ctx, double current, MetricSample reading) {
        double targetValue = KnobScale.round3(scale.toValue(target));
        if (reading != null && arrived(ctx, current, targetValue)) {
            if (target == c && Double.isNaN(fc)) {
                fc = reading.metric();
                cValue = current;
            } else if (target == d && Double.isNaN(fd)) {
                fd = reading.metric();
                dValue = current;
            }
            advance();
            if (phase == Phase.HOLD) {
                return new Decision(holdValue, String.format(Locale.ROOT,
                        "search converged: holding the best point (p95 %.2f ms)", holdF));
            }
        }
        return new Decision(KnobScale.round3(scale.toValue(target)), String.format(Locale.ROOT,
                "golden-section: evaluating %s within [%s, %s]", fmt(scale.toValue(target)), fmt(scale.toValue(a)), fmt(scale.toValue(b))));
    }

    /**
     * Whether the knob holds the value the search asked for: equal, or what the system took when the
     * speculator's previous decision asked for exactly this value without the envelope clamping it (a
     * kernel rounds to whole units or jiffies, and may keep the old value). A clamped request is still
     * in transit.
     */
    private boolean arrived(HybridContext ctx, double current, double targetValue) {
        if (KnobScale.same(current, targetValue)) {
            return true;
        }
        return KnobScale.same(lastRequest, targetValue)
                && KnobScale.same(ctx.envelope().apply(lastRequestFrom, targetValue), targetValue);
    }

    private void advance() {
        if (Double.isNaN(fc)) {
            target = c;
            return;
        }
        if (Double.isNaN(fd)) {
            target = d;
            return;
        }
        if (fc <= fd) {
            b = d;
            d = c;
            fd = fc;
            dValue = cValue;
            c = b - INV_PHI * (b - a);
            fc = Double.NaN;
            target = c;
        } else {
            a = c;
            c = d;
            fc = fd;
            cValue = dValue;
            d = a + INV_PHI * (b - a);
            fd = Double.NaN;
            target = d;
        }
        if (b - a < tolerance) {
            // a step leaves one inner point unmeasured; the other one is the best point measured
            boolean cBest = Double.isNaN(fd);
            holdValue = cBest ? cValue : dValue;
            holdF = cBest ? fc : fd;
            badReadings = 0;
            phase = Phase.HOLD;
        }
    }

    private Decision verify(double current, MetricSample reading) {
        if (!KnobScale.same(current, verifyValue)) {
            phase = Phase.HOLD;
            return new Decision(holdValue, "holding");
        }
        if (reading == null) {
            return new Decision(current, "measuring the newly written value");
        }
        phase = Phase.HOLD;
        badReadings = 0;
        if (reading.metric() <= holdF * (1 + ACCEPT)) {
            holdValue = current;
            holdF = Math.min(holdF, reading.metric());
            return new Decision(current, String.format(Locale.ROOT, "the new value is as good (p95 %.2f ms): keeping it", reading.metric()));
        }
        return new Decision(holdValue, String.format(Locale.ROOT,
                "the new value is worse (p95 %.2f ms vs %.2f ms): back to the held value", reading.metric(), holdF));
    }

    private Decision hold(HybridContext ctx, MetricSample reading) {
        double held = holdValue;
        if (reading != null && KnobScale.same(reading.knobValue(), held)) {
            if (reading.metric() > holdF * (1 + REOPEN)) {
                if (++badReadings >= 2) {
                    restart(ctx, Optional.empty());
                    return new Decision(KnobScale.round3(scale.toValue(target)), String.format(Locale.ROOT,
                            "p95 rose to %.2f ms at the held value (was %.2f ms): searching again", reading.metric(), holdF));
                }
            } else {
                badReadings = 0;
                holdF = 0.8 * holdF + 0.2 * reading.metric();
            }
        }
        return new Decision(held, String.format(Locale.ROOT, "holding %s (p95 about %.2f ms)", fmt(held), holdF));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
