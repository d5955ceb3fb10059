package dev.specagent.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.data.JsonCounts;

/**
 * A token count of a server's {@code usage} object, read as the number it states: a whole number from 0 to
 * {@link Long#MAX_VALUE} (written {@code 12} or {@code 12.0}), or 0 when it is absent or null. Anything else is
 * refused rather than read as another count, as {@link JsonNode#asLong(long)} would: {@code 12.7} as 12,
 * {@code "12"} as 12, {@code true} as 1, {@code 18446744073709551621} as 5 (wrapped modulo 2^64), {@code 1e30} as
 * {@link Long#MAX_VALUE}.
 */
final class TokenCount {

    private TokenCount() {
    }

    /**
     * The count at {@code path} (dot-separated, such as {@code prompt_tokens_details.cached_tokens}) of {@code usage}.
     *
     * @throws IllegalArgumentException naming {@code usage.<path>} and its value when it is not such a count
     */
    static long of(JsonNode usage, String path) {
        JsonNode value = usage;
        for (String part : path.split("\\.")) {
            value = value.path(part);
        }
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        boolean whole = JsonCounts.isWhole(value);
        if (whole && value.asLong() < 0) {
            throw new IllegalArgumentException("negative token counts (usage." + path + " is " + value + ")");
        }
        if (!whole) {
            throw new IllegalArgumentException("a token count that is not a whole number from 0 to " + Long.MAX_VALUE
                    + " (usage." + path + " is " + WireFormat.abbreviate(value.toString()) + ")");
        }
        return value.asLong();
    }
}
