package dev.specagent.cli.ostune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.report.ReportPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of {@code ostune} says in its own sections what the command prints (it used to draw the p95 over time
 * and the timeline only): the summary lines (knob, convergence, reaction, decisions, writes, tokens and cost) and
 * every write to the knob.
 */
class OsTuneReportFiguresTest {

    private static final String[] RUN = {"ostune", "--knob", "simulated", "--mode", "both", "--seconds", "60",
            "--perturb-at", "30"};

    private static String[] with(String... more) {
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theSummaryTableHoldsThePrintedLines(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("ostune.html");
        var text = CliTestSupport.run(with("--quiet", "--report", report.toString()));
        assertThat(text.exitCode()).as(text.err()).isZero();
        List<List<String>> printed = new ArrayList<>();
        for (String line : text.out().split("\n")) {
            if (line.length() > 12 && line.substring(0, 12).matches("[a-z]+ +")) {
                printed.add(List.of(line.substring(0, 12).strip(), line.substring(12)));
            }
        }
        assertThat(printed).extracting(l -> l.get(0)).contains("knob", "converged", "reaction", "decisions", "writes",
                "tokens");
        assertThat(ReportPages.rows(report, "Summary")).isEqualTo(printed);
        ReportPages.assertShowsWhatWasPrinted(report, text.out());
    }

    @Test
    void theReportHoldsTheJsonFiguresAndEveryWrite(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("ostune-json.html");
        var r = CliTestSupport.run(with("--json", "--report", report.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = r.json();
        List<List<String>> summary = ReportPages.rows(report, "Summary");
        assertThat(summary).contains(List.of("tokens", String.format(Locale.ROOT, "%d prompt, %d completion; cost $%.4f "
                + "(local agents: no LLM calls)", o.get("prompt_tokens").asLong(), o.get("completion_tokens").asLong(),
                o.get("cost_usd").asDouble())));
        String decisions = summary.stream().filter(l -> l.get(0).equals("decisions")).findFirst().orElseThrow().get(1);
        assertThat(decisions).startsWith("actor " + o.get("actor_decisions").asLong() + " (")
                .contains("speculator " + o.get("speculator_decisions").asLong() + " (");
        String converged = summary.stream().filter(l -> l.get(0).equals("converged")).findFirst().orElseThrow().get(1);
        assertThat(converged).startsWith(String.format(Locale.ROOT, "%.1f s", o.get("convergence_seconds").asDouble()))
                .contains(String.format(Locale.ROOT, "settled p95 %.2f ms", o.get("settled_p95_ms").asDouble()));
        String reaction = summary.stream().filter(l -> l.get(0).equals("reaction")).findFirst().orElseThrow().get(1);
        assertThat(reaction).contains(String.format(Locale.ROOT, "mean p95 %.2f ms", o.get("reaction_mean_p95_ms").asDouble()));

        List<List<String>> writes = ReportPages.rows(report, "Writes to the knob");
        assertThat(writes).hasSize(o.get("writes").size()).isNotEmpty();
        for (int i = 0; i < writes.size(); i++) {
            JsonNode w = o.get("writes").get(i);
            assertThat(writes.get(i).get(1)).isEqualTo(w.get("source").asText());
            assertThat(writes.get(i).get(4)).isEqualTo(OsTuneSummary.num(w.get("applied").asDouble()));
            assertThat(writes.get(i).get(5)).isEqualTo(w.get("rationale").asText());
        }
    }
}
