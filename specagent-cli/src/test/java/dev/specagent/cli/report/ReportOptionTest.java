package dev.specagent.cli.report;

import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
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
}
