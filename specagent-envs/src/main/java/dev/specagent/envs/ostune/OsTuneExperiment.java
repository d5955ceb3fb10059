package dev.specagent.envs.ostune;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.lossy.CompressedHistory;
import dev.specagent.core.lossy.ControlAgent;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.lossy.LossyRunner;
import dev.specagent.core.lossy.Perturbation;
import dev.specagent.core.lossy.SafetyEnvelope;
import dev.specagent.core.lossy.TrajectoryAnalysis;
import dev.specagent.envs.ostune.agents.GoldenSectionSpeculator;
import dev.specagent.envs.ostune.agents.ModelFitActor;
import dev.specagent.envs.ostune.knob.Knob;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.envs.ostune.workload.LatencyModel;
import dev.specagent.envs.ostune.workload.SimulatedWorkload;
import dev.specagent.envs.ostune.workload.SysbenchWorkload;
import dev.specagent.envs.ostune.workload.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The paper's OS-tuning experiment (§4): a knob, {@code sysbench cpu} (real or simulated), and the
 * agents of the chosen {@link Mode} in a {@link LossyRunner}; optionally a perturbation of the knob and
 * the reaction to it. The simulated knob runs on a simulated clock (300 s in milliseconds), the real
 * knobs, and any run with an LLM agent, in real time. The knob is restored when the run ends, however it ends.
 */
public final class OsTuneExperiment {

    /** The longest run, reaction window and actor gap an option may ask for: a day. */
    static final double MAX_SECONDS = 86_400;

    /** Convergence tolerance: within 15 % of the settled level. */
    public static final double TOLERANCE = 0.15;

    /**
     * What to run.
     *
     * @param knob            which knob
     * @param mode            which agents
     * @param seconds         run length
     * @param perturbAt       when to perturb the knob (seconds), or empty
     * @param perturbValue    the perturbed value, or empty for the knob's default bad value
     * @param reactionWindow  seconds after the perturbation the reaction is measured over
     * @param seed            seed of the simulation and the actor's deliberation times
     * @param actorGap        seconds the actor observes after each write before deliberating again
     */
    public record Options(Knobs.Kind knob, Mode mode, double seconds, OptionalDouble perturbAt, OptionalDouble perturbValue,
                          double reactionWindow, long seed, double actorGap) {

        public Options {
            Objects.requireNonNull(knob, "knob");
            Objects.requireNonNull(mode, "mode");
            if (!(seconds > 0) || !(seconds <= MAX_SECONDS)) {
                throw new IllegalArgumentException("--seconds must be in (0, 86400], got " + seconds);
            }
            if (perturbAt.isPresent() && !(perturbAt.getAsDouble() >= 0 && perturbAt.getAsDouble() < seconds)) {
                throw new IllegalArgumentException("--perturb-at must be within the run [0, " + seconds + "), got " + perturbAt.getAsDouble());
            }
            if (perturbValue.isPresent() && perturbAt.isEmpty()) {
                throw new IllegalArgumentException("--perturb-value needs --perturb-at");
            }
            // bounded like --seconds: an infinite window printed "Infinity" (a string in --json), an infinite gap
            // overflowed the clock and failed the run after it had started
            if (!(reactionWindow > 0) || !(reactionWindow <= MAX_SECONDS)) {
                throw new IllegalArgumentException("--reaction-window must be in (0, 86400], got " + reactionWindow);
            }
            if (!(actorGap >= 0) || !(actorGap <= MAX_SECONDS)) {
                throw new IllegalArgumentException("--actor-gap must be in [0, 86400], got " + actorGap);
            }
        }

        public static Options of(Knobs.Kind knob, Mode mode, double seconds) {
            return new Options(knob, mode, seconds, OptionalDouble.empty(), OptionalDouble.empty(), 60, 1, 3);
        }

        public Options perturb(double at, double value) {
            return new Options(knob, mode, seconds, OptionalDouble.of(at), OptionalDouble.of(value), reactionWindow, seed, actorGap);
        }

        public Options withSeed(long s) {
            return new Options(knob, mode, seconds, perturbAt, perturbValue, reactionWindow, s, actorGap);
        }
    }

    private final Options options;
    private final Function<Knobs.Kind, Knob> knobs;
    private ControlAgent<CompressedHistory> actor;
    private ControlAgent<HybridContext> speculator;
    private LossyListener listener = LossyListener.NONE;

    public OsTuneExperiment(Options options) {
        this(options, Knobs::open);
    }

    /** An experiment on the knob {@code knobs} opens for the chosen kind (a test's knob that fails to write). */
    OsTuneExperiment(Options options, Function<Knobs.Kind, Knob> knobs) {
        this.options = Objects.requireNonNull(options, "options");
        this.knobs = Objects.requireNonNull(knobs, "knobs");
    }

    /** Replaces the zero-cost actor (e.g. by an LLM actor); used when the mode has an actor. */
    public OsTuneExperiment actor(ControlAgent<CompressedHistory> agent) {
        this.actor = agent;
        return this;
    }

    /** Replaces the zero-cost speculator (e.g. by an LLM speculator); used when the mode has a speculator. */
    public OsTuneExperiment speculator(ControlAgent<HybridContext> agent) {
        this.speculator = agent;
        return this;
    }

