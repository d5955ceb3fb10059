package dev.specagent.envs.retail.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.envs.retail.json.PyRepr;

import java.util.ArrayList;
import java.util.List;

/**
 * The keyword arguments of one tool call. Values are read the way the Python tools use them: a string
 * parameter given as another JSON type (a number, a boolean, null) becomes a marked string that no record
 * key can equal, so lookups fail as they do in the reference, and that {@link #str} and {@link #repr} show
 * as Python shows the value ({@code 5}, {@code True}, {@code None}). A list or dict is also unhashable: used as a
 * dict key ({@link #key}, {@link #requireHashable}) it fails with Python's {@code TypeError}. A real string that
 * starts with one of the marks is escaped, so it stays a string.
 */
public final class ToolArgs {

    private final ObjectNode kwargs;

    /** Starts the string made of a non-string value, followed by Python's {@code str} of the value. */
    private static final char NOT_A_STRING = '\u0000';

    /** Starts the string made of a list or dict, followed by Python's {@code str} of the value. */
    private static final char UNHASHABLE = '\u0001';

    /** Starts a real string that itself starts with one of these three marks, so it is never taken for a mark. */
    private static final char ESCAPED = '\u0002';

    public ToolArgs(ObjectNode kwargs) {
        this.kwargs = kwargs;
    }

    /** The raw JSON value of {@code name} (present: checked by {@link RetailTools}). */
    public JsonNode raw(String name) {
        return kwargs.get(name);
    }

    /** The string value of {@code name}; a non-string value yields a string no record key can equal. */
    public String string(String name) {
        JsonNode v = kwargs.get(name);
        return v != null && v.isTextual() ? text(v.textValue()) : notAString(v);
    }

    /**
     * The value of {@code name} used as a dict key ({@code value in table}): as {@link #string}, but a list or
     * dict fails as Python's {@code TypeError: unhashable type}.
     */
    public String key(String name) {
        return requireHashable(string(name));
    }

    /** {@code value}, unless it was made of a list or dict, which Python cannot look up in a dict. */
    public static String requireHashable(String value) {
        if (!value.isEmpty() && value.charAt(0) == UNHASHABLE) {
            throw new ToolError("unhashable type: '" + (value.charAt(1) == '[' ? "list" : "dict") + "'");
        }
        return value;
    }

    /**
     * The list of strings of {@code name}, as Python iterates the value: a list by its elements (non-string
     * elements become strings no key can equal), a string by its characters, a dict by its keys.
     */
    public List<String> strings(String name) {
        JsonNode v = kwargs.get(name);
        List<String> out = new ArrayList<>();
        if (v != null && v.isTextual()) {
            v.textValue().codePoints().forEach(cp -> out.add(text(Character.toString(cp))));
            return out;
        }
        if (v != null && v.isObject()) {
            v.fieldNames().forEachRemaining(k -> out.add(text(k)));
            return out;
        }
        if (v == null || !v.isArray()) {
            throw new ToolError("'" + typeName(name) + "' object is not iterable");
        }
        for (JsonNode e : v) {
            out.add(e.isTextual() ? text(e.textValue()) : notAString(e));
        }
        return out;
    }

    /**
     * As {@link #strings}, for a value the reference iterates while calling its {@code count} method
     * ({@code for x in ids: ids.count(x)}): a list and a string have one, a non-empty dict has none.
     */
    public List<String> countedStrings(String name) {
        List<String> out = strings(name);
        if (!out.isEmpty() && kwargs.get(name).isObject()) {
            throw new ToolError("'dict' object has no attribute 'count'");
        }
        return out;
    }

    /** Python's {@code str(value)} of a value read by {@link #string} or {@link #strings}. */
    public static String str(String value) {
        return isMarked(value) ? value.substring(1) : value;
    }

    /** Python's {@code repr(value)}, as a {@code KeyError} shows it: a string quoted, any other value bare. */
    public static String repr(String value) {
        if (isMarked(value) && value.charAt(0) != ESCAPED) {
            return value.substring(1);
        }
        StringBuilder out = new StringBuilder();
        PyRepr.string(str(value), out);
        return out.toString();
    }

    private static boolean isMarked(String value) {
        return !value.isEmpty() && value.charAt(0) <= ESCAPED;
    }

    /** A real string as this class hands it out: escaped when it starts with a mark. */
    private static String text(String s) {
        return isMarked(s) ? ESCAPED + s : s;
    }

    private static String notAString(JsonNode v) {
        String shown;
        if (v == null || v.isNull()) {
            shown = "None";
        } else if (v.isBoolean()) {
            shown = v.booleanValue() ? "True" : "False";
        } else if (v.isIntegralNumber()) {
            shown = v.bigIntegerValue().toString();
        } else if (v.isNumber()) {
            shown = PyRepr.floatRepr(v.doubleValue());
        } else {
            return UNHASHABLE + PyRepr.repr(v); // a list or dict
        }
        return NOT_A_STRING + shown;
    }

    /** Python's type name of the value of {@code name}: {@code str}, {@code int}, {@code list}, {@code NoneType}, .... */
    public String typeName(String name) {
        return typeName(kwargs.get(name));
    }

    /** Python's type name of a JSON value (absent: {@code NoneType}). */
    public static String typeName(JsonNode v) {
        if (v == null || v.isNull()) {
            return "NoneType";
        }
        if (v.isTextual()) {
            return "str";
        }
        if (v.isArray()) {
            return "list";
        }
        if (v.isIntegralNumber()) {
            return "int";
        }
        if (v.isNumber()) {
            return "float";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isObject()) {
            return "dict";
        }
        return "NoneType";
    }
}
