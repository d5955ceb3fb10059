package dev.specagent.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.runner.RunResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures every run's report shows: each cell under its header, in its format, n/a where there is no figure. */
class RunSectionsTest {

    /** Figures with every field distinct, so a cell showing another's figure shows. */
    private static RunFigures figures(double sequentialSeconds, long committedCalls, long depthEntries) {
        return new RunFigures(sequentialSeconds, 3.25, 18.75, 0.625, committedCalls, 5, 11, 1200, 340, 0.0123456,
                0.01, 0.00456, 6, 3, 2, 4, 1.5, depthEntries);
    }

    @Test
    void everyFigureIsUnderItsHeaderInItsFormat() {
        List<String> cells = RunSections.figureCells(figures(4.0, 8, 7), SpentFormatter.COMPLETION);
        assertThat(RunSections.FIGURE_HEADERS).hasSameSizeAs(cells);
        assertThat(cells).containsExactly("4.000", "3.250", "18.8%", "0.625", "5 of 8", "11 (2)", "4", "1.50",
                "1200", "340", "$0.0123", "$0.0046");
        assertThat(RunSections.figureCells(figures(4.0, 8, 7), SpentFormatter.GENERATED))
                .as("dollars in the vocabulary's decimals").endsWith("$0.012346", "$0.004560");
    }

    /** Over no sequential time, no committed call or no speculative entry the ratio is no measurement. */
    @Test
    void ratiosOverNothingAreNotApplicable() {
        List<String> cells = RunSections.figureCells(figures(0, 0, 0), SpentFormatter.COMPLETION);
        assertThat(cells.get(2)).isEqualTo("n/a");
        assertThat(cells.get(3)).isEqualTo("n/a");
        assertThat(cells.get(7)).isEqualTo("n/a");
        assertThat(RunSections.averageDepth(figures(0, 0, 0))).isEqualTo("n/a");
        List<String> one = RunSections.figureCells(figures(0.001, 1, 1), SpentFormatter.COMPLETION);
        assertThat(one.get(2)).isEqualTo("18.8%");
        assertThat(one.get(3)).isEqualTo("0.625");
        assertThat(one.get(7)).isEqualTo("1.50");
    }

    @Test
    void theFiguresTableHasTheCommandsColumnsThenTheFigures() throws Exception {
        HtmlReport report = new HtmlReport("t", "s");
        RunSections.figures(report, "runs", "a note", List.of("run"), List.of(
                new RunSections.FiguresRow(List.of("first"), figures(4.0, 8, 7)),
                new RunSections.FiguresRow(List.of("second"), figures(0, 0, 0))), SpentFormatter.COMPLETION);
        JsonNode table = ReportPages.sections(report).get(0);
        List<String> headers = new ArrayList<>();
        table.get("headers").forEach(h -> headers.add(h.asText()));
        assertThat(headers.get(0)).isEqualTo("run");
        assertThat(headers.subList(1, headers.size())).isEqualTo(RunSections.FIGURE_HEADERS);
        List<List<String>> rows = ReportPages.rows(table);
        assertThat(rows.get(0).get(0)).isEqualTo("first");
        assertThat(rows.get(0).subList(1, headers.size()))
                .isEqualTo(RunSections.figureCells(figures(4.0, 8, 7), SpentFormatter.COMPLETION));
        assertThat(rows.get(1).get(0)).isEqualTo("second");
        assertThat(table.get("note").asText()).isEqualTo("a note");
    }

    @Test
    void theComparisonBarsEachRunsTimeAndCostAndShowsTheLastRunsTimeline() throws Exception {
        HtmlReport report = new HtmlReport("t", "s");
        RunFigures seq = new RunFigures(10, 10, 0, 0.5, 4, 0, 4, 0, 0, 0.004, 0.004, 0, 4, 0, 0, 1, 0, 0);
        RunFigures spec = new RunFigures(10, 6.5, 35, 0.75, 4, 3, 7, 0, 0, 0.0061, 0.004, 0.0021, 4, 2, 1, 3, 1, 3);
        RunSections.compare(report, "game", List.of(new RunResult<>("sequential", List.of(), null, List.of(), seq),
                new RunResult<>("algorithm1", List.of(), null, List.of(), spec)));
        List<JsonNode> sections = ReportPages.sections(report);
        JsonNode bars = sections.get(0);
        assertThat(bars.get("title").asText()).isEqualTo("game: time and cost per policy");
        assertThat(bars.get("labels").toString()).isEqualTo("[\"sequential\",\"algorithm1\"]");
        assertThat(bars.at("/series/0/name").asText()).isEqualTo("seconds");
        assertThat(bars.at("/series/0/values").toString()).isEqualTo("[10.0,6.5]");
        assertThat(bars.at("/series/1/name").asText()).isEqualTo("cost $");
        assertThat(bars.at("/series/1/values").toString()).isEqualTo("[0.004,0.0061]");
        JsonNode timeline = sections.get(1);
        assertThat(timeline.get("title").asText()).isEqualTo("game: every call of the algorithm1 run");
        assertThat(timeline.get("note").asText())
                .isEqualTo("6.50 s, 3 of 4 committed calls from a branch, $0.006100 of which $0.002100 not on the committed path.");
    }
}
