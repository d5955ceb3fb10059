package dev.specagent.envs.ostune.workload;

import dev.specagent.envs.ostune.knob.KnobUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SysbenchWorkloadTest {

    /** A missing workload tool makes the real knob unavailable here (the CLI: exit 2 naming --knob), not a crash. */
    @Test
    void aMissingToolMakesTheKnobUnavailable() {
        assertThatThrownBy(() -> SysbenchWorkload.tool("specagent-no-such-tool"))
                .isInstanceOf(KnobUnavailableException.class)
                .hasMessageContaining("specagent-no-such-tool is not installed");
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
}
