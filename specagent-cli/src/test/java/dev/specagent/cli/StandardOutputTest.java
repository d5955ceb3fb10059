package dev.specagent.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code main} with its standard output where a user may send it: a full disk is a failed write, said in one
 * line with exit 2 (it was exit 0, the results lost without a word), while a reader that stops early ({@code | head
 * -1}) is no failure and gets no message.
 */
class StandardOutputTest {

    private static final String[] SIMULATE = {"simulate", "--p", "0.7", "--alpha", "5", "--beta", "1", "--steps", "30",
            "--runs", "20"};

    private static ProcessBuilder child(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static String finished(Process p) throws Exception {
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(err).isTrue();
        return err;
    }

    @Test
    void resultsThatCannotBeWrittenAreAFailedWriteSaidInOneLine() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        for (String[] args : List.of(SIMULATE, new String[] {"simulate", "--help"})) {
            Process p = child(args).redirectOutput(new File("/dev/full")).start();
            String err = finished(p);
            assertThat(p.exitValue()).as(err).isEqualTo(2);
            assertThat(err).contains("specagent: could not write standard output: No space left on device")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aReaderThatStopsEarlyIsNoFailure() throws Exception {
        Process p = child(SIMULATE).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("Synthetic world:"); // then the pipe closes, before the table
        }
        String err = finished(p);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("could not write").doesNotContain("Exception");
    }
}
