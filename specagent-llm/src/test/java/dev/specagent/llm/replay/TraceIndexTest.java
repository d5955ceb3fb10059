package dev.specagent.llm.replay;

import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the replay server finds a request's recorded answer: by hash in order, then by model in file order. */
class TraceIndexTest {

    private static final LlmEndpoint A = LlmEndpoint.of("http://127.0.0.1:9/v1", "model-a");
    private static final LlmEndpoint B = LlmEndpoint.of("http://127.0.0.1:9/v1", "model-b");

    @Test
    void theIthRequestOfAHashGetsTheIthEntryThenTheLastAgain() {
        ChatRequest hi = ChatRequest.ofUser("hi");
        TraceEntry first = TraceEntry.text(A, hi, "one", 1, 1, 0, 0);
        TraceEntry second = TraceEntry.text(A, hi, "two", 1, 1, 0, 0);
        TraceIndex index = new TraceIndex(List.of(first, second), ReplayServer.Fallback.NONE);
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.models()).containsExactly("model-a");
        assertThat(index.match(first.requestHash(), "model-a", false)).containsSame(first);
        assertThat(index.match(first.requestHash(), "model-a", false)).containsSame(second);
        assertThat(index.match(first.requestHash(), "model-a", false)).containsSame(second);
        assertThat(index.match("unknown", "model-a", false)).isEmpty();
    }

    @Test
    void theOrderFallbackServesUnservedEntriesOfTheModelAndKind() {
        TraceEntry a1 = TraceEntry.text(A, ChatRequest.ofUser("1"), "one", 1, 1, 0, 0);
        TraceEntry b1 = TraceEntry.text(B, ChatRequest.ofUser("1"), "uno", 1, 1, 0, 0);
        TraceEntry a2 = TraceEntry.text(A, ChatRequest.ofUser("2"), "two", 1, 1, 0, 0);
        TraceEntry embedding = TraceEntry.embeddings("model-a", List.of("x"), List.of(new double[] {1}), 1, 0);
        TraceIndex index = new TraceIndex(List.of(embedding, a1, b1, a2), ReplayServer.Fallback.ORDER);
        assertThat(index.models()).containsExactlyInAnyOrder("model-a", "model-b");
        assertThat(index.match(a1.requestHash(), "model-a", false)).containsSame(a1);
        assertThat(index.match("unknown", "model-a", false)).as("a1 was served by its hash").containsSame(a2);
        assertThat(index.match("unknown", "model-a", false)).isEmpty();
        assertThat(index.match("unknown", "model-a", true)).containsSame(embedding);
        assertThat(index.match("unknown", "model-b", false)).containsSame(b1);
    }
}
