package dev.specagent.core.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whole numbers in JSON read from files and servers (step numbers, token counts): the number a value states, never
 * another one, as Jackson's {@link JsonNode#asLong()} would give ({@code 2.5} as 2, {@code "12"} as 12, {@code 1e30}
 * as {@link Long#MAX_VALUE}, {@code 18446744073709551621} as 5).
 */
public final class JsonCounts {

    private JsonCounts() {
    }

    /** Whether {@code value} is a whole number within the range of a long, written as an integer or as {@code 12.0}. */
    public static boolean isWhole(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong();
        }
        double d = value.asDouble();
        return value.isNumber() && d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63;
    }

    /** Whether {@code value} is a count: a whole number ({@link #isWhole}) from 0 to {@link Long#MAX_VALUE}. */
    public static boolean isCount(JsonNode value) {
        return isWhole(value) && value.asLong() >= 0;
    }
}
