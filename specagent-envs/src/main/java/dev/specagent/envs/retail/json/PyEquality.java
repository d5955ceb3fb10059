package dev.specagent.envs.retail.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code ==} between two JSON values as {@code json.loads} gives them: numbers by value across int,
 * float and bool ({@code 1 == 1.0 == True}, an int and a float compared exactly), strings by content, lists
 * element by element, dicts by their keys and values whatever the order, {@code None} only to {@code None}.
 * Stateless and thread-safe.
 */
public final class PyEquality {

    private PyEquality() {
    }

    /** {@code a == b}. */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (isNumber(a) && isNumber(b)) {
            return numbersEqual(a, b);
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().equals(b.textValue());
        }
        if (a.isNull() && b.isNull()) {
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isNumber(JsonNode n) {
        return n.isNumber() || n.isBoolean();
    }

    private static boolean numbersEqual(JsonNode a, JsonNode b) {
        boolean aInt = !a.isNumber() || a.isIntegralNumber();
        boolean bInt = !b.isNumber() || b.isIntegralNumber();
        if (aInt && bInt) {
            return intValue(a).equals(intValue(b));
        }
        if (!aInt && !bInt) {
            return a.doubleValue() == b.doubleValue();
        }
        double d = aInt ? b.doubleValue() : a.doubleValue();
        BigInteger i = intValue(aInt ? a : b);
        return Double.isFinite(d) && new BigDecimal(d).compareTo(new BigDecimal(i)) == 0;
    }

    private static BigInteger intValue(JsonNode n) {
        return n.isBoolean() ? (n.booleanValue() ? BigInteger.ONE : BigInteger.ZERO) : n.bigIntegerValue();
    }
}
