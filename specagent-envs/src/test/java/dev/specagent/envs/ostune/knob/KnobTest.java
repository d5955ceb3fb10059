package dev.specagent.envs.ostune.knob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnobTest {

    @TempDir
    Path dir;

    @Test
    void aFileKnobReadsWritesAndTheGuardRestoresTheOriginal() throws Exception {
        Path file = dir.resolve("sched_rr_timeslice_ms");
        Files.writeString(file, "100\n");
        FileKnob knob = Knobs.rrTimeslice(file);
        try (KnobGuard guard = new KnobGuard(knob)) {
            assertThat(guard.original()).isEqualTo(100);
            assertThat(knob.write(12.4)).isEqualTo(12);
            assertThat(Files.readString(file).trim()).isEqualTo("12");
        }
        assertThat(knob.read()).isEqualTo(100);
    }

    @Test
    void theGuardRestoresEvenWhenTheWorkFails() throws Exception {
        Path file = dir.resolve("knob");
        Files.writeString(file, "7");
        FileKnob knob = Knobs.rrTimeslice(file);
        assertThatThrownBy(() -> {
            KnobGuard guard = new KnobGuard(knob);
            try (guard) {
                knob.write(300);
                throw new IllegalStateException("boom");
            }
        }).hasMessage("boom");
        assertThat(Files.readString(file)).isEqualTo("7");
    }

    @Test
    void aGuardWhoseRestoreFailsStaysArmedAndRestoresOnTheNextClose() throws Exception {
        Path file = dir.resolve("knob");
        Files.writeString(file, "7");
        FileKnob inner = Knobs.rrTimeslice(file);
        Knob flaky = new FailingWritesKnob(inner, write -> write == 1);
        KnobGuard guard = new KnobGuard(flaky);
        flaky.write(300);
        assertThatThrownBy(guard::close).isInstanceOf(KnobRestoreException.class)
                .hasMessageContaining("could not be restored to 7").hasMessageContaining("device busy");
        assertThat(Files.readString(file)).isEqualTo("300");
        guard.close();
        assertThat(Files.readString(file)).isEqualTo("7");
        // once restored for good, a decision landing late cannot change the knob again
        assertThatThrownBy(() -> guard.write(300)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no more writes");
        assertThat(Files.readString(file)).isEqualTo("7");
    }

    /**
     * A knob file found holding junk (or gone) when the guard restores: the guard read it before writing, failed on
     * the junk and left it there, with the original it knew never written back.
     */
    @Test
    void theGuardRestoresAKnobFileFoundHoldingJunkOrGone() throws Exception {
        Path file = dir.resolve("sched_rr_timeslice_ms");
        Files.writeString(file, "100\n");
        KnobGuard guard = new KnobGuard(Knobs.rrTimeslice(file));
        guard.write(50);
        Files.writeString(file, "garbage");
        guard.close();
        assertThat(Files.readString(file)).isEqualTo("100");

        Path gone = dir.resolve("gone");
        Files.writeString(gone, "7");
        KnobGuard second = new KnobGuard(Knobs.rrTimeslice(gone));
        second.write(300);
        Files.delete(gone);
        second.close();
        assertThat(Files.readString(gone)).isEqualTo("7");
    }

    /**
     * Two guards on one knob at once (two runs in one JVM): the second took the first's write for the original and
     * restored it after the first had restored the real one, leaving the knob changed.
     */
    @Test
    void aKnobAlreadyGuardedIsRefusedToASecondGuardUntilTheFirstHasRestoredIt() throws Exception {
        Path file = dir.resolve("sched_rr_timeslice_ms");
        Files.writeString(file, "100");
        KnobGuard first = new KnobGuard(Knobs.rrTimeslice(file));
        KnobGuard second = null;
        try {
            first.write(50);
            // another FileKnob on the same file, named by another path to it
            FileKnob again = Knobs.rrTimeslice(dir.resolve(".").resolve("sched_rr_timeslice_ms"));
            try {
                second = new KnobGuard(again);
            } catch (KnobUnavailableException refused) {
                assertThat(refused).hasMessageContaining("sched_rr_timeslice_ms").hasMessageContaining("already guarded");
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
        assertThat(Files.readString(file)).isEqualTo("100");
        assertThat(second).as("the second guard is refused").isNull();
        // once restored, the knob may be guarded again (the next run in the same JVM)
        try (KnobGuard next = new KnobGuard(Knobs.rrTimeslice(file))) {
            assertThat(next.original()).isEqualTo(100);
            next.write(12);
        }
        assertThat(Files.readString(file)).isEqualTo("100");
    }

    @Test
    void malformedAndMissingFilesAreClearErrors() throws Exception {
        Path file = dir.resolve("bad");
        Files.writeString(file, "fast");
        assertThatThrownBy(() -> Knobs.rrTimeslice(file).read()).isInstanceOf(UncheckedIOException.class)
                .hasMessage(file + ": expected a whole number, found 'fast'");
        // the reason in words, the path once, and no "run as root" where root would not help
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Knobs.checked(Knobs.rrTimeslice(missing))).isInstanceOf(KnobUnavailableException.class)
                .hasMessage("sched_rr_timeslice_ms may not be written here (cannot read " + missing
                        + ": no such file or folder): use --knob simulated");
    }

    @Test
    void minGranularityIsFoundWhereItExistsAndExplainedWhereNot() throws Exception {
        assertThatThrownBy(() -> Knobs.minGranularity(List.of(dir.resolve("none"))))
                .isInstanceOf(KnobUnavailableException.class).hasMessageContaining("EEVDF").hasMessageContaining("rr-timeslice");
        Path file = dir.resolve("min_granularity_ns");
        Files.writeString(file, "3000000");
        FileKnob knob = Knobs.minGranularity(List.of(dir.resolve("none"), file));
        assertThat(knob.unit()).isEqualTo("ns");
        assertThat(knob.read()).isEqualTo(3_000_000);
        assertThat(knob.defaultEnvelope().contains(knob.read())).isTrue();
    }

    /**
     * A simulated knob made with a NaN (or infinite) value took it: its guard read that as the original, and every
     * restore failed writing it back ("cannot write NaN"), leaving the knob at the run's last write.
     */
    @Test
    void aSimulatedKnobRefusesAnInitialValueItCouldNotBeRestoredTo() {
        for (double initial : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> new SimulatedKnob(initial)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("simulated_min_granularity_ms: the initial value must be finite, got " + initial);
        }
        SimulatedKnob knob = new SimulatedKnob(-3);
        try (KnobGuard guard = new KnobGuard(knob)) {
            guard.write(30);
        }
        assertThat(knob.read()).isEqualTo(-3);
    }

    @Test
    void knobKindsAreNamedByTheirOptions() {
        assertThat(Knobs.Kind.RR_TIMESLICE).hasToString("rr-timeslice");
        assertThat(Knobs.Kind.MIN_GRANULARITY).hasToString("min-granularity");
        assertThat(Knobs.Kind.SIMULATED).hasToString("simulated");
    }
}
