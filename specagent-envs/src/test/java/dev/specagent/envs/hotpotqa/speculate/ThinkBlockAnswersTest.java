package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.call.Usage;
import dev.specagent.envs.hotpotqa.react.ReactPrompt;
import dev.specagent.envs.hotpotqa.react.ThoughtAction;
import dev.specagent.envs.hotpotqa.tools.ReactText;
import dev.specagent.llm.client.ChatResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HotpotQA readers of a reasoning model's answer that writes its reasoning first, in a {@code <think>} block (a
 * model served without a reasoning parser): the actions and sentences of the block are ones the model considered, not
 * its answer. The actor took the block's first labelled action for its step, the drafter drafted the block's actions
 * when the answer had no label, and the observation guesser's page began with the reasoning.
 */
class ThinkBlockAnswersTest {

    private static final String THINKING = "<think>\nAction 2: Search[Ed Wood]? No. Observation 1: nothing. Maybe "
            + "Finish[yes].\n</think>\n\n";

    @Test
    void theActorsStepIsTheAnswersNotTheThinkBlocks() {
        assertThat(ReactPrompt.parseActorAnswer(THINKING + "Thought 2: I look him up.\nAction 2: Search[Scott Derrickson]"))
                .isEqualTo(new ThoughtAction("I look him up.", "Search[Scott Derrickson]"));
    }

    @Test
    void theDraftsAreTheAnswersNotTheThinkBlocks() {
        assertThat(LlmActionDrafter.parse(THINKING + "Search[Scott Derrickson], Lookup[director]", 3))
                .containsExactly("Search[Scott Derrickson]", "Lookup[director]");
    }

    @Test
    void theGuessedPageIsTheAnswersNotTheThinkBlocks() {
        String page = "Scott Derrickson (born July 16, 1966) is an American director.";
        ChatResponse answer = new ChatResponse("id", "m", "<think>The user wants a page. Scott is a director.</think>\n"
                + page, "", null, "stop", Usage.ZERO, 0, true, 0, 0, null);
        assertThat(LlmObservationGuesser.observation(answer)).isEqualTo(ReactText.pageObservation(page))
                .startsWith("Scott Derrickson");
    }
}
