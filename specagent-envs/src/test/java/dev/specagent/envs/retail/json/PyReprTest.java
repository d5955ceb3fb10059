package dev.specagent.envs.retail.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PyRepr} against CPython 3.11's {@code repr}, expected strings printed by CPython. */
class PyReprTest {

    @Test
    void valuesAsPythonShowsThem() {
        assertThat(PyRepr.repr(CanonicalJson.valueOf(Arrays.asList("a", "it's", 1.5, null, true,
                CanonicalJson.object("k", List.of(Double.POSITIVE_INFINITY))))))
                .isEqualTo("['a', \"it's\", 1.5, None, True, {'k': [inf]}]");
        assertThat(PyRepr.repr(CanonicalJson.valueOf(List.of(1, 2)))).isEqualTo("[1, 2]");
        assertThat(PyRepr.repr(JsonNodeFactory.instance.numberNode(1e20))).isEqualTo("1e+20");
    }

    @Test
    void stringsQuotedAndEscapedAsPythonDoes() {
        String[][] cases = {
                {"a'b\"c", "'a\\'b\"c'"},
                {"tab\there\n", "'tab\\there\\n'"},
                {"\u0000\u007f\u0085\u00a0\u00e9", "'\\x00\\x7f\\x85\\xa0\u00e9'"},
                {"\u2028\u200b\ue000\ud800", "'\\u2028\\u200b\\ue000\\ud800'"},
                {"\uD83D\uDE00\uDB40\uDC01", "'\uD83D\uDE00\\U000e0001'"},
                {"\\", "'\\\\'"},
                {"'", "\"'\""},
                {"\"it's", "'\"it\\'s'"},
                {"a b~", "'a b~'"},
        };
        for (String[] c : cases) {
            StringBuilder out = new StringBuilder();
            PyRepr.string(c[0], out);
            assertThat(out.toString()).as(c[1]).isEqualTo(c[1]);
        }
    }
}
