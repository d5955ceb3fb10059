package dev.specagent.envs.ostune.workload;

import dev.specagent.core.clock.RealClock;
import dev.specagent.core.lossy.LossyRunException;
import dev.specagent.core.lossy.LossyRunner;
import dev.specagent.core.lossy.Perturbation;
import dev.specagent.envs.ostune.OsTuneSystem;
import dev.specagent.envs.ostune.knob.FileKnob;
import dev.specagent.envs.ostune.knob.KnobUnavailableException;
import dev.specagent.envs.ostune.knob.Knobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SysbenchWorkloadTest {

    /** A missing workload tool makes the real knob unavailable here (the CLI: exit 2 naming --knob), not a crash. */
    @Test
    void aMissingToolMakesTheKnobUnavailable() {
        assertThatThrownBy(() -> SysbenchWorkload.tool("specagent-no-such-tool"))
                .isInstanceOf(KnobUnavailableException.class)
                .hasMessageContaining("specagent-no-such-tool is not installed");
    }

    /**
     * The load was pinned to CPU (number of CPUs - 1), which need not be a CPU the process may use: in a container
     * limited to CPUs 2-3, CPU 1, which taskset refuses, failing every real run. A JVM started under
     * {@code taskset -c 1} counts one CPU and took CPU 0; it now takes CPU 1, the last it may use.
     */
    @Test
    void theLoadIsPinnedToTheLastCpuThisProcessMayRunOn() throws Exception {
        assertThat(SysbenchWorkload.lastCpu(List.of("Name:\tjava", "Cpus_allowed:\t0c", "Cpus_allowed_list:\t2-3")))
                .hasValue(3);
        assertThat(SysbenchWorkload.lastCpu(List.of("Cpus_allowed_list:\t0-1,4,6-7"))).hasValue(7);
        assertThat(SysbenchWorkload.lastCpu(List.of("Cpus_allowed_list:\t5"))).hasValue(5);
        assertThat(SysbenchWorkload.lastCpu(List.of("Cpus_allowed_list:\t"))).isEmpty();
        assertThat(SysbenchWorkload.lastCpu(List.of("Name:\tjava"))).isEmpty();

        Optional<String> taskset = SysbenchWorkload.find("taskset");
        List<String> allowed = Files.readAllLines(Path.of("/proc/self/status"));
        assumeTrue(taskset.isPresent() && SysbenchWorkload.lastCpu(allowed).orElse(0) >= 1,
                "needs taskset and CPU 1 among this process's CPUs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(taskset.get(), "-c", "1", java, "-cp", System.getProperty("java.class.path"),
                PrintDefaultCpuMain.class.getName())).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(out).isEqualTo("1");
    }

    /**
     * A workload started while the JVM ends (Ctrl-C as a run starts) could not arm its shutdown hook, but its process
     * had already been started: nobody stopped it, and sysbench went on for the run's length plus 5 s after the JVM had
     * gone. Now the hook is armed first and the start refused, so no process is left.
     */
    @Test
    void aWorkloadStartedAsTheJvmEndsLeavesNoProcessBehind() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                StartWorkloadAsTheJvmEndsMain.class.getName())).redirectErrorStream(true).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(line).matches("(started|refused); children: [0-9 ]*");
        List<ProcessHandle> left = Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split(" "))
                .filter(pid -> !pid.isEmpty()).map(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .flatMap(Optional::stream).filter(ProcessHandle::isAlive).toList();
        try {
            assertThat(left).as("processes of the ended JVM still running (%s)", line).isEmpty();
            assertThat(line).isEqualTo("refused; children: ");
        } finally {
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * A sysbench that reports, then fails: its readings (not the second without events) reach the run, the failure
     * names its exit code, the knob (a file) is restored and no process is left. (Its standard error joins the message
     * when read within a second of the exit, not asserted on a loaded machine.)
     */
    @Test
    void aWorkloadThatFailsEndsTheRunWithItsErrorAndTheKnobRestored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sched_rr_timeslice_ms");
        Files.writeString(file, "100\n");
        FileKnob knob = Knobs.rrTimeslice(file);
        SysbenchWorkload fake = new SysbenchWorkload(List.of("/bin/sh", "-c", "printf '%s\\n' 'sysbench 1.0.20' "
                + "'[ 1s ] thds: 3 eps: 340.95 lat (ms,95%): 10.84' '[ 2s ] thds: 3 eps: 0.00 lat (ms,95%): 0.00' "
                + "'[ 3s ] thds: 3 eps: 23.00 lat (ms,95%): 42.61'; echo 'FATAL: boom' >&2; exit 3"));
        LossyRunException failed;
        try (RealClock clock = new RealClock()) {
            LossyRunner runner = LossyRunner.builder().clock(clock).system(new OsTuneSystem(knob, fake))
                    .envelope(knob.defaultEnvelope()).seconds(60).perturb(new Perturbation(0, 20)).build();
            failed = assertThrows(LossyRunException.class, runner::run);
        }
        assertThat(failed).hasMessageContaining("sysbench ended before the run did (exit code 3)");
        assertThat(failed.partial().samples()).extracting(s -> s.metric()).containsExactly(10.84, 42.61);
        assertThat(Files.readString(file)).isEqualTo("100");
        assertThat(fake.isRunning()).isFalse();
    }

    /**
     * A reading that cannot be parsed as expected (here the parser's own failure: a RuntimeException or an Error
     * thrown while the reports are read) ended the reading thread alone: the readings stopped, but the run went on
     * without them for its whole length and ended as if all was well. It now fails the run with that error, keeping
     * the readings before it.
     */
    @Test
    void aFailureWhileReadingTheReportsFailsTheRun(@TempDir Path dir) throws Exception {
        for (Throwable broken : List.of(new IllegalStateException("the parser broke"), new AssertionError("the parser broke"))) {
            Path file = dir.resolve("sched_rr_timeslice_ms");
            Files.writeString(file, "100\n");
            FileKnob knob = Knobs.rrTimeslice(file);
            SysbenchWorkload fake = new SysbenchWorkload(List.of("/bin/sh", "-c", "printf '%s\\n' "
                    + "'[ 1s ] thds: 3 eps: 340.95 lat (ms,95%): 10.84' 'broken'; sleep 30"),
                    line -> {
                        if (line.equals("broken")) {
                            if (broken instanceof Error e) {
                                throw e;
                            }
                            throw (RuntimeException) broken;
                        }
                        return SysbenchReportParser.p95(line);
                    });
            LossyRunException failed;
            long start = System.nanoTime();
            try (RealClock clock = new RealClock()) {
                LossyRunner runner = LossyRunner.builder().clock(clock).system(new OsTuneSystem(knob, fake))
                        .envelope(knob.defaultEnvelope()).seconds(8).perturb(new Perturbation(0, 20)).build();
                failed = assertThrows(LossyRunException.class, runner::run, broken.toString());
            }
            assertThat(failed).as(broken.toString()).hasMessageContaining("the parser broke");
            assertThat(failed.partial().samples()).extracting(s -> s.metric()).containsExactly(10.84);
            assertThat((System.nanoTime() - start) / 1e9).as("seconds to fail").isLessThan(6);
            assertThat(Files.readString(file)).isEqualTo("100");
            assertThat(fake.isRunning()).isFalse();
        }
    }
}
