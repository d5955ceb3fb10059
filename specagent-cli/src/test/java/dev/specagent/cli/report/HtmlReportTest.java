package dev.specagent.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's inline data: any name survives as it is, and none can break the page. */
class HtmlReportTest {

    private static final String OPEN = "<script id=\"report-data\" type=\"application/json\">";

    @Test
    void namesThatLookLikeMarkupOrPlaceholdersStayDataAndKeepThePageWhole() throws Exception {
        List<String> names = List.of("<!--<script>", "</script><b>x</b>", "__TITLE__", "__DATA__", "a & b");
        HtmlReport report = new HtmlReport("title \"quoted\" <t>", "sub");
        report.table("heading", null, List.of("name"), names.stream().map(List::of).toList());
        String page = report.render();

        String data = page.substring(page.indexOf(OPEN) + OPEN.length(), page.indexOf("</script>", page.indexOf(OPEN)));
        assertThat(data).doesNotContain("<"); // nothing in the data can open or close a tag or a comment
        JsonNode rows = new ObjectMapper().readTree(data).get("sections").get(0).get("rows");
        assertThat(rows).extracting(r -> r.get(0).asText()).containsExactlyElementsOf(names);
        assertThat(page).contains("<h1>title \"quoted\" &lt;t&gt;</h1>").contains("<title>title \"quoted\" &lt;t&gt;</title>");
        assertThat(page.split("<script", -1)).hasSize(5); // the error hook, Chart.js, the data, the renderer
    }

    private static final long S = 1_000_000_000L;

    /** Times from the run's first start; the committed path is the authority's committed calls only. */
    @Test
    void theTimelineIsRelativeToTheFirstStartAndOutlinesTheCommittedPath() throws Exception {
        Ledger ledger = new Ledger();
        ledger.open(Role.ACTOR, "a", 10 * S, 0, -1).close(12 * S, Usage.ofCost(0.5), Fate.COMMITTED);
        ledger.open(Role.SPECULATOR, "s", 10 * S, 0, -1).close(11 * S, Usage.ofCost(0.25), Fate.COMMITTED);
        ledger.open(Role.BRANCH, "b", 11 * S, 1, -1).close(18 * S, Usage.ofCost(0), Fate.WASTED);
        HtmlReport report = new HtmlReport("t", "s").timeline("calls", null, ledger.entries());
        JsonNode timeline = ReportPages.sections(report).get(0);
        assertThat(timeline.has("note")).isFalse();
        assertThat(timeline.get("minWidth").asDouble()).isEqualTo(8.0 / 800);
        assertThat(timeline.get("entries").toString()).isEqualTo("[{\"role\":\"ACTOR\",\"label\":\"a\",\"start\":0.0,"
                + "\"end\":2.0,\"fate\":\"COMMITTED\",\"cost\":0.5,\"depth\":0,\"committedPath\":true},"
                + "{\"role\":\"SPECULATOR\",\"label\":\"s\",\"start\":0.0,\"end\":1.0,\"fate\":\"COMMITTED\","
                + "\"cost\":0.25,\"depth\":0,\"committedPath\":false},{\"role\":\"BRANCH\",\"label\":\"b\","
                + "\"start\":1.0,\"end\":8.0,\"fate\":\"WASTED\",\"cost\":0.0,\"depth\":1,\"committedPath\":false}]");
    }

    /** A point or a reading that is no number is left out, not drawn at 0; a bar that is none is a gap (null). */
    @Test
    void figuresThatAreNoNumberAreLeftOutOfThePlots() throws Exception {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        lines.put("both", List.of(new double[]{0, 40}, new double[]{Double.NaN, 1}, new double[]{1, Double.NaN},
                new double[]{2, 38.5}));
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("saved", Arrays.asList(1.5, Double.NaN, null));
        HtmlReport report = new HtmlReport("t", "s")
                .scatter("frontier", "n", List.of(new HtmlReport.Point("fix-2", 0.8, 1.6),
                        new HtmlReport.Point("free", 0.7, Double.NaN), new HtmlReport.Point("odd", Double.NaN, 1)), "time", "cost")
                .series("p95", "n", lines, "s", "ms")
                .bars("bars", "n", List.of("x", "y", "z"), bars, "l", "r", List.of())
                .text("printed", "n", "text");
        assertThat(report.size()).isEqualTo(4);
        List<JsonNode> sections = ReportPages.sections(report);
        assertThat(sections.get(0).get("points").toString()).isEqualTo("[{\"name\":\"fix-2\",\"x\":0.8,\"y\":1.6}]");
        assertThat(sections.get(1).get("lines").toString()).isEqualTo("[{\"name\":\"both\",\"points\":[[0.0,40.0],[2.0,38.5]]}]");
        assertThat(sections.get(2).at("/series/0/values").toString()).isEqualTo("[1.5,null,null]");
        assertThat(sections.get(2).at("/series/0/axis").asText()).isEqualTo("y");
        assertThat(sections.get(3).get("text").asText()).isEqualTo("text");
    }

    /** Half an emoji at the very end of a text (a truncated label) becomes U+FFFD, a whole one stays. */
    @Test
    void anUnpairedSurrogateIsReplacedWhereverItIs() {
        assertThat(HtmlReport.wellFormed("ab\uD83D")).isEqualTo("ab\uFFFD");
        assertThat(HtmlReport.wellFormed("\uDE00ab")).isEqualTo("\uFFFDab");
        assertThat(HtmlReport.wellFormed("a\uD83D\uDE00\uD83D")).isEqualTo("a\uD83D\uDE00\uFFFD");
        assertThat(HtmlReport.wellFormed("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE00");
    }
}
