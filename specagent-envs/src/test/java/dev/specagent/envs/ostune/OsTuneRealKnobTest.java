package dev.specagent.envs.ostune;

import dev.specagent.core.clock.RealClock;
import dev.specagent.core.lossy.LossyRunException;
import dev.specagent.core.lossy.LossyRunner;
import dev.specagent.core.lossy.Perturbation;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.knob.FileKnob;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.envs.ostune.workload.SysbenchWorkload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Short runs (3 s) on the real {@code sched_rr_timeslice_ms} with {@code sysbench cpu} under
 * {@code SCHED_RR}; skipped with a message where the knob may not be written or the tools are missing.
 * The knob must hold its original value after every run.
 */
class OsTuneRealKnobTest {

    private double original;

    @BeforeEach
    void requireTheRealKnob() {
        assumeTrue(Knobs.writable(Knobs.RR_TIMESLICE),
                "skipped: " + Knobs.RR_TIMESLICE + " is not writable here (run as root on Linux to test the real knob)");
        for (String tool : new String[]{"sysbench", "chrt", "taskset"}) {
            assumeTrue(SysbenchWorkload.find(tool).isPresent(), "skipped: " + tool + " is not installed (scripts/ensure-tools.sh)");
        }
        original = catKnob();
        assertThat(Knobs.rrTimeslice(Knobs.RR_TIMESLICE).read()).isEqualTo(original);
    }

    /** The knob as the kernel reports it to cat, independent of our reading code. */
    static double catKnob() {
        try {
            Process p = new ProcessBuilder("cat", Knobs.RR_TIMESLICE.toString()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aShortRunWithBothAgentsReactsToAPerturbationAndRestoresTheKnob() {
        OsTuneReport r = new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.RR_TIMESLICE, Mode.BOTH, 3)
                .perturb(0.5, 20)).run();
        assertThat(r.result().samples()).isNotEmpty();
        assertThat(r.result().samples()).allMatch(s -> s.metric() >= 0);
        assertThat(r.result().writes()).anyMatch(w -> w.source() == WriteSource.EXTERNAL && w.applied() == 20);
        assertThat(r.result().originalValue()).isEqualTo(original);
        assertThat(r.restored()).isTrue();
        assertThat(catKnob()).isEqualTo(original);
    }

    @Test
    void aFailingWorkloadStopsTheRunAndTheKnobIsStillRestored() {
        FileKnob knob = Knobs.rrTimeslice(Knobs.RR_TIMESLICE);
        // CPU 4095 does not exist: taskset fails, sysbench never reports
        SysbenchWorkload broken = new SysbenchWorkload(new SysbenchWorkload.Config(1, 1000, 5, 4095, 1));
        try (RealClock clock = new RealClock()) {
            LossyRunner runner = LossyRunner.builder().clock(clock).system(new OsTuneSystem(knob, broken))
                    .envelope(knob.defaultEnvelope()).seconds(5).perturb(new Perturbation(0, 20)).build();
            assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class).hasMessageContaining("sysbench ended");
        }
        assertThat(catKnob()).isEqualTo(original);
        assertThat(broken.isRunning()).isFalse();
    }
}
