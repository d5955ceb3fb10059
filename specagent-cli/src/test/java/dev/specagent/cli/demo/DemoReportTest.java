package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.Main;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's report, written by the demo itself rather than through {@code --report}'s mixin: a part's name and
 * failure message that look like markup stay text, and a report that cannot be written at the end fails as every
 * other command's {@code --report} does (exit 2, {@code --report: cannot write FILE: reason}).
 */
class DemoReportTest {

    /** A part that draws one table and adds no row. */
    private static DemoPart quick() {
        return new DemoPart() {
            @Override
            public String name() {
                return "quick";
            }

            @Override
            public String missingPrerequisite() {
                return null;
            }

            @Override
            public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
                report.table("Quick part", null, List.of("x"), List.of(List.of("1")));
                return new Contribution(List.of(), List.of());
            }
        };
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code demo ARGS} with {@code parts} through {@link Main}'s command line (its exit codes and messages). */
    private static Run demo(List<DemoPart> parts, String... args) {
        CommandLine cli = Main.commandLine();
        DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
        demo.parts = parts;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("demo"));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aReportThatCannotBeWrittenAtTheEndIsExit2NamingTheOptionAsInEveryCommand() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Run r = demo(List.of(quick()), "--report", "/dev/full"); // accepted before the parts, full when written
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--report: cannot write /dev/full: No space left on device")
                .doesNotContain("Exception").doesNotContain("could not write");
        assertThat(r.out()).contains("(1 parts in").doesNotContain("HTML report:"); // the summary came first
    }

    @Test
    void aPartsNameAndFailureThatLookLikeMarkupStayText(@TempDir Path dir) throws Exception {
        String name = "\"><script>alert(1)</script>";
        String failure = "</script><script>alert(2)</script><!--";
        Path report = dir.resolve("demo.html");
        Run r = demo(List.of(DemoPartFailureTest.failing(name, new IllegalStateException(failure)), quick()),
                "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        JsonNode parts = ReportPages.section(report, "Parts");
        List<String> cells = new ArrayList<>();
        parts.get("rows").forEach(row -> row.forEach(c -> cells.add(c.asText())));
        assertThat(cells).contains(name).anyMatch(c -> c.contains(failure));
        assertThat(ReportPages.section(report, "Quick part").get("rows").get(0).get(0).asText()).isEqualTo("1");
    }
}
