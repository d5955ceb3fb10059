package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A part that fails does not lose the others: they run, the report is written, the exit code is 1. */
class DemoPartFailureTest {

    /** A part called {@code name} whose run throws {@code failure}. */
    private static DemoPart failing(String name, RuntimeException failure) {
        return new DemoPart() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String missingPrerequisite() {
                return null;
            }

            @Override
            public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
                throw failure;
            }
        };
    }

    @Test
    void aFailingPartIsReportedAndTheOthersStillRun() throws Exception {
        DemoPart broken = failing("broken", new IllegalStateException("engine crashed"));
        DemoCommand demo = new DemoCommand();
        demo.parts = List.of(broken, new OsTuneDemo());
        Path report = Path.of("target", "demo-failure.html");
        Files.deleteIfExists(report);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(demo);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("--json", "--report", report.toString());
        assertThat(exit).isEqualTo(1);
        JsonNode o = CanonicalJson.parse(out.toString());
        assertThat(o.get("failed").toString()).contains("broken").contains("engine crashed");
        assertThat(o.get("parts").toString()).contains("ostune");
        assertThat(err.toString()).contains("broken: FAILED");
        assertThat(Files.readString(report)).contains("FAILED").contains("OS tuning");
    }

    /** A part that fails on a malformed data file says what the reader said, as the commands do: no class name. */
    @Test
    void aPartFailingOnBadInputShowsTheMessageWithoutTheExceptionClass() throws Exception {
        DemoPart malformed = failing("malformed",
                new IllegalArgumentException("cannot read tasks_test.json: line 114, column 19: end-of-input"));
        DemoCommand demo = new DemoCommand();
        demo.parts = List.of(malformed);
        Path report = Path.of("target", "demo-malformed.html");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(demo);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("--report", report.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("malformed: FAILED (cannot read tasks_test.json: line 114")
                .doesNotContain("IllegalArgumentException");
    }
}
