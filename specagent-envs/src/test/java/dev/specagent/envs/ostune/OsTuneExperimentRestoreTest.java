package dev.specagent.envs.ostune;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.lossy.ControlAgent;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.LossyRunException;
import dev.specagent.envs.ostune.knob.FailingWritesKnob;
import dev.specagent.envs.ostune.knob.Knob;
import dev.specagent.envs.ostune.knob.KnobRestoreException;
import dev.specagent.envs.ostune.knob.SimulatedKnob;
import dev.specagent.envs.ostune.knob.Knobs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A run on a knob that stops taking writes: the run fails, and so does the restore. The run's failure (with what it
 * recorded) reaches the caller with the restore's failure beside it, and the real clock is closed. Before, the
 * experiment closed the system a second time, whose failing restore replaced the run's failure and left the clock's
 * thread running.
 */
class OsTuneExperimentRestoreTest {

    /** A speculator said to call an LLM (so the run is real-time) that raises the knob by 5 at every reading. */
    private static final ControlAgent<HybridContext> RAISING = new ControlAgent<>() {
        @Override
        public CallHandle decide(HybridContext context, Clock clock, Completion<Decision> done) {
            clock.execute(() -> done.succeed(new Decision(context.currentValue() + 5, "up"), Usage.ZERO));
            return CallHandle.NONE;
        }

        @Override
        public String describe() {
            return "raising by 5";
        }

        @Override
        public boolean usesLlm() {
            return true;
        }
    };

    @Test
    void aRunWhoseRestoreFailsReportsBothFailuresAndClosesItsClock() throws Exception {
        // the simulated knob, whose writes fail after the first one
        Knob knob = new FailingWritesKnob(new SimulatedKnob(), write -> write >= 1);
        OsTuneExperiment experiment = new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED,
                Mode.SPECULATOR_ONLY, 10), kind -> knob).speculator(RAISING);
        long timersBefore = timerThreads();

        LossyRunException e = assertThrows(LossyRunException.class, experiment::run);

        assertThat(e).hasMessageContaining("device busy")
                .hasMessageContaining("closing the system failed too: failing " + knob.name() + " could not be restored to 24");
        assertThat(e.closeFailure()).get().isInstanceOf(KnobRestoreException.class);
        assertThat(e.partial().writes()).hasSize(1);
        assertThat(e.partial().samples()).isNotEmpty();
        assertThat(knob.read()).isEqualTo(29); // left as written: nobody may say it was restored
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (timerThreads() > timersBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(timerThreads()).as("real-clock timer threads left running").isLessThanOrEqualTo(timersBefore);
    }

    private static long timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("specagent-timer")).count();
    }
}
