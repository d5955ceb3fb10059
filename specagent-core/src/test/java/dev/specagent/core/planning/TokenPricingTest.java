package dev.specagent.core.planning;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Token prices: a linear price per million input and output tokens, and GPT-4.1-mini's as documented. */
class TokenPricingTest {

    @Test
    void aPerMillionPriceChargesInputAndOutputTokensLinearly() {
        TokenPricing price = TokenPricing.perMillion(2, 8);
        assertThat(price.costUsd(1_000_000, 0)).isCloseTo(2, within(1e-12));
        assertThat(price.costUsd(0, 1_000_000)).isCloseTo(8, within(1e-12));
        assertThat(price.costUsd(500_000, 250_000)).isCloseTo(1 + 2, within(1e-12));
        assertThat(price.costUsd(0, 0)).isZero();
    }

    @Test
    void gpt41MiniCosts40CentsPerMillionInputAnd160PerMillionOutputTokens() {
        assertThat(TokenPricing.GPT_4_1_MINI.costUsd(1_000_000, 0)).isCloseTo(0.40, within(1e-12));
        assertThat(TokenPricing.GPT_4_1_MINI.costUsd(0, 1_000_000)).isCloseTo(1.60, within(1e-12));
        assertThat(TokenPricing.GPT_4_1_MINI.costUsd(905, 130)).isCloseTo((905 * 0.40 + 130 * 1.60) / 1e6, within(1e-15));
    }
}
