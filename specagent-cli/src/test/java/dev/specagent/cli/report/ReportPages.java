package dev.specagent.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a written report as a browser would (jsoup's HTML5 parser): its sections, as the page's script draws them. */
public final class ReportPages {

    private ReportPages() {
    }

    /** The sections of the report in {@code file}, after checking that the page is only its own markup. */
    public static List<JsonNode> sections(Path file) throws Exception {
        Document doc = HostileReportTest.parseStrictly(Files.readString(file));
        JsonNode data = HostileReportTest.assertPageIsOnlyItsOwnMarkup(doc);
        List<JsonNode> sections = new ArrayList<>();
        data.get("sections").forEach(sections::add);
        return sections;
    }

    /** The sections of {@code report} as its page would hold them, after the same check as {@link #sections(Path)}. */
    public static List<JsonNode> sections(HtmlReport report) throws Exception {
        JsonNode data = HostileReportTest.assertPageIsOnlyItsOwnMarkup(HostileReportTest.parseStrictly(report.render()));
        List<JsonNode> sections = new ArrayList<>();
        data.get("sections").forEach(sections::add);
        return sections;
    }

    /** The one section titled {@code title}. */
    public static JsonNode section(Path file, String title) throws Exception {
        List<JsonNode> found = sections(file).stream().filter(s -> s.get("title").asText().equals(title)).toList();
        assertThat(found).as("sections titled '" + title + "' in " + file).hasSize(1);
        return found.get(0);
    }

    /** The rows of the table section titled {@code title}, each a list of its cells' texts. */
    public static List<List<String>> rows(Path file, String title) throws Exception {
        return rows(section(file, title));
    }

    /** The rows of a table section, each a list of its cells' texts. */
    public static List<List<String>> rows(JsonNode table) {
        List<List<String>> rows = new ArrayList<>();
        table.get("rows").forEach(r -> {
            List<String> row = new ArrayList<>();
            r.forEach(c -> row.add(c.asText()));
            rows.add(row);
        });
        return rows;
    }

    /** The cell of {@code row} under the header {@code header} of the table section titled {@code title}. */
    public static String cell(Path file, String title, int row, String header) throws Exception {
        JsonNode table = section(file, title);
        List<String> headers = new ArrayList<>();
        table.get("headers").forEach(h -> headers.add(h.asText()));
        assertThat(headers).as("the headers of '" + title + "'").contains(header);
        return rows(table).get(row).get(headers.indexOf(header));
    }

    /**
     * What the report says the command printed, which must be {@code stdout} up to the line naming the report
     * (printed after the report was written).
     */
    public static void assertShowsWhatWasPrinted(Path file, String stdout) throws Exception {
        String printed = section(file, "What the command printed").get("text").asText();
        int reportLine = stdout.indexOf("\nreport: ");
        assertThat(printed).isEqualTo(reportLine < 0 ? stdout : stdout.substring(0, reportLine + 1));
    }
}
