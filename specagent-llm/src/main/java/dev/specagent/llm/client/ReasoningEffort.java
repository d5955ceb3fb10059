package dev.specagent.llm.client;

import java.util.List;

/**
 * The reasoning efforts a chat request may ask for ({@code reasoning_effort}): one check, so that every place that
 * takes one (an {@link LlmEndpoint}'s default, a speculator's) refuses the same values with the same message.
 */
public final class ReasoningEffort {

    /** The efforts the API knows, least first. */
    public static final List<String> VALUES = List.of("minimal", "low", "medium", "high");

    private ReasoningEffort() {
    }

    /**
     * {@code value} itself, when it is null (none asked for) or one of {@link #VALUES}.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static String check(String value) {
        if (value != null && !VALUES.contains(value)) {
            throw new IllegalArgumentException("reasoning effort must be minimal, low, medium or high: " + value);
        }
        return value;
    }
}
