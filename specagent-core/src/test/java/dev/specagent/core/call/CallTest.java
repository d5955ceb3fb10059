package dev.specagent.core.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallTest {

    @Test
    void equalityIgnoresKeyOrderAndNumberSpelling() {
        Call a = Call.parse("get_order", "{\"order_id\": \"#W1\", \"n\": 1, \"nested\": {\"b\": 2.0, \"a\": [1, 2]}}");
        Call b = Call.parse("get_order", "{\"nested\": {\"a\": [1.0, 2], \"b\": 2}, \"n\": 1e0, \"order_id\": \"#W1\"}");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.canonicalArgs()).isEqualTo("{\"n\":1,\"nested\":{\"a\":[1,2],\"b\":2},\"order_id\":\"#W1\"}");
    }

    @Test
    void integralNumbersAreEqualHoweverSpelledUpToAndBeyondTheLongRange() {
        for (String[] same : new String[][]{{"1000000000000000000", "1e18"}, {"1000000000000000000", "1000000000000000000.0"},
                {"100000000000000000000", "1e20"}, {"-1e18", "-1000000000000000000"}}) {
            assertThat(Call.parse("f", "{\"n\": " + same[0] + "}")).as(same[0] + " vs " + same[1])
                    .isEqualTo(Call.parse("f", "{\"n\": " + same[1] + "}"));
        }
        assertThat(Call.parse("f", "{\"n\": 1e18}")).isNotEqualTo(Call.parse("f", "{\"n\": 1000000000000000001}"));
    }

    @Test
    void differentToolsOrValuesDiffer() {
        assertThat(Call.of("a", "x", 1)).isNotEqualTo(Call.of("b", "x", 1));
        assertThat(Call.of("a", "x", 1)).isNotEqualTo(Call.of("a", "x", "1"));
        assertThat(Call.of("a", "x", 1.5)).isNotEqualTo(Call.of("a", "x", 1));
        assertThat(Call.of("a", "x", List.of(1, 2))).isNotEqualTo(Call.of("a", "x", List.of(2, 1)));
    }

    @Test
    void keysAndValuesThatDoNotPairUpAreAClearError() {
        assertThatThrownBy(() -> Call.of("lookup", "order", "A1", "customer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key, value pairs expected, got 3 arguments: the key String customer has no value");
        assertThatThrownBy(() -> Call.of("lookup", 1, "A1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key, value pairs expected: argument 0 is a key, so a String, but is Integer 1");
        assertThatThrownBy(() -> Call.of("lookup", "order", "A1", null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key, value pairs expected: argument 2 is a key, so a String, but is null");
        assertThat(Call.of("lookup", "order", null).canonicalArgs()).isEqualTo("{\"order\":null}");
    }

    @Test
    void malformedArgumentsAreAClearError() {
        assertThatThrownBy(() -> Call.parse("t", "{\"a\": "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON at line 1, column 7: ");
    }

    @Test
    void textAfterTheArgumentsIsAnErrorNotDropped() {
        // Jackson reads the first value and ignores the rest unless told otherwise: {"a": 1}{"b": 2} was {"a": 1}
        assertThatThrownBy(() -> Call.parse("t", "{\"a\": 1}{\"b\": 2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not valid JSON at line 1, column 9: a second JSON value follows the first (only one is allowed)");
        assertThatThrownBy(() -> Call.parse("t", "{\"a\": 1} junk"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON at line 1, column 14: ")
                .hasMessageContaining("'junk'");
        assertThatThrownBy(() -> CanonicalJson.parse("1 2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not valid JSON at line 1, column 3: ");
        assertThat(Call.parse("t", " {\"a\": 1} \n\t").canonicalArgs()).isEqualTo("{\"a\":1}");
    }

    @Test
    void outcomesCompareValuesCanonically() {
        Call call = Call.of("t");
        Outcome a = new Outcome(call, CanonicalJson.parse("{\"x\": 1.0, \"y\": \"z\"}"), Usage.ZERO);
        Outcome b = new Outcome(call, CanonicalJson.parse("{\"y\": \"z\", \"x\": 1}"), new Usage(1, 2, 0, 0.5));
        assertThat(a.sameResult(b)).isTrue();
        assertThat(new Outcome(call, CanonicalJson.valueOf("e2e4"), Usage.ZERO).text()).isEqualTo("e2e4");
    }

    @Test
    void usageAddsUpAndRejectsNegatives() {
        assertThat(new Usage(1, 2, 0, 0.25).plus(new Usage(3, 4, 1, 0.5))).isEqualTo(new Usage(4, 6, 1, 0.75));
        assertThatThrownBy(() -> new Usage(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sideEffectClassesDecideSpeculation() {
        assertThat(SideEffect.READ_ONLY.speculativeAllowed(false)).isTrue();
        assertThat(SideEffect.IDEMPOTENT.speculativeAllowed(false)).isTrue();
        assertThat(SideEffect.REVERSIBLE.speculativeAllowed(false)).isFalse();
        assertThat(SideEffect.REVERSIBLE.speculativeAllowed(true)).isTrue();
        assertThat(SideEffect.IRREVERSIBLE.speculativeAllowed(true)).isFalse();
    }

    /**
     * A per-tool table without a class for the tools it does not list, or with a tool mapped to null, is refused when
     * it is made, naming what is missing. It was accepted, classified those tools as null, and the run that met one
     * failed with "run failed: java.lang.NullPointerException: Cannot invoke SideEffect.speculativeAllowed(boolean)
     * because effect is null".
     */
    @Test
    void aSideEffectTableWithoutAClassIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> SideEffects.byTool(Map.of("lookup", SideEffect.READ_ONLY), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("otherwise")
                .hasMessageContaining("tools the table does not list");
        Map<String, SideEffect> table = new HashMap<>();
        table.put("lookup", SideEffect.READ_ONLY);
        table.put("book", null);
        assertThatThrownBy(() -> SideEffects.byTool(table, SideEffect.IRREVERSIBLE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'book'");
    }

    /**
     * A table with a null tool name (a HashMap filled from a config whose name was missing) was refused with a bare
     * NullPointerException from Map.copyOf, and a null table with one from forEach, neither saying what was wrong.
     */
    @Test
    void aSideEffectTableWithANullToolOrNoTableIsRefusedSayingSo() {
        Map<String, SideEffect> table = new HashMap<>();
        table.put("lookup", SideEffect.READ_ONLY);
        table.put(null, SideEffect.IRREVERSIBLE);
        assertThatThrownBy(() -> SideEffects.byTool(table, SideEffect.IRREVERSIBLE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("null tool name")
                .hasMessageContaining("IRREVERSIBLE");
        assertThatThrownBy(() -> SideEffects.byTool(null, SideEffect.IRREVERSIBLE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("table");
    }

    /**
     * The canonical form is one tree per value, however it was spelled or built (an int from the parser, a long from
     * Java, a double or a decimal with trailing zeros), up to the ends of the long range.
     */
    @Test
    void oneValueHasOneCanonicalTree() {
        var f = JsonNodeFactory.instance;
        JsonNode[][] same = {
                {CanonicalJson.parse("1"), CanonicalJson.valueOf(1L)},
                {CanonicalJson.parse("5.0"), CanonicalJson.parse("5")},
                {f.numberNode(new BigDecimal("-9223372036854775808.0")), CanonicalJson.parse("-9223372036854775808")},
                {f.numberNode(new BigDecimal("9223372036854775807.00")), CanonicalJson.parse("9223372036854775807")},
                {CanonicalJson.parse("{\"b\": [2.50], \"a\": 1}"), CanonicalJson.parse("{\"a\": 1.0, \"b\": [2.5]}")}};
        for (JsonNode[] pair : same) {
            assertThat(CanonicalJson.canonicalize(pair[0])).as(pair[0] + " vs " + pair[1])
                    .isEqualTo(CanonicalJson.canonicalize(pair[1]));
        }
        assertThat(Call.parse("t", "{\"n\": 1}").args()).isEqualTo(Call.of("t", "n", 1).args());
    }

    /** A double that is an integer in the long range has that integer's exact value, not its shortest spelling's. */
    @Test
    void anIntegralDoubleEqualsTheLongOfItsExactValue() {
        var f = JsonNodeFactory.instance;
        long twoTo60 = 1L << 60;
        assertThat(CanonicalJson.equal(f.numberNode((double) twoTo60), f.numberNode(twoTo60))).isTrue();
        assertThat(CanonicalJson.equal(CanonicalJson.parse("1.152921504606846976E18"), f.numberNode(twoTo60))).isTrue();
        assertThat(CanonicalJson.equal(f.numberNode((double) twoTo60), f.numberNode(twoTo60 + 4))).isFalse();
        assertThat(CanonicalJson.equal(f.numberNode(-0x1p63), f.numberNode(Long.MIN_VALUE))).isTrue();
        assertThat(CanonicalJson.equal(f.numberNode(0x1p63), f.numberNode(Long.MAX_VALUE))).isFalse();
        assertThat(CanonicalJson.toCanonicalString(f.numberNode(-0.0))).isEqualTo("0");
        assertThat(CanonicalJson.toCanonicalString(f.numberNode(2.5f))).isEqualTo("2.5");
    }

    @Test
    void fractionsAndNumbersBeyondTheLongRangeKeepTheirValue() {
        assertThat(Call.parse("t", "{\"x\": 1.50, \"y\": -0.25}").canonicalArgs()).isEqualTo("{\"x\":1.5,\"y\":-0.25}");
        assertThat(CanonicalJson.parse(Call.parse("t", "{\"n\": 100000000000000000000}").canonicalArgs()).get("n")
                .decimalValue()).isEqualByComparingTo("1e20");
    }

    /**
     * An integer beyond the long range whose digits a double cannot hold (927469416811800249406260, 24 digits ending in
     * a zero) reads back from its canonical text as the same call. Its text was {@code 9.2746941681180024940626E+23},
     * which the parser reads as the double 9.274694168118002E+23, another value: {@code Call.parse(tool,
     * call.canonicalArgs())} was a different call. Integers a double holds keep their short spelling ({@code 1E+20}).
     */
    @Test
    void theCanonicalTextOfABigIntegerReadsBackAsTheSameCall() {
        for (String n : new String[]{"927469416811800249406260", "-927469416811800249406260", "1" + "0".repeat(400),
                "123456789012345678901234567890000000000000000000"}) {
            Call call = Call.parse("t", "{\"id\": " + n + "}");
            assertThat(Call.parse("t", call.canonicalArgs())).as(n).isEqualTo(call);
            assertThat(new BigDecimal(CanonicalJson.parse(call.canonicalArgs()).get("id").asText()))
                    .isEqualByComparingTo(n);
        }
        assertThat(Call.parse("t", "{\"n\": 100000000000000000000}").canonicalArgs()).isEqualTo("{\"n\":1E+20}");
        assertThat(Call.parse("t", "{\"n\": 1.7e308}").canonicalArgs()).isEqualTo("{\"n\":1.7E+308}");
    }

    /**
     * A number beyond the double range (1e400) reads as infinity, as Python's json reads it; canonicalising it threw
     * NumberFormatException, so a recorded or guessed call holding one stopped the run. All such numbers of one sign
     * are one value, and the canonical text reads back as the same call.
     */
    @Test
    void aNumberBeyondTheDoubleRangeIsInfinity() {
        Call big = Call.parse("t", "{\"x\": 1e400}");
        assertThat(big).isEqualTo(Call.parse("t", "{\"x\": 2.5E999}"))
                .isNotEqualTo(Call.parse("t", "{\"x\": -1e400}")).isNotEqualTo(Call.parse("t", "{\"x\": 1.7e308}"));
        assertThat(Call.parse("t", big.canonicalArgs())).isEqualTo(big);
        assertThat(big.args().get("x").doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Call.parse("t", "{\"x\": -1e400}").args().get("x").doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Call.of("t", "x", Double.POSITIVE_INFINITY)).isEqualTo(big);
    }

    /** A null or missing tree is JSON null, at the top as inside. */
    @Test
    void aNullOrMissingTreeIsJsonNull() {
        assertThat(CanonicalJson.toCanonicalString(null)).isEqualTo("null");
        assertThat(CanonicalJson.toCanonicalString(MissingNode.getInstance()))
                .isEqualTo("null");
        assertThat(Call.of("t", (JsonNode) null).canonicalArgs()).isEqualTo("null");
    }

    @Test
    void aCallOfATreeEqualsTheCallOfItsText() {
        Call call = Call.of("t", CanonicalJson.parse("{\"b\": 2, \"a\": [1.0]}"));
        assertThat(call).isEqualTo(Call.parse("t", "{\"a\":[1],\"b\":2}"));
        assertThat(call.tool()).isEqualTo("t");
    }

    /** The canonical text is valid JSON: strings are escaped as JSON requires, and nothing else is. */
    @Test
    void stringsAreEscapedAsJsonRequiresAndNoMore() {
        String text = "a b\"c\\d\n\r\t\u0001\u001f~é";
        Call call = Call.of("t", "s", text);
        assertThat(call.canonicalArgs()).isEqualTo("{\"s\":\"a b\\\"c\\\\d\\n\\r\\t\\u0001\\u001f~é\"}");
        assertThat(CanonicalJson.parse(call.canonicalArgs()).get("s").textValue()).isEqualTo(text);
    }

    /** Binary values (a byte[] argument) are written as their base64 text, as Jackson writes them. */
    @Test
    void binaryValuesAreWrittenAsTheirBase64Text() {
        Call call = Call.of("t", "data", new byte[]{1, 2, 3});
        assertThat(call.canonicalArgs()).isEqualTo("{\"data\":\"AQID\"}");
        assertThat(call.canonicalArgs()).isEqualTo(Call.of("t", "data", "AQID").canonicalArgs());
    }

    /**
     * Two equal calls hand their actor the same argument tree: bytes as their base64 text, a wrapped object as its
     * JSON (it used to be written as null, so it equalled a null argument), never a node an actor reads otherwise.
     */
    @Test
    void equalCallsHandOutTheSameArgumentTree() {
        Call bytes = Call.of("t", "data", JsonNodeFactory.instance.binaryNode(new byte[]{1, 2, 3}));
        assertThat(bytes).isEqualTo(Call.of("t", "data", "AQID"));
        assertThat(bytes.args().get("data").isTextual()).isTrue();
        assertThat(bytes.args()).isEqualTo(Call.of("t", "data", "AQID").args());

        Call wrapped = Call.of("t", "p", JsonNodeFactory.instance.pojoNode(Map.of("a", 1, "b", new byte[]{1, 2, 3})));
        assertThat(wrapped.canonicalArgs()).isEqualTo("{\"p\":{\"a\":1,\"b\":\"AQID\"}}");
        assertThat(wrapped).isNotEqualTo(Call.of("t", "p", null));
        assertThat(wrapped.args()).isEqualTo(Call.parse("t", "{\"p\": {\"b\": \"AQID\", \"a\": 1}}").args());
    }
}
