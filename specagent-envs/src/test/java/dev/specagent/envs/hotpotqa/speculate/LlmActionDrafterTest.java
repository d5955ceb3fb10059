package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a drafting model's answer: the distinct actions after its last Action label, at most k. */
class LlmActionDrafterTest {

    @Test
    void theDraftsAreTheDistinctActionsAfterTheLastActionLabelAtMostK() {
        String answer = "Thought 2: Search[Thought] is wrong.\nAction 1: Search[Old]\nAction 2: Search[B], lookup[b], "
                + "search[b], Finish[C]";

        assertThat(LlmActionDrafter.parse(answer, 5)).containsExactly("Search[B]", "Lookup[b]", "Finish[C]");
        assertThat(LlmActionDrafter.parse(answer, 2)).containsExactly("Search[B]", "Lookup[b]");
    }

    @Test
    void withoutAnActionLabelEveryActionOfTheAnswerCounts() {
        assertThat(LlmActionDrafter.parse("Search[A], Finish[B]", 3)).containsExactly("Search[A]", "Finish[B]");
        assertThat(LlmActionDrafter.parse("no idea", 3)).isEmpty();
        assertThat(LlmActionDrafter.parse(null, 3)).isEmpty();
    }
    private static ChatResponse answer(String content, String finishReason) {
        return new ChatResponse("id", "draft-m", content, "", null, finishReason, Usage.ZERO, 0, true, 0, 0, null);
    }

    @Test
    void anAnswerNamingNoActionIsRefusedNamingTheModelAndQuotingTheAnswer() {
        assertThat(LlmActionDrafter.drafts(answer("Action 2: Search[A]", "stop"), 3, "draft-m")).containsExactly("Search[A]");
        assertThatThrownBy(() -> LlmActionDrafter.drafts(answer("I am not sure", "stop"), 3, "draft-m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model draft-m: the answer names no Search/Lookup/Finish action: 'I am not sure'");
        assertThatThrownBy(() -> LlmActionDrafter.drafts(answer(" ", "length"), 3, "draft-m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("model draft-m: the answer names no "
                        + "Search/Lookup/Finish action (cut at the request's token limit): (empty)");
    }
}
