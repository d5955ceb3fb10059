package dev.specagent.envs.retail.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code repr} of a JSON value as {@code json.loads} gives it: {@code None}, {@code True}, ints, floats
 * ({@code 1e+20}, {@code inf}), strings quoted and escaped as Python quotes them ({@code 'a'}, {@code "it's"},
 * {@code '\n'}, {@code '\x00'}), lists {@code [1, 'a']} and dicts {@code {'k': 1}}. For a list or dict this is
 * also its {@code str}, which error messages such as {@code f"Error: {item_id} not found"} show.
 * Stateless and thread-safe.
 */
public final class PyRepr {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PyRepr() {
    }

    /** {@code repr(value)}. */
    public static String repr(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.append(first ? "" : ", ");
                    first = false;
                    string(e.getKey(), out);
                    out.append(": ");
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    out.append(i > 0 ? ", " : "");
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue() ? "True" : "False");
            case NUMBER -> out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString() : floatRepr(node.doubleValue()));
            default -> out.append("None");
        }
    }

    /** {@code repr(float)}: as in JSON but for {@code inf}, {@code -inf} and {@code nan}. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return PyJson.floatRepr(d);
    }

    /** {@code repr(str)}: single quotes unless the text holds a single quote and no double quote. */
    public static void string(String s, StringBuilder out) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').append((char) cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp >= ' ' && cp < 0x7f || cp > 0x7f && printable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp < 0x100) {
                out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 15]);
            } else if (cp < 0x10000) {
                out.append("\\u");
                hex(cp, 4, out);
            } else {
                out.append("\\U");
                hex(cp, 8, out);
            }
        }
        out.append(quote);
    }

    /** Python's {@code str.isprintable} of one character: not a control, format, surrogate, private, unassigned or separator. */
    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    private static void hex(int cp, int digits, StringBuilder out) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX[(cp >> shift) & 15]);
        }
    }
}
