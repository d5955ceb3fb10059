package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.SignalledRun;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specagent demo} ended by a signal (a child JVM sent SIGTERM during its second part) prints the rows of the
 * part that finished and names the part under way; the previous HTML report is left as it was. Before, it printed
 * nothing but the parts' log.
 */
class DemoSignalTest {

    /** A demo of two stand-in parts: {@code done} gives one row at once, {@code stuck} waits a minute. */
    public static final class TwoParts {
        public static void main(String[] args) {
            DemoCommand demo = new DemoCommand();
            demo.parts = List.of(part("done", () -> DemoPart.Contribution.rows(List.of(
                    new DemoRow("done-env", "chained", "simulated", 42.0, 0.5, 10.0, true)))), part("stuck", () -> {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("not stopped by the signal");
                    }));
            System.exit(new CommandLine(demo).execute(args));
        }

        private static DemoPart part(String name, Supplier<DemoPart.Contribution> run) {
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
                    progress.println(name + ": started");
                    progress.flush();
                    return run.get();
                }
            };
        }
    }

    @Test
    void aDemoStoppedByASignalPrintsThePartsFinishedAndNamesThePartUnderWay(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("demo.html"), "the previous report");
        String stopped = "stopped by a signal (SIGTERM) after 1 of 2 parts, during stuck; the rows are of the parts "
                + "finished; no HTML report written";
        SignalledRun.Result json = SignalledRun.run(TwoParts.class, "stuck: started"::equals, "--json", "--report",
                report.toString());
        assertThat(json.exitCode()).as(json.err()).isEqualTo(143);
        assertThat(json.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(3);
        JsonNode o = CanonicalJson.parse(json.out());
        assertThat(o.get("rows")).hasSize(1);
        assertThat(o.get("rows").get(0).get("environment").asText()).isEqualTo("done-env");
        assertThat(o.get("parts").toString()).isEqualTo("[\"done\"]");
        assertThat(o.get("stopped").asText()).isEqualTo(stopped);
        assertThat(o.get("report").isNull()).isTrue();
        assertThat(json.err()).contains("specagent: " + stopped);

        SignalledRun.Result text = SignalledRun.run(TwoParts.class, "stuck: started"::equals, "--report",
                report.toString());
        assertThat(text.exitCode()).as(text.err()).isEqualTo(143);
        assertThat(text.out()).containsSubsequence("environment", "done-env", "chained", "42.0%", "(1 parts in ",
                stopped).doesNotContain("HTML report:");
        assertThat(Files.readString(report)).isEqualTo("the previous report");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("demo.html");
        }
    }
}
