package dev.specagent.envs.retail.json;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.specagent.envs.retail.RetailData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte-identity of {@link PyJson} with CPython 3.11's {@code json.dumps}; expected strings were produced by CPython. */
class PyJsonTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build(); // Infinity, as json.dumps writes it

    @Test
    void floatsAreWrittenAsPythonRepr() throws Exception {
        String python = "[0.1, 1.0, 1e-05, 1e+16, 1.5e+16, 123456789012345.6, 0.0001, 0.00012345, -2.5, 1e+22, "
                + "5e-324, 1.7976931348623157e+308, 100.0, 47.84, 536.65, 1000000000000000.0, 9999999999999998.0, "
                + "-352334.4703336753, 1.9042373856706296e-05, 3.429809771892957e-08, 8.706114278724661e+18, "
                + "0.006506744613803092, 1.4784715980497067e+23, 4.269665198756601e-09, 22698947907.73395, "
                + "0.0016164227294436842, 291611858359195.9, 4.2639523725726043e+20, 3.1617864561924484e+16, "
                + "24409280532401.0, 12992972.4221992, 10000000.0, 9999999.999999998, 0.001, 1e-10, 1.2345678e-07, "
                + "Infinity, -Infinity]";
        assertThat(PyJson.dumps(MAPPER.readTree(python))).isEqualTo(python);
        assertThat(PyJson.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PyJson.floatRepr(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void stringsAreEscapedLikeEnsureAscii() throws Exception {
        String text = "h\u00e9llo \uD83D\uDE00 \u007f \u0001 \"q\" \\ /\n\t~";
        var node = MAPPER.createArrayNode().add(text);
        assertThat(PyJson.dumps(node))
                .isEqualTo("[\"h\\u00e9llo \\ud83d\\ude00 \\u007f \\u0001 \\\"q\\\" \\\\ /\\n\\t~\"]");
    }

    @Test
    void separatorsAndKeyOrderFollowPython() throws Exception {
        String json = "{\"b\": 1, \"a\": [true, false, null, {\"z\": \"x\", \"y\": 2.5}], \"c\": {}}";
        assertThat(PyJson.dumps(MAPPER.readTree(json))).isEqualTo(json);
    }

    @Test
    void theWholeDatabaseDumpsExactlyAsPythonDoes() {
        // SHA-256 over key + json.dumps(record) + "\n" of users, orders and products, computed with CPython.
        assertThat(RetailData.database().contentHash())
                .isEqualTo("e96b6d4b1530a81ac8898713554bad8ea456d0c9f0b8c76f7170d5333486ca09");
    }
}
