package dev.specagent.cli.dsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.report.ReportPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of {@code dsp sweep} says in its own sections what the command prints (it used to draw the frontier
 * and the time saved and extra cost bars only): every row of the table with its prompt and generation changes,
 * unnecessary cost, MC, K, ratios to fix-2, time and cost, and the goal check.
 */
class DspReportFiguresTest {

    private static String[] sweep(Path report, String... more) {
        List<String> args = new ArrayList<>(List.of("dsp", "sweep", "--world", "synthetic", "--tasks", "8", "--seed", "2",
                "--report", report.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theTableOfThePoliciesHoldsEveryPrintedRow(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("dsp.html");
        var text = CliTestSupport.run(sweep(report));
        assertThat(text.exitCode()).as(text.err()).isZero();
        // the printed rows, cell by cell (the table's columns are separated by spaces and one "|")
        List<List<String>> printed = new ArrayList<>();
        for (String line : text.out().split("\n")) {
            String[] cells = line.replace(" | ", " ").split("\\s+");
            if (cells.length == SweepTable.HEADERS.size() && !line.startsWith(" ") && !cells[0].equals("policy")) {
                printed.add(List.of(cells));
            }
        }
        assertThat(printed).hasSizeGreaterThan(5);
        assertThat(ReportPages.rows(report, "Policies, synthetic world")).isEqualTo(printed);
        Matcher goal = Pattern.compile("(?m)^  (\\S+)\\s+time/fix6 (\\S+ \\S+)  cost/fix6 (\\S+ \\S+)  cost/oracle (\\S+ \\S+)  => (.+)$")
                .matcher(text.out());
        List<List<String>> goals = new ArrayList<>();
        while (goal.find()) {
            goals.add(List.of(goal.group(1), goal.group(2), goal.group(3), goal.group(4), goal.group(5).strip()));
        }
        assertThat(goals).isNotEmpty();
        assertThat(ReportPages.rows(report, "Goal check, synthetic world")).isEqualTo(goals);
        ReportPages.assertShowsWhatWasPrinted(report, text.out());

        // the same figures as --json's fields
        Path jsonReport = dir.resolve("dsp-json.html");
        var json = CliTestSupport.run(sweep(jsonReport, "--json"));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode rows = json.json();
        String title = "Policies, synthetic world";
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(ReportPages.cell(jsonReport, title, i, "policy")).isEqualTo(row.get("policy").asText());
            assertThat(ReportPages.cell(jsonReport, title, i, "MC")).isEqualTo(row.get("mc").asText());
            assertThat(ReportPages.cell(jsonReport, title, i, "K"))
                    .isEqualTo(String.format(Locale.ROOT, "%.2f", row.get("k").asDouble()));
            assertThat(ReportPages.cell(jsonReport, title, i, "unneeded"))
                    .isEqualTo(String.format(Locale.ROOT, "%.3f", row.get("unnecessary_cost_ratio").asDouble()));
            assertThat(ReportPages.cell(jsonReport, title, i, "cost $"))
                    .isEqualTo(String.format(Locale.ROOT, "%.4f", row.get("cost_usd").asDouble()));
            assertThat(ReportPages.cell(jsonReport, title, i, "ΔP"))
                    .isEqualTo(String.format(Locale.ROOT, "%+.1f%%", 100 * (row.get("prompt_ratio").asDouble() - 1)));
        }
    }
}
