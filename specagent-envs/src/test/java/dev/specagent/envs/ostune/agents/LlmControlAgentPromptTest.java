package dev.specagent.envs.ostune.agents;

import dev.specagent.core.lossy.CompressedHistory;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.SafetyEnvelope;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatMessage;
import dev.specagent.llm.client.LlmEndpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The numbers the LLM agents are shown, for a knob in nanoseconds: the envelope stated in the prompt's own notation
 * (50000000), not Java's (5.0E7) beside it, and so in the correction after a value outside it, where a model that
 * answered in milliseconds needs the bounds read at a glance.
 */
class LlmControlAgentPromptTest {

    static final SafetyEnvelope NS = new SafetyEnvelope(100_000, 50_000_000, 10_000_000);

    private static String user(List<ChatMessage> messages) {
        return messages.stream().filter(m -> m.role().equals("user")).map(ChatMessage::content).reduce("", String::concat);
    }

    @Test
    void theEnvelopeOfAKnobInNanosecondsIsWrittenOutInBothPrompts() {
        CompressedHistory history = new CompressedHistory("min_granularity_ns", "ns", NS, 3_000_000, 12, List.of(),
                List.of(), Optional.empty(), 0);
        HybridContext hybrid = new HybridContext("min_granularity_ns", "ns", NS, 3_000_000, 12, Optional.empty(), List.of(),
                List.of());
        try (ChatClient unstarted = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", "m")).build()) {
            for (String prompt : List.of(user(LlmControlAgent.actor(unstarted).request(history).messages()),
                    user(LlmControlAgent.speculator(unstarted).request(hybrid).messages()))) {
                assertThat(prompt).contains("must stay within [100000, 50000000] ns and change by at most 10000000 per write")
                        .doesNotContainPattern("\\dE\\d");
            }
        }
    }

    @Test
    void aValueOutsideTheEnvelopeIsRefusedWithTheBoundsWrittenOut() {
        assertThatThrownBy(() -> ConfigAnswer.parse("Analysis: 4 ms.\nConfig: {\"min_granularity_ns\": 4}",
                "min_granularity_ns", NS, "ns"))
                .hasMessageContaining("value 4 of \"min_granularity_ns\" is outside the envelope [100000, 50000000] ns");
        assertThatThrownBy(() -> ConfigAnswer.parse("Config: {\"min_granularity_ns\": 2e8}", "min_granularity_ns", NS, "ns"))
                .hasMessageContaining("value 200000000 of");
    }
}
