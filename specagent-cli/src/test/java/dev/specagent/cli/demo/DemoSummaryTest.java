package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary says what each column measured, and a figure that is no number is a dash, never NaN or Infinity. */
class DemoSummaryTest {

    /** A part the summary only names (it never runs). */
    private static DemoPart part(String name) {
        return DemoPartFailureTest.failing(name, new UnsupportedOperationException());
    }

    private static String text(DemoSummary summary) {
        StringWriter out = new StringWriter();
        summary.printText(new PrintWriter(out, true), 1);
        return out.toString();
    }

    /** A ratio to nothing (no committed call counted, a free sequential run that speculation made cost money). */
    @Test
    void figuresThatAreNoNumberAreDashesAndJsonNulls() {
        DemoSummary summary = new DemoSummary();
        summary.ran(part("odd"), DemoPart.Contribution.rows(List.of(
                new DemoRow("odd", "nothing counted", "replay", Double.NEGATIVE_INFINITY, Double.NaN,
                        Double.POSITIVE_INFINITY, true))), 1);
        String text = text(summary);
        assertThat(text).doesNotContainIgnoringCase("nan").doesNotContainIgnoringCase("infinity");
        assertThat(text).containsPattern("nothing counted +replay +- +- +- +yes");

        JsonNode row = CanonicalJson.parse(summary.json(Path.of("r.html"), 1).toString()).get("rows").get(0);
        assertThat(row.get("saved_pct").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("hit_rate").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("extra_cost_pct").isNull()).as(row.toString()).isTrue();

        String html = summary.report(new HtmlReport("parts", "")).render();
        assertThat(html).contains("[\"odd\",\"nothing counted\",\"replay\",\"-\",\"-\",\"-\",\"yes\"]");
    }

    /** The text and the report's summary table show the same cells, and both say what the columns measured. */
    @Test
    void theLegendDefinesEveryColumnAndTheReportShowsTheTextsNumbers() {
        DemoSummary summary = new DemoSummary();
        summary.ran(part("synthetic"), DemoPart.Contribution.rows(List.of(
                new DemoRow("synthetic", "algorithm1", "simulated", 18.4814, 0.36633, 88.647, true))), 1);
        String text = text(summary);
        assertThat(text).containsPattern("algorithm1 +simulated +18\\.5% +37% +\\+89% +yes");
        assertThat(text).contains("time saved = 1 - speculative / sequential time")
                .contains("hit rate = committed calls served by a speculative branch")
                .contains("extra cost = the cost of every call off the committed path").contains("in % of the sequential run's cost");
        String html = summary.report(new HtmlReport("parts", "")).render();
        assertThat(html).contains("[\"synthetic\",\"algorithm1\",\"simulated\",\"18.5%\",\"37%\",\"+89%\",\"yes\"]")
                .contains("extra cost = the cost of every call off the committed path");
    }

    /** A summary of a part that ran with a note, one that ran without, one skipped and one failed. */
    private static DemoSummary fourParts() {
        DemoSummary summary = new DemoSummary();
        summary.ran(part("synthetic"), DemoPart.Contribution.rows(List.of(
                new DemoRow("synthetic", "algorithm1", "simulated", 18.5, 0.5, Double.NaN, true),
                new DemoRow("synthetic", "a-policy-name-longer-than-twenty", "simulated", 10, 0.25, 5, false))), 1.25);
        summary.ran(part("retail"), new DemoPart.Contribution(List.of(
                new DemoRow("retail", "learned", "replay", Double.NaN, 0.75, Double.NaN, null)),
                List.of("retail: hit rate = prediction accuracy")), 2);
        summary.skipped(part("chess"), "no stockfish on the PATH");
        summary.failed(part("ostune"), "boom");
        return summary;
    }

