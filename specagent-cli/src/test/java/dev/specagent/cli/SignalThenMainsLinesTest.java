package dev.specagent.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link Main} prints after a command a signal stopped (the traces of {@code --record} that lost entries, a
 * failure's message) reaches standard error before the JVM ends. Before, the signal's hook let the JVM end as soon as
 * the command closed it, racing those lines: here, where writing them takes a second, they were always lost.
 */
class SignalThenMainsLinesTest {

    /** {@code specagent} whose standard error takes a second to write a line of Main's about a trace. */
    public static final class SlowTraceLines {
        public static void main(String[] args) {
            CommandLine cli = Main.commandLine();
            cli.setErr(LineByLine.writer(line -> {
                if (line.startsWith("specagent: --record:")) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                LineByLine.print(line);
            }));
            System.exit(cli.execute(args));
        }
    }

    @Test
    void theLinesMainPrintsAfterAStoppedCommandAreNotCutOff() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        // llm-demo's synthetic chain recorded to a full device: every entry is lost, which Main says after the command
        SignalledRun.Result r = SignalledRun.run(SlowTraceLines.class,
                line -> line.startsWith("llm-demo (runs: sequential, then speculative): 1/2"), "llm-demo",
                "--synthetic", "--record", "/dev/full", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        assertThat(r.err()).contains("specagent: stopped by a signal (SIGTERM) after ")
                .containsPattern("specagent: --record: cannot write /dev/full: No space left on device \\(\\d+ of \\d+ "
                        + "entries not written; the trace is incomplete\\)");
        assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(5);
    }
}