    /** Watches the run (progress output). */
    public OsTuneExperiment listener(LossyListener l) {
        this.listener = Objects.requireNonNull(l);
        return this;
    }

    /**
     * Runs the experiment.
     *
     * @throws dev.specagent.envs.ostune.knob.KnobUnavailableException when the knob cannot be used here
     * @throws dev.specagent.core.lossy.LossyRunException when the run failed; the knob was restored unless its
     *                                                    {@code closeFailure()} is a
     *                                                    {@link dev.specagent.envs.ostune.knob.KnobRestoreException}
     */
    public OsTuneReport run() {
        Knob knob = knobs.apply(options.knob());
        SafetyEnvelope envelope = knob.defaultEnvelope();
        double perturbValue = options.perturbValue().orElse(knob.badValue());
        if (options.perturbAt().isPresent() && !envelope.contains(perturbValue)) {
            throw new IllegalArgumentException("--perturb-value must lie in the knob's bounds [" + envelope.min() + ", "
                    + envelope.max() + "] " + knob.unit() + ", got " + perturbValue);
        }
        Workload workload = workload(knob);
        ControlAgent<CompressedHistory> a = options.mode().hasActor()
                ? (actor != null ? actor : new ModelFitActor(10, 15, options.seed())) : null;
        ControlAgent<HybridContext> s = options.mode().hasSpeculator()
                ? (speculator != null ? speculator : new GoldenSectionSpeculator()) : null;
        List<String> agents = new ArrayList<>();
        if (a != null) {
            agents.add("actor: " + a.describe());
        }
        if (s != null) {
            agents.add("speculator: " + s.describe());
        }
        if (agents.isEmpty()) {
            agents.add("none (untuned baseline)");
        }
        // an LLM answers in real time, so a run with one is real-time even on the simulated knob
        boolean realTime = knob.isReal() || (a != null && a.usesLlm()) || (s != null && s.usesLlm());
        OsTuneSystem system = new OsTuneSystem(knob, workload); // reads the knob: may fail, before any clock exists
        Clock clock = realTime ? new RealClock() : new SimulatedClock(options.seed());
        LossyResult result;
        try {
            // the runner closes the system (restores the knob) however the run ends, and a failed close is in its
            // LossyRunException: closing again here would throw that close's failure instead, losing the run's
            result = runner(system, clock, envelope, a, s, perturbValue).run();
        } finally {
            if (clock instanceof RealClock rc) {
                rc.close();
            }
        }
        return report(knob, workload, agents, result);
    }

    /** The run's runner; should it not build, the system is closed here, since no runner will. */
    private LossyRunner runner(OsTuneSystem system, Clock clock, SafetyEnvelope envelope, ControlAgent<CompressedHistory> a,
                               ControlAgent<HybridContext> s, double perturbValue) {
        try {
            LossyRunner.Builder b = LossyRunner.builder().clock(clock).system(system).envelope(envelope)
                    .actor(a).speculator(s).seconds(options.seconds()).actorGapSeconds(options.actorGap()).listener(listener);
            options.perturbAt().ifPresent(at -> b.perturb(new Perturbation(at, perturbValue)));
            return b.build();
        } catch (RuntimeException e) {
            try {
                system.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    private Workload workload(Knob knob) {
        int sysbenchSeconds = (int) Math.ceil(options.seconds()) + 5;
        return switch (options.knob()) {
            case SIMULATED -> new SimulatedWorkload(knob, LatencyModel.DEFAULT, 0.05, options.seed());
            case RR_TIMESLICE -> new SysbenchWorkload(SysbenchWorkload.Config.rrDefault(sysbenchSeconds));
            case MIN_GRANULARITY -> new SysbenchWorkload(SysbenchWorkload.Config.cfsDefault(sysbenchSeconds));
        };
    }

    private OsTuneReport report(Knob knob, Workload workload, List<String> agents, LossyResult result) {
        double end = result.seconds() + 1e-9;
        double firstPhaseEnd = options.perturbAt().orElse(end);
        // the first phase ends before the reading due at the perturbation instant, which may include it
        OptionalDouble conv = TrajectoryAnalysis.convergenceSeconds(result.samples(), 0, firstPhaseEnd - 1e-6, TOLERANCE);
        OptionalDouble settled = TrajectoryAnalysis.settledLevel(result.samples(), 0, firstPhaseEnd - 1e-6);
        OptionalDouble reactionMean = OptionalDouble.empty();
        OptionalDouble reactionConv = OptionalDouble.empty();
        double window = options.reactionWindow();
        if (options.perturbAt().isPresent()) {
            double at = options.perturbAt().getAsDouble();
            window = Math.min(window, result.seconds() - at); // the window measured: "next 60 s" of a 3 s run was reported
            double to = Math.min(end, at + options.reactionWindow());
            // the reading due at the perturbation instant covers the second before it
            reactionMean = TrajectoryAnalysis.meanMetric(result.samples(), at + 1e-6, to + 1e-6);
            reactionConv = TrajectoryAnalysis.convergenceSeconds(result.samples(), at + 1e-6, to + 1e-6, TOLERANCE);
        }
        return new OsTuneReport(knob.name(), knob.unit(), options.knob().option(), options.mode(), agents, workload.describe(),
                knob.read(), conv, settled, options.perturbAt(), window, reactionMean, reactionConv, result);
    }
}
