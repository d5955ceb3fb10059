package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The next-tool model: learned from the last two tools, backed off to the last one and to frequencies. */
class ToolTransitionsTest {

    private static Transcript after(String... tools) {
        Transcript t = Transcript.empty();
        for (String tool : tools) {
            t = t.withCall(new ToolCallRecord(tool, CanonicalJson.object(), "ok"));
        }
        return t;
    }

    @Test
    void theLastTwoToolsDecideWhatComesNext() {
        ToolTransitions model = new ToolTransitions();
        for (int i = 0; i < 20; i++) {
            model.observe(after("a", "b"), "c");
            model.observe(after("x", "b"), "d");
        }
        // After b, c and d are equally likely; after a then b, c is.
        assertThat(model.probability(ToolTransitions.contexts(after("a", "b")), "c", 4, 2.0))
                .isGreaterThan(0.9)
                .isGreaterThan(model.probability(ToolTransitions.contexts(after("x", "b")), "c", 4, 2.0) * 10);
    }

    @Test
    void anUnseenContextFallsBackToTheLastToolThenToFrequenciesAndEveryToolStaysPossible() {
        ToolTransitions model = new ToolTransitions();
        for (int i = 0; i < 10; i++) {
            model.observe(after("a", "b"), "c");
        }
        assertThat(model.probability(ToolTransitions.contexts(after("z", "b")), "c", 3, 2.0)).isGreaterThan(0.5);
        double unknown = model.probability(ToolTransitions.contexts(after("q")), "never-called", 3, 2.0);
        assertThat(unknown).isPositive().isLessThan(0.2);
        double total = 0;
        for (String tool : new String[] {"c", "never-called", "other"}) {
            total += model.probability(ToolTransitions.contexts(Transcript.empty()), tool, 3, 2.0);
        }
        assertThat(total).as("a distribution over the known tools").isCloseTo(1.0, within(0.1));
    }
}
