package dev.specagent.llm.replay;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cancel of a {@link SimulatedChatModel} call returns, as a {@link dev.specagent.llm.client.ChatClient} on the
 * replay server would: the recorded prompt, and the completion tokens streamed by then, which for a request that does
 * not stream are none (its answer comes whole at the end).
 */
class SimulatedChatModelCancelTest {

    private static final LlmEndpoint ENDPOINT = LlmEndpoint.of("http://replay/v1", "gpt-4.1-nano");

    /** One entry for the request, streamed or not: 30 prompt tokens, 90 completion tokens from 100 to 1000 ms. */
    private static List<TraceEntry> trace(ChatRequest request) {
        var body = WireFormat.requestBody(request, ENDPOINT);
        var response = dev.specagent.core.call.CanonicalJson.parse("{\"id\":\"x\",\"object\":\"chat.completion\","
                + "\"model\":\"gpt-4.1-nano\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"a long answer\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":90,\"total_tokens\":120}}");
        return List.of(TraceEntry.completed(body, response, 100, 1000));
    }

    private static Usage cancelledAt(ChatRequest request, long ms) {
        SimulatedClock clock = new SimulatedClock(1);
        SimulatedChatModel model = SimulatedChatModel.of(clock, trace(request), ENDPOINT);
        ChatCall[] call = new ChatCall[1];
        Usage[] spent = new Usage[1];
        clock.schedule(0, () -> call[0] = model.start(request));
        clock.schedule(ms * 1_000_000, () -> spent[0] = call[0].cancel());
        clock.drain();
        assertThat(call[0].response()).isCancelled();
        return spent[0];
    }

    @Test
    void aStreamedCallCancelledMidwayIsChargedTheShareStreamedByThen() {
        Usage spent = cancelledAt(ChatRequest.builder().user("Tell me a story").build(), 550);
        assertThat(spent.promptTokens()).isEqualTo(30);
        assertThat(spent.completionTokens()).as("(550 - 100) / 900 of 90").isEqualTo(45);
    }

    @Test
    void aCallThatDoesNotStreamIsChargedNoCompletionTokensBeforeItsAnswer() {
        Usage spent = cancelledAt(ChatRequest.builder().user("Tell me a story").stream(false).build(), 550);
        assertThat(spent.promptTokens()).isEqualTo(30);
        assertThat(spent.completionTokens()).as("nothing of a whole answer has arrived").isZero();
    }
}
