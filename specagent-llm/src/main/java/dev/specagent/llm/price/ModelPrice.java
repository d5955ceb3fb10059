package dev.specagent.llm.price;

import dev.specagent.core.call.Usage;

/**
 * The price of one model in US dollars per million tokens: input (prompt) tokens, output (generated,
 * including reasoning) tokens, and input tokens served from the provider's prompt cache.
 */
public record ModelPrice(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion) {

    /** A model that costs nothing (a local server). */
    public static final ModelPrice FREE = new ModelPrice(0, 0, 0);

    public ModelPrice {
        if (!(inputPerMillion >= 0 && outputPerMillion >= 0 && cachedInputPerMillion >= 0)
                || Double.isInfinite(inputPerMillion + outputPerMillion + cachedInputPerMillion)) {
            throw new IllegalArgumentException("prices must be finite non-negative numbers: " + inputPerMillion + "/"
                    + outputPerMillion + "/" + cachedInputPerMillion);
        }
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
