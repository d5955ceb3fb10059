package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JsonOutput} writes a figure that is no number as null, however it reaches the output, and the command
 * line writes JSON through nothing else.
 */
class JsonOutputTest {

    /** A strict reader: Jackson's defaults refuse NaN and Infinity tokens. */
    private static final JsonMapper STRICT = new JsonMapper();

    record Figures(double ratio, Double boxed, float share, double[] series) {
    }

    @Test
    void nonFiniteNumbersAreNullWhereverTheyAre() throws IOException {
        ObjectNode o = JsonOutput.object();
        o.put("nan", Double.NaN).put("inf", Double.POSITIVE_INFINITY).put("ninf", Double.NEGATIVE_INFINITY)
                .put("fnan", Float.NaN).put("finite", 1.5);
        o.putArray("list").add(Double.NaN).add(2.0);
        o.putObject("nested").put("mean", 0.0 / 0);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("saved_pct", Double.NaN);
        map.put("figures", new Figures(Double.POSITIVE_INFINITY, Double.NaN, Float.NEGATIVE_INFINITY,
                new double[]{1, Double.NaN}));
        o.set("tree", JsonOutput.valueToTree(map));

        for (String text : List.of(JsonOutput.line(o), o.toString(), JsonOutput.pretty(o), o.toPrettyString(),
                JsonOutput.line(map))) {
            assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
            STRICT.readTree(text); // valid JSON
        }
        JsonNode back = STRICT.readTree(o.toString());
        assertThat(back.get("nan").isNull()).isTrue();
        assertThat(back.get("inf").isNull()).isTrue();
        assertThat(back.get("ninf").isNull()).isTrue();
        assertThat(back.get("fnan").isNull()).isTrue();
        assertThat(back.get("finite").asDouble()).isEqualTo(1.5);
        assertThat(back.get("list").get(0).isNull()).isTrue();
        assertThat(back.get("list").get(1).asDouble()).isEqualTo(2.0);
        assertThat(back.at("/nested/mean").isNull()).isTrue();
        assertThat(back.at("/tree/saved_pct").isNull()).isTrue();
        assertThat(back.at("/tree/figures/ratio").isNull()).isTrue();
        assertThat(back.at("/tree/figures/boxed").isNull()).isTrue();
        assertThat(back.at("/tree/figures/share").isNull()).isTrue();
        assertThat(back.at("/tree/figures/series/0").asDouble()).isEqualTo(1.0);
        assertThat(back.at("/tree/figures/series/1").isNull()).isTrue();
        JsonNode direct = STRICT.readTree(JsonOutput.line(map));
        assertThat(direct.at("/figures/series/1").isNull()).isTrue();
        assertThat(direct.at("/figures/boxed").isNull()).isTrue();
    }

    @Test
    void aNodeFromElsewhereSetIntoAnOutputTreeIsWrittenTheSameWay() throws IOException {
        ObjectNode foreign = new JsonMapper().createObjectNode().put("accuracy", Double.NaN);
        ObjectNode o = JsonOutput.object();
        o.set("per_tool", foreign);
        assertThat(STRICT.readTree(o.toString()).at("/per_tool/accuracy").isNull()).isTrue();
    }

    @Test
    void objectKeepsTheOrderGivenAndRefusesAnOddCount() {
        assertThat(JsonOutput.object("b", 1, "a", List.of("x"), "c", null).toString())
                .isEqualTo("{\"b\":1,\"a\":[\"x\"],\"c\":null}");
        assertThatThrownBy(() -> JsonOutput.object("a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Indented text of the same tree, from an object or an array however it was made. */
    @Test
    void prettyTextIsIndentedAndReadsBackAsTheSameTree() throws IOException {
        ObjectNode o = JsonOutput.object().put("ratio", Double.NaN).put("share", 0.5f);
        o.set("sized", o.arrayNode(2).add(Double.NaN).add(1));
        o.putArray("plain").add(2);
        JsonNode expected = STRICT.readTree("{\"ratio\":null,\"share\":0.5,\"sized\":[null,1],\"plain\":[2]}");
        for (String text : List.of(JsonOutput.pretty(o), o.toPrettyString())) {
            assertThat(text).contains("\n  \"ratio\" : null");
            assertThat(STRICT.readTree(text)).isEqualTo(expected);
        }
        assertThat(o.get("sized").toString()).isEqualTo("[null,1]");
        assertThat(STRICT.readTree(o.get("sized").toPrettyString())).isEqualTo(expected.get("sized"));
        assertThat(o.get("sized").toPrettyString()).isEqualTo("[ null, 1 ]");
    }

    /** What writes or builds JSON past {@link JsonOutput}, whose NaN would then print as "NaN". */
    private static final Pattern BYPASS = Pattern.compile("new (com\\.fasterxml\\.jackson\\.databind\\.)?ObjectMapper\\("
            + "|JsonMapper\\.builder|JsonNodeFactory\\.instance|CanonicalJson\\.(MAPPER|object|valueOf)\\b"
            + "|writeValueAsString|writerWithDefaultPrettyPrinter");

    /** Model answers of a synthetic trace, not output: their exact text is what the replay matches. */
    private static final List<String> ALLOWED = List.of("JsonOutput.java", "SyntheticChainTrace.java");

    @Test
    void theCommandLineWritesJsonOnlyThroughJsonOutput() throws IOException {
        List<String> found = MainSourceLines.matching(ALLOWED, line -> BYPASS.matcher(line).find());
        assertThat(found).as("JSON built or written past JsonOutput (a NaN would print as \"NaN\")").isEmpty();
    }
}
