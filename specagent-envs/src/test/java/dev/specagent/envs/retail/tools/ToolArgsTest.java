package dev.specagent.envs.retail.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ToolArgs}: Python's type names, and {@code str(KeyError(value))} of each kind of value, from CPython 3.11. */
class ToolArgsTest {

    @Test
    void typeNamesAsPythonNamesThem() {
        var args = new ToolArgs(CanonicalJson.object("s", "x", "l", List.of(), "i", 5, "f", 1.5, "b", true,
                "d", CanonicalJson.object(), "n", null));
        String[][] expected = {{"s", "str"}, {"l", "list"}, {"i", "int"}, {"f", "float"}, {"b", "bool"}, {"d", "dict"},
                {"n", "NoneType"}, {"absent", "NoneType"}};
        for (String[] e : expected) {
            assertThat(args.typeName(e[0])).as(e[0]).isEqualTo(e[1]);
        }
        assertThat(ToolArgs.typeName(JsonNodeFactory.instance.missingNode())).isEqualTo("NoneType");
    }

    @Test
    void aKeyErrorShowsAStringQuotedAndAnyOtherValueBare() {
        var args = new ToolArgs(CanonicalJson.object("i", 5, "s", "a", "q", "it's", "n", null, "b", true, "f", 1.5,
                "m", "\u0001[x", "l", Arrays.asList(1, "a")));
        String[][] expected = {{"i", "5"}, {"s", "'a'"}, {"q", "\"it's\""}, {"n", "None"}, {"b", "True"},
                {"f", "1.5"}, {"m", "'\\x01[x'"}};
        for (String[] e : expected) {
            assertThat(ToolError.keyError(args.string(e[0])).getMessage()).as(e[0]).isEqualTo(e[1]);
        }
        assertThat(ToolArgs.str(args.string("m"))).isEqualTo("\u0001[x");
        assertThat(ToolArgs.str(args.string("l"))).isEqualTo("[1, 'a']");
    }
}
