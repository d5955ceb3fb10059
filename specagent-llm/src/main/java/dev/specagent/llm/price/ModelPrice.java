package dev.specagent.llm.price;

import dev.specagent.core.call.Usage;

/**
 * The price of one model in US dollars per million tokens: input (prompt) tokens, output (generated,
 * including reasoning) tokens, and input tokens served from the provider's prompt cache. Each is from 0
 * to {@link #MAX_PER_MILLION}.
 */
public record ModelPrice(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion) {

    /**
     * The highest price accepted, US$1,000 per million tokens: several times the dearest model sold
     * (US$600 per million output tokens as of 2025), so a larger number is a typo or a price per token.
     */
    public static final double MAX_PER_MILLION = 1000;

    /** A model that costs nothing (a local server). */
    public static final ModelPrice FREE = new ModelPrice(0, 0, 0);

    public ModelPrice {
        if (!isPrice(inputPerMillion) || !isPrice(outputPerMillion) || !isPrice(cachedInputPerMillion)) {
            throw new IllegalArgumentException("prices must be US dollars per million tokens from 0 to "
                    + MAX_PER_MILLION + ": " + inputPerMillion + "/" + outputPerMillion + "/" + cachedInputPerMillion);
        }
    }

    /** Whether {@code perMillion} is a price this type accepts (NaN is not). */
    public static boolean isPrice(double perMillion) {
        return perMillion >= 0 && perMillion <= MAX_PER_MILLION;
    }

    /**
     * The cost of {@code prompt} input tokens, {@code cached} of them from the cache (so
     * {@code cached <= prompt}), and {@code completion} output tokens.
     */
    public double cost(long prompt, long cached, long completion) {
        long cachedPart = Math.min(cached, prompt);
        return ((prompt - cachedPart) * inputPerMillion + cachedPart * cachedInputPerMillion
                + completion * outputPerMillion) / 1e6;
    }

    /** {@code tokens} priced: a {@link Usage} with the same counts and its cost. */
    public Usage price(long prompt, long cached, long completion) {
        return new Usage(prompt, completion, Math.min(cached, prompt), cost(prompt, cached, completion));
    }
}
