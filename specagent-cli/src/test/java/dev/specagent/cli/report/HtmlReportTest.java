package dev.specagent.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

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
}
