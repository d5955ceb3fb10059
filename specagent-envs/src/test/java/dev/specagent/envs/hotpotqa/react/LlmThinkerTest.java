package dev.specagent.envs.hotpotqa.react;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the actor model's answer into a think value, and the refusals that ask it again. */
class LlmThinkerTest {

    private static ChatResponse answer(String content, String finishReason, long reasoningTokens) {
        return new ChatResponse("id", "actor-m", content, "", null, finishReason, Usage.ZERO, reasoningTokens, true, 0, 0,
                null);
    }

    @Test
    void anAnswerIsItsThoughtAndAction() {
        assertThat(ThoughtAction.fromJson(LlmThinker.value(answer("Thought 1: t\nAction 1: Search[A]", "stop", 0))))
                .isEqualTo(new ThoughtAction("t", "Search[A]"));
    }

    @Test
    void anAnswerWithoutActionThatWasNotCutIsKeptAsAnInvalidAction() {
        assertThat(ThoughtAction.fromJson(LlmThinker.value(answer("Thought 1: t\nAction 1: I give up", "stop", 0))))
                .isEqualTo(new ThoughtAction("t", "I give up"));
    }

    @Test
    void anEmptyAnswerIsRefusedSayingWhetherItWasCutAndAfterHowMuchReasoning() {
        assertThatThrownBy(() -> LlmThinker.value(answer(" ", "stop", 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the answer is empty");
        assertThatThrownBy(() -> LlmThinker.value(answer(null, "length", 350)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the answer is empty, cut at the request's token limit (400) after 350 reasoning tokens");
    }

    @Test
    void anAnswerThatIsOnlyAThinkBlockIsRefusedAsEmpty() {
        // it was the model's step: its text an invalid action, answered "Invalid action" instead of asking again
        assertThatThrownBy(() -> LlmThinker.value(answer("<think>Action 1: Search[A]? Maybe.</think>\n", "stop", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the answer is empty after its <think> block");
    }

    @Test
    void anAnswerCutBeforeAnyActionIsRefused() {
        assertThatThrownBy(() -> LlmThinker.value(answer("Thought 1: I need to", "length", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the answer holds no Search/Lookup/Finish action, cut at the request's token limit (400)");
    }
}
