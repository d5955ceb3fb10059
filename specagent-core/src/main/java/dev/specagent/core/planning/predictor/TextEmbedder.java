package dev.specagent.core.planning.predictor;

import dev.specagent.core.call.Usage;

/**
 * Embeds a planning state's text as a dense vector, for extra features of the depth predictor (in live
 * mode, an embeddings endpoint). Contract: thread-safe; {@link #embed} always returns {@link #dimension()}
 * finite values and does not throw for a failed remote call (an implementation answers zeros then, so a
 * plan never fails for a feature); the same text should give the same vector.
 */
public interface TextEmbedder {

    /** No embedding: dimension 0, the hashed features alone. */
    TextEmbedder NONE = new TextEmbedder() {
        @Override
        public int dimension() {
            return 0;
        }

        @Override
        public double[] embed(String text) {
            return new double[0];
        }
    };

    /** The length of every vector {@link #embed} returns. */
    int dimension();

    /** The vector of {@code text}. */
    double[] embed(String text);

    /** What this embedder's requests have cost so far ({@link Usage#ZERO} for a local one). */
    default Usage spent() {
        return Usage.ZERO;
    }
}
