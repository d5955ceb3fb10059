package dev.specagent.core.call;

/**
 * What one call attempt consumed: prompt (input) tokens, generated (output) tokens, the part of
 * the prompt tokens served from a provider's cache, and the money it cost in US dollars.
 * Non-negative, and the money finite (an infinite cost would make every figure computed from it NaN);
 * {@link #ZERO} for calls that cost nothing (a local engine, a simulated step).
 */
public record Usage(long promptTokens, long completionTokens, long cachedPromptTokens, double costUsd) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0.0);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedPromptTokens < 0 || costUsd < 0 || !Double.isFinite(costUsd)) {
            throw new IllegalArgumentException("usage must be non-negative and finite: " + promptTokens + "/" + completionTokens
                    + "/" + cachedPromptTokens + "/" + costUsd);
        }
    }

    /** A usage that only costs money. */
    public static Usage ofCost(double costUsd) {
        return new Usage(0, 0, 0, costUsd);
    }

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                cachedPromptTokens + other.cachedPromptTokens, costUsd + other.costUsd);
    }

    /**
     * What a running total spent since it was {@code earlier}: this minus {@code earlier}, each part at least 0
     * (so rounding in the dollars never makes it negative).
     */
    public Usage since(Usage earlier) {
        return new Usage(Math.max(0, promptTokens - earlier.promptTokens),
                Math.max(0, completionTokens - earlier.completionTokens),
                Math.max(0, cachedPromptTokens - earlier.cachedPromptTokens), Math.max(0, costUsd - earlier.costUsd));
    }
}
