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
}
