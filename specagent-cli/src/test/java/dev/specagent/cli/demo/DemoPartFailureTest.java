package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.planning.replay.ReplayPlanningWorld;
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
    static DemoPart failing(String name, RuntimeException failure) {
        return throwing(name, failure);
    }

    /** A part called {@code name} whose run throws {@code failure}, an exception or an Error. */
    private static DemoPart throwing(String name, Throwable failure) {
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
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    @Test
    void aFailingPartIsReportedAndTheOthersStillRun() throws Exception {
        Demo run = Demo.of(List.of(failing("broken", new IllegalStateException("engine crashed")), new OsTuneDemo()),
                "demo-failure.html", "--json");
        assertThat(run.exit()).isEqualTo(1);
        JsonNode o = CanonicalJson.parse(run.out());
        assertThat(o.get("failed").toString()).contains("broken").contains("engine crashed");
        assertThat(o.get("parts").toString()).contains("ostune");
        assertThat(run.err()).contains("broken: FAILED");
        assertThat(Files.readString(run.report())).contains("FAILED").contains("OS tuning");
    }

    /**
     * A part that throws an Error (a StackOverflowError of a parser, an AssertionError) is a failed part like one that
     * throws an exception: the Error used to end the demo, the parts after it never run and no report written.
     */
    @Test
    void aPartThrowingAnErrorIsAFailedPartAndTheOthersStillRun() throws Exception {
        Demo run = Demo.of(List.of(throwing("broken", new StackOverflowError("chart too deep")), new OsTuneDemo()),
                "demo-error.html", "--json");
        assertThat(run.exit()).isEqualTo(1);
        JsonNode o = CanonicalJson.parse(run.out());
        assertThat(o.get("failed").toString()).contains("broken").contains("java.lang.StackOverflowError: chart too deep");
        assertThat(o.get("parts").toString()).contains("ostune");
        assertThat(Files.readString(run.report())).contains("FAILED").contains("OS tuning");
    }

    /** A part that drew a chart before it failed leaves nothing in the report but its FAILED row in the Parts table. */
    @Test
    void aFailedPartsHalfDrawnSectionsAreLeftOut() throws Exception {
        DemoPart halfDrawn = new DemoPart() {
            @Override
            public String name() {
                return "half";
            }

            @Override
            public String missingPrerequisite() {
                return null;
            }

            @Override
            public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
                report.table("Half-drawn chart", null, List.of("x"), List.of(List.of("1")));
                throw new IllegalStateException("second game unreadable");
            }
        };
        Demo run = Demo.of(List.of(halfDrawn, new OsTuneDemo()), "demo-half-drawn.html", "--json");
        assertThat(run.exit()).isEqualTo(1);
        String html = Files.readString(run.report());
        assertThat(html).contains("second game unreadable").contains("OS tuning");
        assertThat(html.contains("Half-drawn chart")).as("the failed part's chart is in the report").isFalse();
    }

    /**
     * Recorded DSP runs that are present but malformed fail the dsp part, naming the file, as {@code dsp sweep} does;
     * they used to be reported as absent ("skipped: no recorded DSP runs") with exit code 0.
     */
    @Test
    void presentButMalformedDspRunsFailThePartInsteadOfSkippingIt() throws Exception {
        Path data = Path.of("target", "demo-malformed-dsp").toAbsolutePath();
        Files.createDirectories(data.resolve(ReplayPlanningWorld.PILOT_LOGS));
        Files.writeString(data.resolve(ReplayPlanningWorld.DATASET), "{\"x\": [1, 2\n");
        DemoPartRun.Result run = DemoPartRun.run(data, new DspDemo(), "--json", "--report",
                Path.of("target", "demo-malformed-dsp.html").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode o = CanonicalJson.parse(run.out());
        assertThat(o.get("skipped").toString()).doesNotContain("dsp");
        assertThat(o.get("failed").toString()).contains("dsp: ").contains("dataset_value_func_cot_new.json")
                .contains("not valid JSON");
    }

    /** A part that fails on a malformed data file says what the reader said, as the commands do: no class name. */
    @Test
    void aPartFailingOnBadInputShowsTheMessageWithoutTheExceptionClass() throws Exception {
        DemoPart malformed = failing("malformed",
                new IllegalArgumentException("cannot read tasks_test.json: line 114, column 19: end-of-input"));
        Demo run = Demo.of(List.of(malformed), "demo-malformed.html");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("malformed: FAILED (cannot read tasks_test.json: line 114")
                .doesNotContain("IllegalArgumentException");
    }

    /** A demo of {@code parts} run with {@code options} and a report {@code target/REPORT}: its exit code and output. */
    private record Demo(int exit, String out, String err, Path report) {
        static Demo of(List<DemoPart> parts, String reportName, String... options) throws Exception {
            DemoCommand demo = new DemoCommand();
            demo.parts = parts;
            Path report = Path.of("target", reportName);
            Files.deleteIfExists(report);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(demo);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            List<String> args = new java.util.ArrayList<>(List.of(options));
            args.addAll(List.of("--report", report.toString()));
            int exit = cli.execute(args.toArray(String[]::new));
            return new Demo(exit, out.toString(), err.toString(), report);
        }
    }
}
