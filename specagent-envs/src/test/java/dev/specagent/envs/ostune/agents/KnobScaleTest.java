package dev.specagent.envs.ostune.agents;

import dev.specagent.core.lossy.SafetyEnvelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The local optimisers' coordinate: log scale over positive envelopes, the 1 % sameness rule, 3-digit rounding. */
class KnobScaleTest {

    @Test
    void searchesInTheLogOnlyWhenTheEnvelopeIsPositive() {
        KnobScale positive = KnobScale.of(new SafetyEnvelope(0.5, 100, 50));
        assertThat(positive.log()).isTrue();
        assertThat(positive.toU(Math.E)).isCloseTo(1, within(1e-12));
        assertThat(positive.toValue(positive.toU(37))).isCloseTo(37, within(1e-9));
        KnobScale fromZero = KnobScale.of(new SafetyEnvelope(0, 100, 50));
        assertThat(fromZero.log()).isFalse();
        assertThat(fromZero.toU(37)).isEqualTo(37);
        assertThat(fromZero.toValue(37)).isEqualTo(37);
    }

    @Test
    void valuesWithinOnePercentAreTheSameOthersAreNot() {
        assertThat(KnobScale.same(100, 101)).isTrue();
        assertThat(KnobScale.same(101, 100)).isTrue();
        assertThat(KnobScale.same(100, 101.5)).isFalse();
        assertThat(KnobScale.same(100, 98)).isFalse();
        assertThat(KnobScale.same(0, 0)).isTrue();
        assertThat(KnobScale.same(0, 1e-6)).isFalse();
    }

    @Test
    void roundsToThreeSignificantDigits() {
        assertThat(KnobScale.round3(123.456)).isEqualTo(123);
        assertThat(KnobScale.round3(0.012345)).isCloseTo(0.0123, within(1e-12));
        assertThat(KnobScale.round3(98_765)).isEqualTo(98_800);
        assertThat(KnobScale.round3(-4.5678)).isCloseTo(-4.57, within(1e-12));
        assertThat(KnobScale.round3(0)).isZero();
    }
}
