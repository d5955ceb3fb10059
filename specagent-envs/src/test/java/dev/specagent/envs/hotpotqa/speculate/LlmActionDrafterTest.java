package dev.specagent.envs.hotpotqa.speculate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
