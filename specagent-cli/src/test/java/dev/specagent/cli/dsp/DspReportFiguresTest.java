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
 * The reports of {@code dsp sweep} and {@code dsp live} say in their own sections what the commands print (they used
 * to draw the frontier and the time saved and extra cost bars only): every row of the table with its prompt and
 * generation changes, unnecessary cost, MC, K, ratios to fix-2, time and cost; the goal check; what each live run
 * spent.
 */
class DspReportFiguresTest {

    private static String[] sweep(Path report, String... more) {
        List<String> args = new ArrayList<>(List.of("dsp", "sweep", "--world", "synthetic", "--tasks", "8", "--seed", "2",
                "--report", report.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The rows of a printed sweep table, cell by cell (its columns are separated by spaces and one "|"). */
    private static List<List<String>> printedRows(String stdout) {
        List<List<String>> printed = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] cells = line.replace(" | ", " ").split("\\s+");
            if (cells.length == SweepTable.HEADERS.size() && !line.startsWith(" ") && !cells[0].equals("policy")) {
                printed.add(List.of(cells));
            }
        }
        return printed;
    }

    @Test
    void theLiveReportHoldsTheRowsAndWhatEachRunSpent(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("live.html");
        CliTestSupport.Result r;
        try (var server = DspCommandTest.plansThatEndAtOnce()) {
            r = CliTestSupport.run("dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env",
                    "none", "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "3",
                    "--policy", "fix-2", "--report", report.toString());
        }
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(printedRows(r.out())).hasSize(2);
        assertThat(ReportPages.rows(report, "Policies, live OpenAGI")).isEqualTo(printedRows(r.out()));
        Matcher line = Pattern.compile("(?m)^(plans|target-only spent|fix-2 spent|both runs): (.+)$").matcher(r.out());
        List<List<String>> lines = new ArrayList<>();
        while (line.find()) {
            lines.add(List.of(line.group(1), line.group(2)));
        }
        assertThat(lines).hasSize(4);
        assertThat(ReportPages.rows(report, "Plans and spend")).isEqualTo(lines);
        ReportPages.assertShowsWhatWasPrinted(report, r.out());
    }

    @Test
    void theTableOfThePoliciesHoldsEveryPrintedRow(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("dsp.html");
        var text = CliTestSupport.run(sweep(report));
        assertThat(text.exitCode()).as(text.err()).isZero();
        List<List<String>> printed = printedRows(text.out());
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
