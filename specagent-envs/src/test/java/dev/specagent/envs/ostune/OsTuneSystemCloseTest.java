package dev.specagent.envs.ostune;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.lossy.ControlledSystem;
import dev.specagent.envs.ostune.knob.FileKnob;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.envs.ostune.workload.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closing the tuned system restores the knob on every path, a workload that fails to stop included. */
class OsTuneSystemCloseTest {

    @Test
    void theKnobIsRestoredEvenWhenTheWorkloadFailsToStop(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sched_rr_timeslice_ms");
        Files.writeString(file, "7\n");
        FileKnob knob = Knobs.rrTimeslice(file);
        Workload failing = new Workload() {
            @Override
            public void start(Clock clock, ControlledSystem.Sink sink) {
            }

            @Override
            public long readingIntervalNanos() {
                return 1_000_000_000L;
            }

            @Override
            public void stop() {
                throw new IllegalStateException("sysbench would not stop");
            }

            @Override
            public String describe() {
                return "a workload that fails to stop";
            }
        };
        OsTuneSystem system = new OsTuneSystem(knob, failing);
        system.write(300);
        assertThat(Files.readString(file).trim()).isEqualTo("300");
        assertThatThrownBy(system::close).hasMessageContaining("would not stop");
        assertThat(Files.readString(file).trim()).isEqualTo("7");
    }
}
