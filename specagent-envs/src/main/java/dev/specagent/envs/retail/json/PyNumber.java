package dev.specagent.envs.retail.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Python number arithmetic on JSON number nodes, so that written values keep Python's int/float
 * distinction ({@code 60} stays an int, {@code 60 + 1.5} becomes a float, {@code round(x, 2)} of a float
 * is the correctly rounded float, of an int the int). Integral nodes are ints, booleans the ints 1 and 0 (as
 * Python's {@code True + 1} is {@code 2}), all others floats.
 */
public final class PyNumber {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PyNumber() {
    }

    /** The int {@code 0}. */
    public static JsonNode zero() {
        return NODES.numberNode(0);
    }

    /** {@code a + b}. */
    public static JsonNode add(JsonNode a, JsonNode b) {
        if (isInt(a) && isInt(b)) {
            return NODES.numberNode(intValue(a).add(intValue(b)));
        }
        return DoubleNode.valueOf(floatValue(a) + floatValue(b));
    }

    /** {@code a - b}. */
    public static JsonNode subtract(JsonNode a, JsonNode b) {
        if (isInt(a) && isInt(b)) {
            return NODES.numberNode(intValue(a).subtract(intValue(b)));
        }
        return DoubleNode.valueOf(floatValue(a) - floatValue(b));
    }

    /** {@code abs(a)}. */
    public static JsonNode abs(JsonNode a) {
        return isInt(a) ? NODES.numberNode(intValue(a).abs()) : DoubleNode.valueOf(Math.abs(a.doubleValue()));
    }

    /** {@code round(a, 2)}: ints unchanged (a bool becomes its int), floats rounded half-even on their exact binary value (as CPython). */
    public static JsonNode round2(JsonNode a) {
        return a.isIntegralNumber() ? a : a.isBoolean() ? NODES.numberNode(intValue(a))
                : DoubleNode.valueOf(round(a.doubleValue(), 2));
    }

    /** {@code round(x, digits)} of a Python float. */
    public static double round(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        double r = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
        return r == 0 ? Math.copySign(0.0, x) : r;
    }

    /** {@code a < b} for numbers: an int and a float are compared exactly, as Python does, not as two doubles. */
    public static boolean less(JsonNode a, JsonNode b) {
        boolean aInt = isInt(a);
        boolean bInt = isInt(b);
        if (aInt && bInt) {
            return intValue(a).compareTo(intValue(b)) < 0;
        }
        if (!aInt && !bInt) {
            return a.doubleValue() < b.doubleValue();
        }
        double f = aInt ? b.doubleValue() : a.doubleValue();
        if (!Double.isFinite(f)) { // NaN compares false; every int lies between -inf and inf
            return (aInt ? 0 : f) < (bInt ? 0 : f);
        }
        return exact(a).compareTo(exact(b)) < 0;
    }

    /** {@code a > 0}. */
    public static boolean positive(JsonNode a) {
        return isInt(a) ? intValue(a).signum() > 0 : a.doubleValue() > 0;
    }

    /** The int of an int or bool node (Jackson's {@code bigIntegerValue} of a boolean is 0). */
    private static BigInteger intValue(JsonNode n) {
        return n.isBoolean() ? (n.booleanValue() ? BigInteger.ONE : BigInteger.ZERO) : n.bigIntegerValue();
    }

    /** {@code float(n)}; a bool is 1.0 or 0.0. */
    private static double floatValue(JsonNode n) {
        return n.isBoolean() ? (n.booleanValue() ? 1.0 : 0.0) : n.doubleValue();
    }

    private static BigDecimal exact(JsonNode n) {
        return isInt(n) ? new BigDecimal(intValue(n)) : new BigDecimal(n.doubleValue());
    }

    private static boolean isInt(JsonNode n) {
        return n.isIntegralNumber() || n.isBoolean();
    }
}
