package dev.specagent.core.planning.predictor;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.DynamicDepth;
import dev.specagent.core.planning.depth.PredictorSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
}
