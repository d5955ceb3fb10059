package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.envs.retail.speculate.PredictionTally;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The report's per-tool accuracy: bars of accuracy in percent and of calls, a table of the printed figures. */
class RetailReportSectionsTest {

    @Test
    void eachToolHasItsAccuracyInPercentAndItsCalls() throws Exception {
        PredictionTally tally = new PredictionTally();
        tally.add("get_order_details", true);
        tally.add("get_order_details", false);
        tally.add("get_order_details", true);
        tally.add("cancel_pending_order", false);
        HtmlReport report = new HtmlReport("t", "s");
        RetailReportSections.perToolAccuracy(report, "Accuracy", tally, 3, "the llm speculator spent 3 prompt + 1 "
                + "completion tokens, $0.0001");
        List<JsonNode> sections = ReportPages.sections(report);
        JsonNode bars = sections.get(0);
        assertThat(bars.get("labels").toString()).isEqualTo("[\"cancel_pending_order\",\"get_order_details\"]");
        assertThat(bars.at("/series/0/values/0").asDouble()).isZero();
        assertThat(bars.at("/series/0/values/1").asDouble()).isCloseTo(66.667, offset(0.001));
        assertThat(bars.at("/series/1/values").toString()).isEqualTo("[1.0,3.0]");
        assertThat(bars.get("note").asText()).isEqualTo("Top-3 API-call prediction accuracy (same name and JSON-equal "
                + "arguments): 50.0 % overall (2 of 4 calls). The llm speculator spent 3 prompt + 1 completion tokens, $0.0001.");
        assertThat(ReportPages.rows(sections.get(1))).containsExactly(List.of("cancel_pending_order", "0.0%", "0", "1"),
                List.of("get_order_details", "66.7%", "2", "3"));
    }
}
