package dev.specagent.envs.ostune.workload;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.lossy.ControlledSystem;
import dev.specagent.envs.ostune.knob.Knob;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * A simulated {@code sysbench cpu} on a simulated knob: every tenth of an interval it samples the
 * knob's value and the {@link LatencyModel}; at the end of each interval it reports their mean times a
 * log-normal noise (the p95 of a busy second). A write during an interval so shows partly in that
 * interval's reading, as on a real kernel. Everything random comes from the seed. Runs on any clock;
 * with a simulated one a 300 s experiment takes milliseconds.
 */
public final class SimulatedWorkload implements Workload {

    private static final int SUBSTEPS = 10;

    private final Knob knob;
    private final LatencyModel model;
    private final double noiseSigma;
    private final SplittableRandom random;
    private final long intervalNanos;
    private volatile boolean stopped;
    private Clock.Timer timer;

    /**
     * @param knob       the knob whose value drives the latency
     * @param model      latency as a function of the knob's value
     * @param noiseSigma the standard deviation of the log-normal noise (0.05 = about 5 %)
     * @param seed       the noise's seed
     */
    public SimulatedWorkload(Knob knob, LatencyModel model, double noiseSigma, long seed) {
        if (!(noiseSigma >= 0) || noiseSigma > 1) {
            throw new IllegalArgumentException("noise must be in [0, 1], got " + noiseSigma);
        }
        this.knob = knob;
        this.model = model;
        this.noiseSigma = noiseSigma;
        this.random = new SplittableRandom(seed);
        this.intervalNanos = Clock.nanos(1);
    }

    /** The model behind the readings. */
    public LatencyModel model() {
        return model;
    }

    @Override
    public void start(Clock clock, ControlledSystem.Sink sink) {
        tick(clock, sink, 0, 0);
    }

    private void tick(Clock clock, ControlledSystem.Sink sink, int step, double sum) {
        if (stopped) {
            return;
        }
        timer = clock.schedule(intervalNanos / SUBSTEPS, () -> {
            double total = sum + model.p95(knob.read());
            if (step + 1 == SUBSTEPS) {
                sink.reading(total / SUBSTEPS * Math.exp(noiseSigma * random.nextGaussian()));
                tick(clock, sink, 0, 0);
            } else {
                tick(clock, sink, step + 1, total);
            }
        });
    }

    @Override
    public long readingIntervalNanos() {
        return intervalNanos;
    }

    @Override
    public void stop() {
        stopped = true;
        Clock.Timer t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    @Override
    public String describe() {
        return "simulated sysbench cpu: p95 = " + exact(model.switching()) + "/g + " + exact(model.queueing()) + "·g + "
                + exact(model.floor()) + " ms, noise " + exact(noiseSigma * 100) + " %";
    }

    /** The model's constants as written, not rounded ({@code 2.39}, not {@code 2.4}). */
    private static String exact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
