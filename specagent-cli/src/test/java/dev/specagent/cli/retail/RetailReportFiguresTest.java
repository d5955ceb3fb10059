package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports of {@code predict-calls} and {@code retail predict} say everything the commands print, in the same
 * figures: what the LLM speculator spent (the reports used to show accuracy only), the per-tool counts, the time
 * replay and what the command printed.
 */
class RetailReportFiguresTest {

    private static final Pattern SPENT = Pattern.compile("the llm speculator spent (\\d+ prompt \\+ \\d+ completion tokens, \\$\\d+\\.\\d{4})");

    private static String spentLine(String stdout) {
        Matcher m = SPENT.matcher(stdout);
        assertThat(m.find()).as("a spend line in\n" + stdout).isTrue();
        return m.group(1);
    }

    /** The per-tool lines of stdout ("  tool   50.0%  (1 of 2)") as table rows [tool, accuracy, hits, calls]. */
    private static List<List<String>> perToolLines(String stdout) {
        Matcher m = Pattern.compile("(?m)^  (\\S+)\\s+(\\d+\\.\\d)%  \\((\\d+) of (\\d+)\\)$").matcher(stdout);
        List<List<String>> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(List.of(m.group(1), m.group(2) + "%", m.group(3), m.group(4)));
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    @Test
    void predictCallsReportSaysWhatTheLlmSpeculatorSpentAsPrinted(@TempDir Path dir) throws Exception {
        Path trace = RetailLlmOptionsTest.libraryTrace(dir);
        Path prices = Files.writeString(dir.resolve("prices.json"),
                "{\"models\": {\"model-a\": {\"input\": 100, \"output\": 200}, \"model-b\": {\"input\": 10, \"output\": 20}}}");
        Path report = dir.resolve("predict-calls.html");
        var r = CliTestSupport.run("predict-calls", "--conversations",
                "../specagent-envs/src/test/resources/conversations/library.json", "--speculator", "llm", "--k", "2",
                "--llm-models", "model-a,model-b", "--llm-endpoint", "http://127.0.0.1:1/v1", "--llm-replay",
                trace.toString(), "--prices", prices.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String spent = spentLine(r.out());
        assertThat(spent).isEqualTo("6240 prompt + 1104 completion tokens, $0.4646");
        assertThat(ReportPages.section(report, "Prediction accuracy per tool").get("note").asText())
                .endsWith("The llm speculator spent " + spent + ".");
        assertThat(ReportPages.rows(ReportPages.section(report, "Prediction accuracy per tool (figures)")))
                .isEqualTo(perToolLines(r.out()));
        ReportPages.assertShowsWhatWasPrinted(report, r.out());
    }

    @Test
    void retailPredictReportHasTheSpendAndTheTimeReplayAsPrinted(@TempDir Path dir) throws Exception {
        LlmEndpoint a = LlmEndpoint.of("http://127.0.0.1:1/v1", "model-a");
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(TraceEntry.text(a, ChatRequest.builder().user("call " + i).build(), "{\"calls\": []}", 7, 2, 0, 0));
        }
        Path prices = Files.writeString(dir.resolve("prices.json"), "{\"models\": {\"model-a\": {\"input\": 100, \"output\": 500}}}");
        Path report = dir.resolve("predict.html");
        CliTestSupport.Result r;
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(0)
                .start()) {
            r = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--speculator", "llm", "--llm-endpoint",
                    server.baseUrl().toString(), "--llm-models", "model-a", "--prices", prices.toString(), "--report",
                    report.toString());
        }
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ReportPages.section(report, "Prediction accuracy per tool").get("note").asText())
                .endsWith("The llm speculator spent " + spentLine(r.out()) + ".");
        Matcher time = Pattern.compile("sequential (\\d+\\.\\d) s, speculative (\\d+\\.\\d) s, saved (-?\\d+\\.\\d)% "
                + "\\((\\d+) tool calls run ahead and adopted\\)").matcher(r.out());
        Matcher lossless = Pattern.compile("\\((\\d+ of \\d+) tasks committed").matcher(r.out());
        assertThat(time.find() && lossless.find()).as(r.out()).isTrue();
        assertThat(ReportPages.rows(ReportPages.section(report, "Time replay of the gold calls (simulated)"))).containsExactly(
                List.of(time.group(1) + " s", time.group(2) + " s", time.group(3) + "%", time.group(4), lossless.group(1)));
        ReportPages.assertShowsWhatWasPrinted(report, r.out());

        // the learned speculator calls no model: no spend in the text, none in the report
        Path learned = dir.resolve("learned.html");
        var json = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--json", "--report", learned.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode o = CanonicalJson.parse(json.out());
        assertThat(ReportPages.section(learned, "Prediction accuracy per tool").get("note").asText())
                .doesNotContain("spent").contains(String.format(Locale.ROOT, "%.1f %% overall (%d of %d calls)",
                        100 * o.get("accuracy").asDouble(), o.get("hits").asInt(), o.get("calls").asInt()));
        ReportPages.assertShowsWhatWasPrinted(learned, json.out());
    }
}
