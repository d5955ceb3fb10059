package dev.specagent.cli.chess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.report.ReportPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of {@code chess} says in its own sections what the command prints (the report used to draw the
 * timeline and the time-saved bars only, the rest being in "What the command printed"): per game the hit rate,
 * tokens, cost and unnecessary cost, attempts and peak concurrency; the moves, the time saved, both games' cost and
 * lossless.
 */
class ChessReportFiguresTest {

    private static String dollars(JsonNode o, String field) {
        return String.format(Locale.ROOT, "$%.4f", o.get(field).asDouble());
    }

    @Test
    void theReportsTablesHoldTheGamesFiguresAsPrinted(@TempDir Path dir) throws Exception {
        Path trace = ChessCommandsTest.llmGameTrace(dir, List.of("e2e4", "e7e5", "g1f3", "b8c6"));
        Path report = dir.resolve("chess.html");
        var r = CliTestSupport.run("chess", "--white", "llm", "--black", "llm", "--speculator", "llm", "--actor-model",
                "gpt-5", "--speculator-model", "gpt-5", "--replay", trace.toString(), "--replay-speed", "1", "--k", "2",
                "--plies", "4", "--json", "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        String figures = "Figures of the games";
        assertThat(ReportPages.rows(report, figures)).extracting(row -> row.get(0))
                .containsExactly("sequential game", "speculative game, algorithm1");
        // the sequential game: its tokens and cost
        assertThat(ReportPages.cell(report, figures, 0, "prompt tokens")).isEqualTo(j.get("sequential_prompt_tokens").asText());
        assertThat(ReportPages.cell(report, figures, 0, "completion tokens"))
                .isEqualTo(j.get("sequential_completion_tokens").asText());
        assertThat(ReportPages.cell(report, figures, 0, "cost")).isEqualTo(dollars(j, "sequential_cost_usd"));
        // the speculative game: hit rate, hits, attempts, concurrency, tokens, cost and what speculation added
        assertThat(ReportPages.cell(report, figures, 1, "hit rate"))
                .isEqualTo(String.format(Locale.ROOT, "%.3f", j.get("hit_rate").asDouble()));
        assertThat(ReportPages.cell(report, figures, 1, "hits of committed calls")).isEqualTo(j.get("hits").asText() + " of 4");
        assertThat(ReportPages.cell(report, figures, 1, "attempts (cancelled)"))
                .isEqualTo(j.get("attempts").asText() + " (" + j.get("cancelled_attempts").asText() + ")");
        assertThat(ReportPages.cell(report, figures, 1, "peak concurrency")).isEqualTo(j.get("peak_concurrency").asText());
        assertThat(ReportPages.cell(report, figures, 1, "prompt tokens")).isEqualTo(j.get("prompt_tokens").asText());
        assertThat(ReportPages.cell(report, figures, 1, "completion tokens")).isEqualTo(j.get("completion_tokens").asText());
        assertThat(ReportPages.cell(report, figures, 1, "cost")).isEqualTo(dollars(j, "cost_usd"));
        assertThat(ReportPages.cell(report, figures, 1, "unnecessary cost")).isEqualTo(dollars(j, "unnecessary_cost_usd"));
        assertThat(ReportPages.cell(report, figures, 1, "wall s"))
                .isEqualTo(String.format(Locale.ROOT, "%.3f", j.get("speculative_wall_seconds").asDouble()));

        assertThat(ReportPages.rows(report, "The games")).contains(
                List.of("moves (4)", "e2e4 e7e5 g1f3 b8c6"),
                List.of("time saved", String.format(Locale.ROOT, "%.1f %% (measured, both games on this machine, first "
                        + "think's start to last think's end)", j.get("saved_pct").asDouble())),
                List.of("lossless", "not checked (a player is not deterministic: movetime limit or LLM)"),
                List.of("both games together", dollars(j, "total_cost_usd")));
        ReportPages.assertShowsWhatWasPrinted(report, r.out());
    }
}