    @Test
    void theTextListsEveryRowNoteFailureAndSkippedPart() {
        DemoSummary none = new DemoSummary();
        assertThat(none.anyFailed()).isFalse();
        DemoSummary summary = fourParts();
        assertThat(summary.anyFailed()).isTrue();
        String[] lines = text(summary).split("\\R");
        assertThat(lines[0]).isEmpty();
        assertThat(lines[1]).startsWith("environment policy                           ran        time saved");
        assertThat(lines[2]).isEqualTo("synthetic   algorithm1                       simulated       18.5%       50%           -       yes");
        assertThat(lines[3]).isEqualTo("synthetic   a-policy-name-longer-than-twenty simulated       10.0%       25%         +5%        NO");
        assertThat(lines[4]).isEqualTo("retail      learned                          replay              -       75%           -         -");
        assertThat(lines[5]).isEmpty();
        assertThat(text(summary)).contains(DemoSummary.LEGEND + System.lineSeparator()
                + "retail: hit rate = prediction accuracy" + System.lineSeparator() + "FAILED ostune: boom"
                + System.lineSeparator() + "(2 parts in 1 s; skipped, see above: chess)");
        assertThat(text(none)).endsWith("(0 parts in 1 s)" + System.lineSeparator());
    }

    /** The figures stand right under their heads: each right-aligned column ends where its head ends. */
    @Test
    void eachFigureEndsWhereItsColumnHeadEnds() {
        String[] lines = text(fourParts()).split("\\R");
        String header = lines[1];
        for (int row = 2; row <= 4; row++) {
            String[] cells = lines[row].substring(header.indexOf("ran") + "ran".length()).strip().split(" +");
            int from = header.indexOf("ran");
            List<String> heads = List.of("time saved", "hit rate", "extra cost", "lossless");
            for (int i = 0; i < heads.size(); i++) {
                int headEnd = header.indexOf(heads.get(i)) + heads.get(i).length();
                int cellEnd = lines[row].indexOf(cells[i + 1], from) + cells[i + 1].length();
                assertThat(cellEnd).as(heads.get(i) + " in '" + lines[row] + "'").isEqualTo(headEnd);
                from = cellEnd;
            }
        }
    }

    @Test
    void theJsonHasEveryRowPartAndNoteAndTheSecondsToATenth() {
        JsonNode o = CanonicalJson.parse(fourParts().json(Path.of("r.html"), 12.34).toString());
        assertThat(o.at("/rows/0").toString()).isEqualTo("{\"environment\":\"synthetic\",\"policy\":\"algorithm1\","
                + "\"mode\":\"simulated\",\"saved_pct\":18.5,\"hit_rate\":0.5,\"extra_cost_pct\":null,\"lossless\":true}");
        assertThat(o.at("/rows/1/extra_cost_pct").asDouble()).isEqualTo(5);
        assertThat(o.at("/rows/2/lossless").isNull()).isTrue();
        assertThat(o.get("parts").toString()).isEqualTo("[\"synthetic\",\"retail\"]");
        assertThat(o.get("skipped").toString()).isEqualTo("[\"chess: no stockfish on the PATH\"]");
        assertThat(o.get("failed").toString()).isEqualTo("[\"ostune: boom\"]");
        assertThat(o.get("notes").toString()).isEqualTo("[\"retail: hit rate = prediction accuracy\"]");
        assertThat(o.get("report").asText()).isEqualTo(Path.of("r.html").toAbsolutePath().toString());
        assertThat(o.get("seconds").asDouble()).isEqualTo(12.3);
    }

    /** The parts table says what each part did; the bars have the rows that claim a time, a free one at 0 extra cost. */
    @Test
    void theReportShowsEachPartsStatusAndBarsOfTheTimedRows() throws Exception {
        List<JsonNode> sections = ReportPages.sections(fourParts().report(new HtmlReport("p", "")));
        assertThat(ReportPages.rows(sections.get(1))).containsExactly(
                List.of("synthetic", "ran in 1.3 s", "2 rows in the summary"),
                List.of("retail", "ran in 2.0 s", "retail: hit rate = prediction accuracy"),
                List.of("chess", "skipped", "no stockfish on the PATH"),
                List.of("ostune", "FAILED", "boom"));
        JsonNode bars = sections.get(2);
        assertThat(bars.get("labels").toString()).isEqualTo("[\"synthetic algorithm1 (simulated)\","
                + "\"synthetic a-policy-name-longer-than-twenty (simulated)\"]");
        assertThat(bars.at("/series/0/values").toString()).isEqualTo("[18.5,10.0]");
        assertThat(bars.at("/series/1/values").toString()).isEqualTo("[0.0,5.0]");
    }
}
