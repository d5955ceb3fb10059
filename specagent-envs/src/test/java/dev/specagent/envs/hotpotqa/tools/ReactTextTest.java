package dev.specagent.envs.hotpotqa.tools;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The texts the environment shows as the reference's Python shows them. */
class ReactTextTest {

    @Test
    void aListIsWrittenAsPythonsReprQuotingEachTitleAsPythonWould() {
        assertThat(ReactText.pythonList(List.of())).isEqualTo("[]");
        assertThat(ReactText.pythonList(List.of("Ed Wood", "It's", "Say \"hi\"", "It's \"x\"", "a\\b")))
                .isEqualTo("['Ed Wood', \"It's\", 'Say \"hi\"', 'It\\'s \"x\"', 'a\\\\b']");
    }

    /** Python's strip() takes every blank it knows, the no-break ones and U+0085 too; Java's strip() leaves those. */
    @Test
    void sentencesAreStrippedOfTheBlanksPythonStripsNoBreakSpacesIncluded() {
        assertThat(ReactText.sentences("Ann sings. \u00a0Bob plays\n\u00a0\u202f\nCarl\u2007\u0085"))
                .containsExactly("Ann sings.", "Bob plays.", "Carl.");
        assertThat(ReactText.pageObservation("\u00a0\nA. \u00a0. B")).isEqualTo("A. B.");
        assertThat(ReactText.sentences("New\u00a0York. \u200bZero")).containsExactly("New\u00a0York.", "\u200bZero.");
    }
}
