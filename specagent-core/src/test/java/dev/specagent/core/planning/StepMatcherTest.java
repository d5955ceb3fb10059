package dev.specagent.core.planning;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in matchers: which drafts they accept, and which of them may claim a lossless plan. */
class StepMatcherTest {

    @Test
    void exactAgreesOnlyWithTheSameTextAndIsLossless() {
        assertThat(StepMatcher.EXACT.agree("search(x)", "search(x)")).isTrue();
        assertThat(StepMatcher.EXACT.agree("Search(x)", "search(x)")).isFalse();
        assertThat(StepMatcher.EXACT.agree(null, "search(x)")).as("a draft that never came").isFalse();
        assertThat(StepMatcher.EXACT.lossless()).isTrue();
    }

    @Test
    void normalizedIgnoresCaseAndEverythingButLettersAndDigitsAndIsLossy() {
        assertThat(StepMatcher.NORMALIZED.agree("Search( x )", "search(x)")).isTrue();
        assertThat(StepMatcher.NORMALIZED.agree("search(x1)", "search(x2)")).as("digits count").isFalse();
        assertThat(StepMatcher.NORMALIZED.agree("search(x)", "fetch(x)")).isFalse();
        assertThat(StepMatcher.NORMALIZED.agree(null, "search(x)")).isFalse();
        assertThat(StepMatcher.NORMALIZED.agree("search(x)", null)).isFalse();
        assertThat(StepMatcher.NORMALIZED.lossless()).isFalse();
    }
}
