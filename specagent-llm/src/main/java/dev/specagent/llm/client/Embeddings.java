package dev.specagent.llm.client;

import dev.specagent.core.call.Usage;

import java.util.List;

/**
 * The answer of an embeddings request: one vector per input, in input order, and the priced usage
 * (prompt tokens only).
 */
public record Embeddings(List<double[]> vectors, Usage usage) {

    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
