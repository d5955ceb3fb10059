package dev.specagent.llm.agent;

import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link AnswerText} sets aside around a model's answer, and what it leaves for the parser to refuse. */
class AnswerTextTest {

    @Test
    void aLeadingThinkBlockIsDroppedAndAnUnclosedOneIsAllReasoning() {
        assertThat(AnswerText.withoutThinking("<think>\n[d2d4]?\n</think>\n\n[e2e4]")).isEqualTo("\n\n[e2e4]");
        assertThat(AnswerText.withoutThinking(" \n<THINK>a</Think>b")).isEqualTo("b");
        assertThat(AnswerText.withoutThinking("<thinking>a</thinking>b")).isEqualTo("b");
        assertThat(AnswerText.withoutThinking("reasoning without its opening tag</think>b")).isEqualTo("b");
        assertThat(AnswerText.withoutThinking("<think>cut at the token limit [e2e4]")).isEmpty();
        assertThat(AnswerText.withoutThinking("<think>a</think>b</think>c")).isEqualTo("b</think>c");
        // not leading: the answer itself, left as it is
        for (String kept : List.of("[e2e4] <think>x</think>", "I say <think> then </think>", "", "no tags")) {
            assertThat(AnswerText.withoutThinking(kept)).as(kept).isEqualTo(kept);
        }
        assertThat(AnswerText.withoutThinking(null)).isNull();
    }

    @Test
    void theOneJsonValueIsTakenFromAFenceOrProse() {
        String json = "{\"a\": [1, {\"b\": \"}\"}]}";
        for (String wrapped : List.of(json, " " + json + "\n", "```json\n" + json + "\n```", "```" + json + "```",
                "Here it is: " + json + "\nDone.", "<think>{\"a\": 2}</think>\n" + json, "`" + json + "`")) {
            assertThat(AnswerText.json(wrapped)).as(wrapped).isEqualTo(json);
        }
        assertThat(AnswerText.json("Sure: [1, 2]")).isEqualTo("[1, 2]");
    }

    @Test
    void aTrailingCommaIsReadAndAnEmptyAnswerIsAMissingValue() {
        assertThat(AnswerText.jsonValue("Here: {\"a\": [1, 2,], \"b\": 1e999,}")).isEqualTo(
                CanonicalJson.parse("{\"a\": [1, 2], \"b\": 1e999}"));
        assertThat(AnswerText.jsonValue(" ").isMissingNode()).isTrue();
        assertThatThrownBy(() -> AnswerText.jsonValue("[1,,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not valid JSON at ");
    }

    @Test
    void twoValuesOrABracketInTheProseGiveNoJsonValue() {
        for (String ambiguous : List.of("{\"a\": 1} {\"a\": 2}", "See [1]: {\"a\": 1}", "{\"a\": 1} (or [2])",
                "```json\n{\"a\": 1}\n```\n```json\n{\"a\": 2}\n```", "{\"a\": 1}]")) {
            assertThatThrownBy(() -> CanonicalJson.parse(AnswerText.json(ambiguous))).as(ambiguous)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(AnswerText.json("no JSON here")).isEqualTo("no JSON here");
        assertThat(AnswerText.json(null)).isEmpty();
        assertThat(AnswerText.json("} backwards {")).isEqualTo("} backwards {");
    }
}
