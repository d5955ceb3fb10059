package dev.specagent.envs.ostune.knob;

import dev.specagent.core.lossy.SafetyEnvelope;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The knobs shipped: the paper's CFS {@code min_granularity_ns} where the kernel still has it,
 * {@code sched_rr_timeslice_ms} (for a workload under {@code SCHED_RR}) on modern kernels, and the
 * simulated knob.
 */
public final class Knobs {

    /** Where {@code sched_rr_timeslice_ms} lives. */
    public static final Path RR_TIMESLICE = Path.of("/proc/sys/kernel/sched_rr_timeslice_ms");
    /** Where {@code min_granularity_ns} lived: debugfs on 5.13–6.5, procfs before. */
    public static final List<Path> MIN_GRANULARITY = List.of(Path.of("/sys/kernel/debug/sched/min_granularity_ns"),
            Path.of("/proc/sys/kernel/sched_min_granularity_ns"));

    private Knobs() {
    }

    /** The selectable kinds, as the command names them. */
    public enum Kind {
        RR_TIMESLICE("rr-timeslice"), MIN_GRANULARITY("min-granularity"), SIMULATED("simulated");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        /** The command-line name, as {@link #option()}. */
        @Override
        public String toString() {
            return option;
        }
    }

    /** The knob of {@code kind}, checked to exist and to be writable. */
    public static Knob open(Kind kind) {
        return switch (kind) {
            case SIMULATED -> new SimulatedKnob();
            case RR_TIMESLICE -> checked(rrTimeslice(RR_TIMESLICE));
            case MIN_GRANULARITY -> checked(minGranularity(MIN_GRANULARITY));
        };
    }

    /**
     * {@code sched_rr_timeslice_ms} at {@code path}: the time slice of {@code SCHED_RR} threads. The kernel
     * keeps it in jiffies, so a written value may read back rounded. Envelope 1–500 ms, step ≤ 100 ms.
     */
    public static FileKnob rrTimeslice(Path path) {
        return new FileKnob(path, "sched_rr_timeslice_ms", "ms", new SafetyEnvelope(1, 500, 100), 20);
    }

    /**
     * CFS's {@code min_granularity_ns}, at the first of {@code candidates} that exists.
     * Envelope 0.1–50 ms, step ≤ 10 ms.
     *
     * @throws KnobUnavailableException on EEVDF kernels (6.6 and later), which dropped it
     */
    public static FileKnob minGranularity(List<Path> candidates) {
        for (Path p : candidates) {
            if (Files.exists(p)) {
                return new FileKnob(p, "min_granularity_ns", "ns", new SafetyEnvelope(100_000, 50_000_000, 10_000_000), 20_000_000);
            }
        }
        throw new KnobUnavailableException("min_granularity_ns does not exist on this kernel (" + System.getProperty("os.version")
                + "; EEVDF kernels 6.6+ dropped it; looked at " + candidates + ", debugfs must be mounted): "
                + "use --knob rr-timeslice or --knob simulated");
    }

    /** {@code knob} after checking that it can be read and written (writing its own value back). */
    public static FileKnob checked(FileKnob knob) {
        try {
            double v = knob.read();
            knob.write(v);
            return knob;
        } catch (UncheckedIOException e) {
            // root helps only where permission was refused (not on a read-only or missing file)
            String hint = e.getCause() instanceof AccessDeniedException ? "; run as root" : "";
            throw new KnobUnavailableException(knob.name() + " may not be written here (" + e.getMessage() + hint
                    + "): use --knob simulated", e);
        }
    }

    /** Whether the knob at {@code path} exists and may be written by this process. */
    public static boolean writable(Path path) {
        return Files.isRegularFile(path) && Files.isWritable(path) && Files.isReadable(path);
    }
}
