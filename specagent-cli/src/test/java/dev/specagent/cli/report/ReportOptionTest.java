package dev.specagent.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the {@code --report} option says when a command ends early, with and without a report asked for. */
class ReportOptionTest {

    @Test
    void anEarlyEndSaysWhyAndThatNoReportWasWrittenOnlyWhenOneWasAskedFor() {
        ReportOption none = new ReportOption();
        assertThat(none.requested()).isFalse();
        StringWriter seen = new StringWriter();
        PrintWriter err = new PrintWriter(new BufferedWriter(seen));
        none.sayNotWritten(err, "stopped by a signal (SIGINT)");
        assertThat(seen.toString()).as("seen at once").isEqualTo("specagent: stopped by a signal (SIGINT)" + System.lineSeparator());

        ReportOption asked = new ReportOption();
        asked.file = Path.of("r.html");
        assertThat(asked.requested()).isTrue();
        StringWriter seenToo = new StringWriter();
        asked.sayNotWritten(new PrintWriter(seenToo), "the endpoint refused the key");
        assertThat(seenToo.toString()).isEqualTo("specagent: the endpoint refused the key; no report written"
                + System.lineSeparator());
    }

    @CommandLine.Command(name = "figures")
    static final class Figures {
    }

    /**
     * What the command prints is seen as it prints (each line reaches the terminal) and also ends the report; where the
     * report went is said at once.
     */
    @Test
    void theOutputIsSeenAsPrintedAndEndsTheReport(@TempDir Path dir) throws Exception {
        ReportOption option = new ReportOption();
        option.file = dir.resolve("r.html");
        StringWriter seen = new StringWriter();
        CommandLine command = new CommandLine(new Figures()).setOut(new PrintWriter(new BufferedWriter(seen)));
        option.recordOutput(command);
        command.getOut().println("saved 25.0%");
        assertThat(seen.toString()).isEqualTo("saved 25.0%" + System.lineSeparator());

        StringWriter log = new StringWriter();
        option.write(new HtmlReport("t", "s"), new PrintWriter(new BufferedWriter(log)));
        assertThat(log.toString()).isEqualTo("report: " + option.file.toAbsolutePath() + System.lineSeparator());
        assertThat(Files.exists(option.file)).isTrue();
        assertThat(ReportPages.section(option.file, "What the command printed").get("text").asText())
                .isEqualTo("saved 25.0%" + System.lineSeparator());
    }
}
