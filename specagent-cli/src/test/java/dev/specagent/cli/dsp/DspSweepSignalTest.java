package dev.specagent.cli.dsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.HeldAtLine;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code specagent dsp sweep} ended by a signal (a child JVM sent SIGTERM mid-sweep). */
class DspSweepSignalTest {

    @Test
    void aSweepStoppedByASignalPrintsTheRowsItFinished() throws Exception {
        // signalled once the progress bar shows a policy finished after target-only; before, nothing was printed
        SignalledRun.Result r = SignalledRun.run(line -> line.matches("dsp sweep \\(policies\\): ([3-9]|1\\d)/28 .*"),
                "dsp", "sweep", "--world", "synthetic", "--tasks", "1500", "--seed", "1", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(3);
        JsonNode rows = CanonicalJson.parse(r.out());
        assertThat(rows.size()).isBetween(3, 27);
        assertThat(rows.get(0).get("policy").asText()).isEqualTo("target-only");
        assertThat(rows.get(1).get("policy").asText()).isEqualTo("fix-2");
        assertThat(rows.get(1).get("time_vs_fix2").asDouble()).isEqualTo(1.0);
        assertThat(r.err()).contains("specagent: stopped by a signal (SIGTERM) after " + (rows.size() - 1) + " of 27 "
                + "policies (and target-only finished); no goal check, plot or report");
    }

    /**
     * A signal while the sweep writes its plot and report, after its table (held after the plot's line until the
     * signal came): the report is still written whole, as a signal while a command prints its full results waits for
     * them. Before, the hook was closed before the files were written, so the JVM ended at once: no report, and no
     * word of it.
     */
    @Test
    void aSignalWhileThePlotAndReportAreWrittenWaitsForThem(@TempDir Path dir) throws Exception {
        Path plot = dir.resolve("frontier.svg");
        Path report = dir.resolve("sweep.html");
        String plotWritten = "frontier plot written to " + plot;
        SignalledRun.Result r = SignalledRun.run(HeldAtLine.class, plotWritten::equals, plotWritten, "dsp", "sweep",
                "--world", "synthetic", "--tasks", "100", "--seed", "1", "--json", "--plot", plot.toString(), "--report",
                report.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        assertThat(CanonicalJson.parse(r.out()).size()).isEqualTo(28);
        assertThat(r.err()).contains("report: " + report);
        assertThat(Files.readString(report)).endsWith("</html>\n");
        assertThat(Files.readString(plot)).contains("</svg>");
    }
}
