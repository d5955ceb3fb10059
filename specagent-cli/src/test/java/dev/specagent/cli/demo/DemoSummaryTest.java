package dev.specagent.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
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
}
