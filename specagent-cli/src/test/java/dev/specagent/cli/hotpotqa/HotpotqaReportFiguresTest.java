package dev.specagent.cli.hotpotqa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of {@code hotpotqa} says in its own sections what the command prints (it used to draw one timeline per
 * question, its note with times, hits and cost only): per question the score, answer, steps, tokens, cost, unnecessary
 * cost and hit rate, and the totals line (EM, F1, time saved, hits, cost, of which speculation) and the failed runs'
 * cost.
 */
class HotpotqaReportFiguresTest {

    @Test
    void theQuestionsAndTotalsAreInTheReportsTables(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("hotpotqa.html");
        CliTestSupport.Result r;
        try (ReplayServer server = ReplayServer.builder(HotpotqaCommandTest.d0Answers())
                .fallback(ReplayServer.Fallback.ORDER).timeScale(1).start()) {
            r = CliTestSupport.run("hotpotqa", "--ids", "d0", "--speculator", "local", "--k", "1", "--search-latency",
                    "0.3", "--drafter", "speculator", "--actor-endpoint", server.baseUrl().toString(), "--actor-model",
                    "actor-m", "--speculator-model", "spec-m", "--json", "--report", report.toString());
        }
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = r.json();
        JsonNode q = json.get("questions").get(0);
        JsonNode f = q.get("figures");
        String questions = "Questions";
        assertThat(ReportPages.rows(report, questions)).hasSize(1);
        assertThat(ReportPages.cell(report, questions, 0, "question")).isEqualTo("d0");
        assertThat(ReportPages.cell(report, questions, 0, "EM")).isEqualTo("1");
        assertThat(ReportPages.cell(report, questions, 0, "F1"))
                .isEqualTo(String.format(Locale.ROOT, "%.2f", q.get("f1").asDouble()));
        assertThat(ReportPages.cell(report, questions, 0, "answer")).isEqualTo("yes");
        assertThat(ReportPages.cell(report, questions, 0, "steps")).isEqualTo(String.valueOf(q.get("steps").size()));
        assertThat(ReportPages.cell(report, questions, 0, "prompt tokens")).isEqualTo(f.get("prompt_tokens").asText());
        assertThat(ReportPages.cell(report, questions, 0, "completion tokens")).isEqualTo(f.get("completion_tokens").asText());
        assertThat(ReportPages.cell(report, questions, 0, "cost"))
                .isEqualTo(String.format(Locale.ROOT, "$%.4f", f.get("cost_usd").asDouble()));
        assertThat(ReportPages.cell(report, questions, 0, "unnecessary cost"))
                .isEqualTo(String.format(Locale.ROOT, "$%.4f", f.get("unnecessary_cost_usd").asDouble()));
        assertThat(ReportPages.cell(report, questions, 0, "hit rate"))
                .isEqualTo(String.format(Locale.ROOT, "%.3f", f.get("hit_rate").asDouble()));
        assertThat(ReportPages.cell(report, questions, 0, "average depth"))
                .isEqualTo(String.format(Locale.ROOT, "%.2f", f.get("average_depth").asDouble()));

        JsonNode t = json.get("totals");
        assertThat(ReportPages.rows(report, "All questions")).containsExactly(
                List.of("questions", "1 (speculator local, k 1)"),
                List.of("EM", String.format(Locale.ROOT, "%.3f", t.get("exact_match").asDouble())),
                List.of("F1", String.format(Locale.ROOT, "%.3f", t.get("f1").asDouble())),
                List.of("time", String.format(Locale.ROOT, "%.2f s vs sequential %.2f s (%.1f%% saved)",
                        t.get("speculative_seconds").asDouble(), t.get("sequential_seconds").asDouble(),
                        t.get("saved_pct").asDouble())),
                List.of("hits", t.get("hits").asText()),
                List.of("cost", String.format(Locale.ROOT, "$%.4f (of which speculation $%.4f)",
                        t.get("cost_usd").asDouble(), t.get("speculation_cost_usd").asDouble())),
                List.of("failed runs cost", String.format(Locale.ROOT, "$%.4f (not in the figures above)",
                        json.get("failed_cost_usd").asDouble())));
        ReportPages.assertShowsWhatWasPrinted(report, r.out());
    }
}
