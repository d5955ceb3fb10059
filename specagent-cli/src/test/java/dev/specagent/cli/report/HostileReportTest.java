package dev.specagent.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names, task texts, model answers and error messages that look like markup, placed in every part of a report
 * (title, subtitle, every section kind's headings, notes, labels and cells), stay text: parsed as a browser would
 * (jsoup's HTML5 parser), the page has no parse error, no element or attribute beyond its own, its three
 * executable scripts are exactly the ones its Content-Security-Policy allows, it loads nothing from elsewhere,
 * and every hostile string comes back unchanged from the page's data.
 */
class HostileReportTest {

    static final List<String> HOSTILE = List.of("\"><script>alert(1)</script>", "</script><script>alert(2)</script>",
            "<!--<script>", "<img src=x onerror=alert(3)>", "a & b \u2028 \u2029 ' \"", "]]>", "__DATA__ __CSP__",
            "</SCRIPT ><style>body{display:none}</style>");

    /** Every kind of section, each string of {@link #HOSTILE} in every place that shows text. */
    static HtmlReport hostileReport() {
        HtmlReport report = new HtmlReport(HOSTILE.get(0), HOSTILE.get(1));
        for (String h : HOSTILE) {
            List<LedgerEntry> ledger = List.of(
                    new LedgerEntry(1, Role.ACTOR, h, 0, 1_000_000_000L, Usage.ofCost(0.01), Fate.COMMITTED, 0, -1),
                    new LedgerEntry(2, Role.SPECULATOR, h, 0, 500_000_000L, Usage.ofCost(0.002), Fate.WASTED, 1, 1));
            Map<String, List<Double>> bars = new LinkedHashMap<>();
            bars.put(h, List.of(1.0, 2.0));
            Map<String, List<double[]>> lines = new LinkedHashMap<>();
            lines.put(h, List.of(new double[]{0, 1}, new double[]{1, 2}));
            report.table(h, h, List.of(h, "n"), List.of(List.of(h, "1"), List.of("x", h)))
                    .timeline(h, h, ledger)
                    .bars(h, h, List.of(h, "second " + h), bars, h, h, List.of(h))
                    .scatter(h, h, List.of(new HtmlReport.Point(h, 1, 1)), h, h)
                    .series(h, h, lines, h, h)
                    .text(h, h, h);
        }
        return report;
    }

    /** Parses {@code page} with the HTML5 parser and asserts that it found no error. */
    static Document parseStrictly(String page) {
        Parser parser = Parser.htmlParser().setTrackErrors(20);
        Document doc = Jsoup.parse(page, "", parser);
        assertThat(parser.getErrors()).as("HTML5 parse errors").isEmpty();
        return doc;
    }

    /**
     * The structure every report page has, whatever its content: one title, the subtitle, the empty sections
     * container, and four scripts (the error hook, Chart.js, the data, the renderer), each allowed by the page's
     * policy by its hash; no other element carries an attribute that loads or runs anything.
     */
    static JsonNode assertPageIsOnlyItsOwnMarkup(Document doc) throws Exception {
        assertThat(doc.select("script")).hasSize(4);
        assertThat(doc.select("style")).hasSize(1);
        assertThat(doc.select("title")).hasSize(1);
        assertThat(doc.body().children()).extracting(Element::tagName)
                .containsExactly("h1", "div", "div", "script", "script", "script", "script");
        assertThat(doc.getElementById("sections").childNodeSize()).isZero();
        for (Element e : doc.getAllElements()) {
            e.attributes().forEach(a -> assertThat(a.getKey()).as("attribute of <" + e.tagName() + ">")
                    .isIn("lang", "charset", "http-equiv", "content", "data-charts", "data-errors", "class", "id", "type"));
        }
        String csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        assertThat(csp).startsWith("default-src 'none'; script-src 'sha256-");
        List<String> hashes = new ArrayList<>();
        for (Element script : doc.select("script:not([type])")) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.data().getBytes(StandardCharsets.UTF_8));
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
        }
        assertThat(hashes).hasSize(3);
        assertThat(csp).contains("script-src " + String.join(" ", hashes) + ";");
        Element data = doc.getElementById("report-data");
        assertThat(data.attr("type")).isEqualTo("application/json");
        assertThat(data.data()).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        return CanonicalJson.parse(data.data());
    }

    @Test
    void hostileStringsInEveryPartOfEverySectionKindStayText() throws Exception {
        String page = hostileReport().render();
        Document doc = parseStrictly(page);
        JsonNode data = assertPageIsOnlyItsOwnMarkup(doc);
        assertThat(doc.title()).isEqualTo(HOSTILE.get(0));
        assertThat(doc.selectFirst("h1").text()).isEqualTo(HOSTILE.get(0));
        assertThat(doc.selectFirst("div.meta").text()).isEqualTo(HOSTILE.get(1));
        List<String> texts = new ArrayList<>();
        collectTexts(data, texts);
        assertThat(texts).containsAll(HOSTILE).contains("second " + HOSTILE.get(3));
        JsonNode sections = data.get("sections");
        assertThat(sections).hasSize(6 * HOSTILE.size());
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            for (JsonNode s : List.of(sections.get(6 * i), sections.get(6 * i + 5))) {
                assertThat(s.get("title").asText()).isEqualTo(h);
                assertThat(s.get("note").asText()).isEqualTo(h);
            }
            assertThat(sections.get(6 * i + 1).get("entries").get(0).get("label").asText()).isEqualTo(h);
            assertThat(sections.get(6 * i + 5).get("text").asText()).isEqualTo(h);
        }
        // nothing is fetched: no URL anywhere but in the licence comments of the vendored Chart.js
        assertThat(page.replaceAll("(?s)/\\*!.*?\\*/", "")).doesNotContainPattern("(?i)https?:|//cdn|\\bimport\\(");
    }

    /** Half of a surrogate pair (a model's answer cut inside an emoji) made the whole report unwritable. */
    @Test
    void anUnpairedSurrogateIsWrittenAsAReplacementCharacter(@TempDir Path dir) throws Exception {
        String cut = "answer \uD83D"; // the high half of an emoji, its low half lost
        HtmlReport report = new HtmlReport("title \uDE00", "sub")
                .table("Answers", cut, List.of("answer"), List.of(List.of(cut), List.of("whole \uD83D\uDE00")));
        Path file = dir.resolve("r.html");
        report.write(file);
        Document doc = parseStrictly(Files.readString(file));
        assertThat(doc.title()).isEqualTo("title \uFFFD");
        JsonNode rows = assertPageIsOnlyItsOwnMarkup(doc).get("sections").get(0).get("rows");
        assertThat(rows.get(0).get(0).asText()).isEqualTo("answer \uFFFD");
        assertThat(rows.get(1).get(0).asText()).isEqualTo("whole \uD83D\uDE00");
    }

    /**
     * A control character in the title or subtitle (a NUL or an escape sequence in a recorded game's name, a model
     * name) is no HTML text: a NUL was a parse error, dropped from the heading but U+FFFD in the tab's title. Each is
     * written as U+FFFD, the same in both; tabs and line ends stay.
     */
    @Test
    void controlCharactersInTheTitleAreReplacementCharacters() throws Exception {
        HtmlReport report = new HtmlReport("game a\u0000b\u001b[31mc\u007f\u0085", "sub\u0001\ttab\nline\uFFFE");
        Document doc = parseStrictly(report.render());
        assertPageIsOnlyItsOwnMarkup(doc);
        assertThat(doc.title()).isEqualTo("game a\uFFFDb\uFFFD[31mc\uFFFD\uFFFD");
        assertThat(doc.selectFirst("h1").wholeText()).isEqualTo("game a\uFFFDb\uFFFD[31mc\uFFFD\uFFFD");
        assertThat(doc.selectFirst("div.meta").wholeText()).isEqualTo("sub\uFFFD\ttab\nline\uFFFD");
    }

    private static void collectTexts(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> collectTexts(child, into));
    }
}
