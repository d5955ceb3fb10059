package dev.specagent.core.lossy;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.RunFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The lossy speculator–actor control loop of the Speculative Actions paper (§4). A fast speculator
 * decides the knob's next value at every {@code speculatorEvery}-th metric reading (every second for
 * sysbench) from a {@link HybridContext}; a slow actor deliberates on a {@link CompressedHistory}
 * (10–15 s for an LLM) and starts again as soon as it has written. Every write passes the
 * {@link SafetyEnvelope}. <b>Last write wins</b>: each decision is written when it lands, so the
 * actor's decision overwrites whatever the speculator wrote meanwhile; a speculator decision that lands
 * after an actor write made while it was thinking is stale and is dropped ({@code WASTED}).
 *
 * <p>A decision that fails (the agent's answer refused, a model call failed) writes nothing, and its agent decides
 * again only on new information: the speculator at its next reading (as always), the actor after its gap and a
 * reading that arrived after the failure. Asked again on the same context, a deterministic model would refuse again,
 * and each time is paid; a transient failure (an HTTP error) is retried at that next reading too.
 *
 * <p>Runs on any {@link Clock}: a simulated one replays a 300 s experiment in milliseconds, a real
 * one drives a live knob. The run happens on the calling thread, which drives the clock's event loop: runs at the
 * same time on different threads need a clock each (a run whose clock, real or simulated, another thread is driving
 * fails at once with a {@link LossyRunException} naming that thread, its knob never read, its
 * workload and agents never started). The {@link ControlledSystem} is closed (workload stopped, knob restored) when
 * the run ends, also when it fails.
 */
public final class LossyRunner {

    private final Clock clock;
    private final ControlledSystem system;
    private final SafetyEnvelope envelope;
    private final ControlAgent<CompressedHistory> actor;
    private final ControlAgent<HybridContext> speculator;
    private final long durationNanos;
    private final List<Perturbation> perturbations;
    private final int speculatorEvery;
    private final long actorGapNanos;
    private final int bins;
    private final long memoryNanos;
    private final LossyListener listener;

    private LossyRunner(Builder b) {
        this.clock = required(b.clock, "clock");
        this.system = required(b.system, "system");
        this.envelope = required(b.envelope, "envelope");
        this.actor = b.actor;
        this.speculator = b.speculator;
        if (!(b.seconds > 0) || !Double.isFinite(b.seconds)) {
            throw new IllegalArgumentException("run length must be positive, got " + b.seconds + " s");
        }
        this.durationNanos = Clock.nanos(b.seconds);
        for (Perturbation p : b.perturbations) {
            if (!envelope.contains(p.value())) {
                throw new IllegalArgumentException("perturbation value " + p.value() + " is outside the envelope " + envelope);
            }
            if (!(p.atSeconds() < b.seconds)) { // it would never happen
                throw new IllegalArgumentException("perturbation at " + p.atSeconds() + " s is not within the run of "
                        + b.seconds + " s");
            }
        }
        this.perturbations = List.copyOf(b.perturbations);
        if (b.speculatorEvery < 1) {
            throw new IllegalArgumentException("speculator cadence must be at least one reading, got " + b.speculatorEvery);
        }
        this.speculatorEvery = b.speculatorEvery;
        // checked here, not when the actor first deliberates: by then the workload runs and the knob was written
        if (!(b.actorGapSeconds >= 0)) {
            throw new IllegalArgumentException("actor gap must be >= 0 s, got " + b.actorGapSeconds);
        }
        // a gap past the end means the actor decides once; capped, since an infinite one overflowed the clock (and the
        // cap saturates: a run of Long.MAX_VALUE ns plus one would be a negative gap, no gap at all)
        this.actorGapNanos = Math.min(Clock.nanos(b.actorGapSeconds),
                durationNanos < Long.MAX_VALUE ? durationNanos + 1 : Long.MAX_VALUE);
        if (b.bins < 1) {
            throw new IllegalArgumentException("compression bins must be at least 1, got " + b.bins);
        }
        this.bins = b.bins;
        if (!(b.memorySeconds > 0) || !Double.isFinite(b.memorySeconds)) {
            throw new IllegalArgumentException("compression memory must be a positive finite number of seconds, got "
                    + b.memorySeconds);
        }
        this.memoryNanos = Clock.nanos(b.memorySeconds);
        this.listener = b.listener;
    }

    private static <T> T required(T part, String name) {
        if (part == null) {
            throw new NullPointerException(name + " not set: LossyRunner.builder() needs a clock, a system and an "
                    + "envelope before build()");
        }
        return part;
    }

    /**
     * A builder with nothing set: give it a {@linkplain Builder#clock clock}, the {@linkplain Builder#system system}
     * under control and its safety {@linkplain Builder#envelope envelope}; the rest is optional or has defaults.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the loop for the configured length and returns what happened. The system is closed
     * (knob restored) before this returns or throws.
     *
     * @throws LossyRunException when a knob write or the workload failed, an agent broke its contract (a null usage
     *                           or decision reported, a cancel that throws) or threw an {@link Error} on the run's
     *                           thread (an {@code AssertionError}), or the clock refused the run (another
     *                           thread drives it, or it is closed), or closing the system failed; it carries the
     *                           partial result and, when the close failed (also after another failure), why
     */
    public LossyResult run() {
        return new Run().execute();
    }

    /**
     * The state of one run, confined to the clock's event loop: the readings and writes, the knob's value and when it
     * last changed, and the agents' decisions in flight ({@link DecisionInFlight}, which keeps their ledger entries).
     */
    private final class Run implements DecisionInFlight.Landing {
        final Ledger ledger = new Ledger();
        final ControlHistory history = new ControlHistory();
        final List<Clock.Timer> timers = new ArrayList<>();
        long t0;
        double original = Double.NaN;
        double current;
        long lastChangeAt = Long.MIN_VALUE / 2;
        long lastReadingAt;
        long readings;
        boolean done;
        RuntimeException failure;
        /** Why closing the system failed, kept apart from {@link #failure}: it must reach the caller either way. */
        RuntimeException closeFailure;
        /** The messages of the broken cancels that came after {@link #failure}, each after "; ". */
        final StringBuilder alsoFailed = new StringBuilder();
        DecisionInFlight speculating;
        DecisionInFlight deliberating;
        int actorWrites;
        /** The readings when the actor's last decision failed: it waits for one more before deciding again. */
        long readingsAtActorFailure = -1;
        /** The actor's gap after a failure ran out before a new reading came: the next reading starts it. */
        boolean actorAwaitsReading;

        LossyResult execute() {
            t0 = clock.nanoTime();
            try {
                clock.start(this::begin, this::over);
            } catch (RuntimeException | Error e) { // an Error too (an agent's AssertionError): the partial result is kept
                failure = failure != null ? failure
                        : e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
            } finally {
                finish();
            }
            LossyResult result = result();
            if (failure == null && closeFailure == null) {
                return result;
            }
            String why;
            Throwable cause;
            if (failure == null) {
                why = closeFailure.getMessage();
                cause = closeFailure;
            } else {
                why = failure.getMessage() + alsoFailed;
                cause = failure;
                if (closeFailure != null) { // the run's own failure leads; the close's is not dropped
                    why += "; closing the system failed too: " + closeFailure.getMessage();
                    failure.addSuppressed(closeFailure);
                }
            }
            throw new LossyRunException(String.format(Locale.ROOT, "lossy run failed at t=%.1f s: %s", result.seconds(),
                    why), cause, result, closeFailure);
        }

        /** The first event: reads the knob, starts the workload and the actor, on the loop this thread drives. */
        void begin() {
            original = system.read();
            current = original;
            lastReadingAt = 0;
            timers.add(clock.schedule(durationNanos, () -> done = true));
            for (Perturbation p : perturbations) {
                timers.add(clock.schedule(Clock.nanos(p.atSeconds()), () -> perturb(p)));
            }
            system.start(clock, new ControlledSystem.Sink() {
                @Override
                public void reading(double metric) {
                    onReading(metric);
                }

                @Override
                public void failed(Throwable error) {
                    if (!over()) {
                        failure = error instanceof RuntimeException r ? r : new IllegalStateException(error.getMessage(), error);
                    }
                }
            });
            if (actor != null) {
                startActor();
            }
        }

        long now() {
            return clock.nanoTime() - t0;
        }

        /** Whether the run has ended or failed: events that come after it change nothing. */
        boolean over() {
            return done || failure != null;
        }

        void onReading(double metric) {
            if (over()) {
                return;
            }
            long now = now();
            long interval = system.readingIntervalNanos();
            long from = readings == 0 ? now - interval : lastReadingAt;
            boolean steady = lastChangeAt <= from + interval / 10;
            MetricSample sample = new MetricSample(now, metric, current, steady);
            lastReadingAt = now;
            readings++;
            history.add(sample);
            listener.onSample(sample);
            if (speculator != null && speculating == null && readings % speculatorEvery == 0) {
                startSpeculator();
            }
            if (actorAwaitsReading) {
                actorAwaitsReading = false;
                startActor();
            }
        }

        void perturb(Perturbation p) {
            if (over()) {
                return;
            }
            write(WriteSource.EXTERNAL, p.value(), p.value(), "perturbation");
        }

        void startSpeculator() {
            HybridContext context = HybridContext.of(history, system.knobName(), system.knobUnit(), envelope, current, now());
            DecisionInFlight flight = open(WriteSource.SPECULATOR);
            speculating = flight;
            flight.start(speculator, context, clock, this);
        }

        void startActor() {
            if (over()) {
                return;
            }
            CompressedHistory context = CompressedHistory.of(history, system.knobName(), system.knobUnit(), envelope,
                    current, now(), bins, memoryNanos);
            DecisionInFlight flight = open(WriteSource.ACTOR);
            deliberating = flight;
            flight.start(actor, context, clock, this);
        }

        DecisionInFlight open(WriteSource source) {
            return new DecisionInFlight(source, actorWrites, ledger, this::now, listener);
        }

        @Override
        public void landed(DecisionInFlight flight, Decision decision, Usage usage) {
            if (flight.source == WriteSource.SPECULATOR) {
                speculating = null;
                if (actorWrites > flight.actorWritesBefore) { // stale: the actor wrote while it was thinking
                    flight.settle(usage, Fate.WASTED);
                    return;
                }
            } else {
                deliberating = null;
                actorWrites++;
            }
            flight.settle(usage, Fate.COMMITTED);
            write(flight.source, decision.value(), envelope.apply(current, decision.value()), decision.rationale());
            if (flight.source == WriteSource.ACTOR) {
                restartActor();
            }
        }

        @Override
        public void failed(DecisionInFlight flight, Throwable error, Usage spent) {
            flight.settle(spent, Fate.WASTED);
            listener.onAgentFailure(flight.source, error);
            if (flight.source == WriteSource.SPECULATOR) {
                speculating = null;
            } else {
                deliberating = null;
                readingsAtActorFailure = readings;
                restartActor();
            }
        }

        /** Starts the actor, or, when its last decision failed and no reading came since, has the next reading do it. */
        void startActorOnNewInformation() {
            if (readings > readingsAtActorFailure) {
                startActor();
            } else {
                actorAwaitsReading = true;
            }
        }

        /** Has the actor decide again after its gap (at once when there is none). */
        void restartActor() {
            if (actorGapNanos <= 0) {
                clock.execute(this::startActorOnNewInformation);
            } else {
                timers.add(clock.schedule(actorGapNanos, this::startActorOnNewInformation));
            }
        }

        void write(WriteSource source, double requested, double value, String rationale) {
            double previous = current;
            double applied = value;
            if (value != current) {
                try {
                    applied = system.write(value);
                } catch (RuntimeException e) {
                    failure = e;
                    return;
                }
                current = applied;
                if (applied != previous) { // a kernel may round the request back to the value in force
                    lastChangeAt = now();
                }
            }
            if (source == WriteSource.SPECULATOR && applied == previous) {
                return; // a speculator keeping the value every second is not a write worth recording
            }
            KnobWrite w = new KnobWrite(now(), source, requested, applied, previous, rationale);
            history.add(w);
            listener.onWrite(w);
        }

        void finish() {
            done = true;
            for (Clock.Timer t : timers) {
                t.cancel();
            }
            for (DecisionInFlight flight : new DecisionInFlight[]{speculating, deliberating}) {
                if (flight != null) {
                    try {
                        flight.cancel();
                    } catch (RuntimeException e) { // an agent's broken cancel must not keep the knob from its restore
                        if (failure == null) {
                            failure = e;
                        } else { // after the run's own failure: kept beside it, not dropped
                            failure.addSuppressed(e);
                            alsoFailed.append("; ").append(e.getMessage());
                        }
                    }
                }
            }
            speculating = null;
            deliberating = null;
            try {
                system.close();
            } catch (RuntimeException e) {
                closeFailure = e;
            } catch (Error e) { // an AssertionError too: escaping bare, it would drop the partial result and the failure
                closeFailure = new IllegalStateException(e.toString(), e);
            }
        }

        LossyResult result() {
            return new LossyResult(history.samples(), history.writes(), ledger.entries(), RunFigures.of(ledger.entries()),
                    original, Clock.seconds(now()));
        }
    }

    /** Configures a {@link LossyRunner}. */
    public static final class Builder {
        private Clock clock;
        private ControlledSystem system;
        private SafetyEnvelope envelope;
        private ControlAgent<CompressedHistory> actor;
        private ControlAgent<HybridContext> speculator;
        private double seconds = 60;
        private final List<Perturbation> perturbations = new ArrayList<>();
        private int speculatorEvery = 1;
        private double actorGapSeconds;
        private int bins = 24;
        private double memorySeconds = 600;
        private LossyListener listener = LossyListener.NONE;

        private Builder() {
        }

        /** The clock the run lives on (simulated for replays and tests, real for a live knob); required. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The system under control; the run closes it (restoring the knob) when it ends; required. */
        public Builder system(ControlledSystem system) {
            this.system = system;
            return this;
        }

        /** The envelope every agent write obeys; required. */
        public Builder envelope(SafetyEnvelope envelope) {
            this.envelope = envelope;
            return this;
        }

        /** The slow actor, or null for a run without one. */
        public Builder actor(ControlAgent<CompressedHistory> actor) {
            this.actor = actor;
            return this;
        }

        /** The fast speculator, or null for a run without one. */
        public Builder speculator(ControlAgent<HybridContext> speculator) {
            this.speculator = speculator;
            return this;
        }

        /** How long the run lasts on its clock. */
        public Builder seconds(double seconds) {
            this.seconds = seconds;
            return this;
        }

        /** Adds a disturbance of the knob from outside the loop, within the run and the envelope's bounds. */
        public Builder perturb(Perturbation perturbation) {
            this.perturbations.add(Objects.requireNonNull(perturbation, "perturbation"));
            return this;
        }

        /** The speculator's cadence: it decides at every n-th reading (default 1, every reading). */
        public Builder speculatorEvery(int readings) {
            this.speculatorEvery = readings;
            return this;
        }

        /**
         * A pause between the actor's write and its next deliberation (default 0); one past the end of the run
         * (infinity included) lets the actor decide once.
         */
        public Builder actorGapSeconds(double seconds) {
            this.actorGapSeconds = seconds;
            return this;
        }

        /**
         * How the actor's history is compressed: knob-value buckets (at least 1) and memory in seconds (positive,
         * finite); default 24 and 600 s.
         */
        public Builder compression(int bins, double memorySeconds) {
            this.bins = bins;
            this.memorySeconds = memorySeconds;
            return this;
        }

        /** Who watches the run (progress output). */
        public Builder listener(LossyListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The runner.
         *
         * @throws NullPointerException     when the clock, the system or the envelope is not set; the message names the
         *                                  missing part ("system not set: ...")
         * @throws IllegalArgumentException when a length, cadence, gap, compression or perturbation is out of range
         */
        public LossyRunner build() {
            return new LossyRunner(this);
        }
    }
}
