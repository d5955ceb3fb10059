package dev.specagent.core.planning.predictor;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.DynamicDepth;
import dev.specagent.core.planning.depth.PredictorSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The depth predictor's state features, with and without a state embedder. */
class StateFeaturesTest {

    private static final PlanningTask TASK = new PlanningTask("t", "Given noisy image, how to caption it?");

    /** A deterministic embedder of three dimensions that remembers the texts it saw. */
    private static final class LengthEmbedder implements TextEmbedder {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public double[] embed(String text) {
            seen.add(text);
            return new double[] {3, 4 * (text.length() % 2), 0};
        }
    }

    @Test
    void withoutAnEmbedderTheFeaturesAreTheHashedOnes() {
        StateFeatures plain = new StateFeatures(12);
        StateFeatures none = new StateFeatures(12, TextEmbedder.NONE);
        assertThat(none.dimension()).isEqualTo(plain.dimension()).isEqualTo(4096 + 5);
        SparseVector a = plain.features(TASK, List.of("Image Denoising"), List.of(2));
        SparseVector b = none.features(TASK, List.of("Image Denoising"), List.of(2));
        assertThat(b.indices()).containsExactly(a.indices());
        assertThat(b.values()).containsExactly(a.values());
    }

    @Test
    void theStateTextsEmbeddingFollowsTheNumericSlotsAtUnitLength() {
        LengthEmbedder embedder = new LengthEmbedder();
        StateFeatures features = new StateFeatures(12, embedder);
        assertThat(features.dimension()).isEqualTo(4096 + 5 + 3);
        SparseVector x = features.features(TASK, List.of("Image Denoising", "Image Captioning"), List.of());
        String text = "Given noisy image, how to caption it?\nPrevious history:\nStep 1: Image Denoising\n"
                + "Step 2: Image Captioning\n";
        assertThat(embedder.seen).containsExactly(text);
        int n = x.indices().length;
        assertThat(new int[] {x.indices()[n - 3], x.indices()[n - 2], x.indices()[n - 1]})
                .containsExactly(4096 + 5, 4096 + 6, 4096 + 7);
        double[] expected = text.length() % 2 == 1 ? new double[] {0.6, 0.8, 0} : new double[] {1, 0, 0};
        for (int i = 0; i < 3; i++) {
            assertThat(x.values()[n - 3 + i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void anEmbedderThatBreaksItsDimensionIsABug() {
        TextEmbedder liar = new TextEmbedder() {
            @Override
            public int dimension() {
                return 4;
            }

            @Override
            public double[] embed(String text) {
                return new double[] {1, 2};
            }
        };
        assertThatThrownBy(() -> new StateFeatures(12, liar).features(TASK, List.of(), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("promised 4 dimensions but gave 2");
    }

    @Test
    void theDynamicPolicyAsksTheEmbedderForTheStateItPredicts() {
        LengthEmbedder embedder = new LengthEmbedder();
        try (DynamicDepth policy = DynamicDepth.create("dyn", PredictorSettings.of(0.5, 0), new SimulatedClock(1),
                embedder)) {
            assertThat(policy.predictor().features().dimension()).isEqualTo((1 << 14) + 5 + 3);
            int k = policy.depth(new DepthQuery(TASK, List.of("Image Denoising"), List.of(), 20));
            assertThat(k).isEqualTo(1);
            assertThat(embedder.seen).containsExactly(
                    "Given noisy image, how to caption it?\nPrevious history:\nStep 1: Image Denoising\n");
        }
    }

    @Test
    void theBitsAreCheckedAtTheirBounds() {
        assertThat(new StateFeatures(8).dimension()).isEqualTo(256 + 5);
        assertThat(new StateFeatures(22).dimension()).isEqualTo((1 << 22) + 5);
        assertThatThrownBy(() -> new StateFeatures(7)).hasMessage("bits must be in 8..22, got 7");
        assertThatThrownBy(() -> new StateFeatures(23)).hasMessage("bits must be in 8..22, got 23");
    }

    /** An embedder answering zeros (as one does for a failed remote call) leaves zeros, never NaN. */
    @Test
    void anAllZeroEmbeddingStaysZero() {
        TextEmbedder zeros = new TextEmbedder() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double[] embed(String text) {
                return new double[2];
            }
        };
        SparseVector x = new StateFeatures(12, zeros).features(TASK, List.of("Image Denoising"), List.of(1));
        int n = x.values().length;
        assertThat(new double[] {x.values()[n - 2], x.values()[n - 1]}).containsExactly(0, 0);
    }

    /** An embedder answering {@code vector} for every text. */
    private static TextEmbedder answering(double... vector) {
        return new TextEmbedder() {
            @Override
            public int dimension() {
                return vector.length;
            }

            @Override
            public double[] embed(String text) {
                return vector.clone();
            }
        };
    }

    /** The embedding slots (the last {@code dimension}) of the features of a state under {@code embedder}. */
    private static double[] embeddingSlots(TextEmbedder embedder) {
        double[] values = new StateFeatures(12, embedder).features(TASK, List.of("Image Denoising"), List.of(1)).values();
        return Arrays.copyOfRange(values, values.length - embedder.dimension(), values.length);
    }

    /**
     * A vector holding an infinite or NaN value (an endpoint's JSON may hold 1e999, which reads as infinity) gave NaN
     * features (infinity times the zero scale), which made every later model and prediction NaN; it now gives zeros,
     * as a failed request does. A finite vector whose squares overflow or underflow a double gave zeros; it is now
     * scaled to unit length like any other.
     */
    @Test
    void anEmbeddingOfExtremeOrNonFiniteValuesNeverGivesNaN() {
        assertThat(embeddingSlots(answering(Double.POSITIVE_INFINITY, 1, 0))).containsExactly(0, 0, 0);
        assertThat(embeddingSlots(answering(Double.NaN, 1, 0))).containsExactly(0, 0, 0);
        assertThat(embeddingSlots(answering(1, Double.NEGATIVE_INFINITY, 0))).containsExactly(0, 0, 0);
        double[] huge = embeddingSlots(answering(3e200, -4e200, 0));
        double[] tiny = embeddingSlots(answering(3e-200, 4e-200, 0));
        double[] max = embeddingSlots(answering(Double.MAX_VALUE, -Double.MAX_VALUE));
        for (int i = 0; i < 3; i++) {
            assertThat(huge[i]).isCloseTo(new double[] {0.6, -0.8, 0}[i], within(1e-12));
            assertThat(tiny[i]).isCloseTo(new double[] {0.6, 0.8, 0}[i], within(1e-12));
        }
        assertThat(max[0]).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(max[1]).isCloseTo(-Math.sqrt(0.5), within(1e-12));
    }

    /** No embedder: no embedding, nothing spent. */
    @Test
    void theNoneEmbedderEmbedsNothingAndSpendsNothing() {
        assertThat(TextEmbedder.NONE.embed("anything")).isEmpty();
        assertThat(TextEmbedder.NONE.spent()).isEqualTo(Usage.ZERO);
    }

    /**
     * The hashed part has unit norm; the five numeric slots follow the 2^bits hashed ones and grow with what they
     * describe: the step index, the latest acceptance length, the recent mean, the number of earlier episodes.
     */
    @Test
    void theHashedPartHasUnitNormAndTheNumericSlotsFollowIt() {
        StateFeatures features = new StateFeatures(12);
        SparseVector x = features.features(TASK, List.of("Image Denoising", "Image Captioning"), List.of(1, 3));
        int n = x.indices().length;
        double squares = 0;
        for (int i = 0; i < n - 5; i++) {
            assertThat(x.indices()[i]).isBetween(0, 4095);
            squares += x.values()[i] * x.values()[i];
        }
        assertThat(squares).isCloseTo(1, within(1e-12));
        assertThat(Arrays.copyOfRange(x.indices(), n - 5, n)).containsExactly(4096, 4097, 4098, 4099, 4100);
        assertThat(numeric(features, 3, List.of())[0]).isGreaterThan(numeric(features, 0, List.of())[0]);
        assertThat(numeric(features, 0, List.of(3))[1]).isGreaterThan(numeric(features, 0, List.of(1))[1]);
        double[] rising = numeric(features, 0, List.of(4, 4));
        double[] mixed = numeric(features, 0, List.of(0, 4));
        assertThat(rising[1]).isEqualTo(mixed[1]);
        assertThat(rising[2]).isGreaterThan(mixed[2]);
        assertThat(numeric(features, 0, List.of(2, 2))[4]).isGreaterThan(numeric(features, 0, List.of(2))[4]);
    }

    /** The five numeric features of a state with {@code steps} verified steps and these recent acceptances. */
    private static double[] numeric(StateFeatures features, int steps, List<Integer> recent) {
        List<String> verified = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            verified.add("Step" + i);
        }
        SparseVector x = features.features(TASK, verified, recent);
        int n = x.values().length;
        return Arrays.copyOfRange(x.values(), n - 5, n);
    }
}
