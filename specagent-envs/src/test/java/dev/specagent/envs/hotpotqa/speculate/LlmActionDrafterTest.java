package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a drafting model's answer: the distinct actions of its last labelled line from its first Action label, at most k. */
class LlmActionDrafterTest {

    @Test
    void theDraftsAreTheDistinctActionsAfterTheLastActionLabelAtMostK() {
        String answer = "Thought 2: Search[Thought] is wrong.\nAction 1: Search[Old]\nAction 2: Search[B], lookup[b], "
                + "search[b], Finish[C]";

        assertThat(LlmActionDrafter.parse(answer, 5)).containsExactly("Search[B]", "Lookup[b]", "Finish[C]");
        assertThat(LlmActionDrafter.parse(answer, 2)).containsExactly("Search[B]", "Lookup[b]");
    }

    /**
     * The word Action inside an action's brackets is part of an argument, not a label: before, it was taken for the last
     * label, so a draft of an entity such as Action Comics was read as no action (the pipeline failed) or as the actions
     * after it.
     */
    @Test
    void anActionInsideAnArgumentIsNoLabel() {
        assertThat(LlmActionDrafter.parse("Thought 3: The comic.\nAction 3: Search[Action Comics]", 3))
                .containsExactly("Search[Action Comics]");
        assertThat(LlmActionDrafter.parse("Action 3: Search[Lights, Camera, Action!], Lookup[Affirmative Action], "
                + "Finish[Action Bronson]", 3))
                .containsExactly("Search[Lights, Camera, Action!]", "Lookup[Affirmative Action]", "Finish[Action Bronson]");
    }

    /**
     * Candidates written on one line each after its own label, as a recorded top-3 draft of the paper's runs
     * ({@code agent_gemini-2.5-flash_top3}, Amazing Stories): all three are drafts, most likely first. Before, only the
     * actions after the line's last label were, so the two most likely were lost.
     */
    @Test
    void candidatesLabelledOneByOneOnTheLastLabelledLineAreAllDrafts() {
        String recorded = "I need to search Amazing Stories and Aquarium Fish International, and find which one is devoted "
                + "more to hobbies related to physical activities.\n[Action 1: Search[Amazing Stories], Action 1: "
                + "Search[Aquarium Fish International], Action 1: Lookup[physical activities]]";

        assertThat(LlmActionDrafter.parse(recorded, 3)).containsExactly("Search[Amazing Stories]",
                "Search[Aquarium Fish International]", "Lookup[physical activities]");
        assertThat(LlmActionDrafter.parse(recorded, 1)).containsExactly("Search[Amazing Stories]");
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
