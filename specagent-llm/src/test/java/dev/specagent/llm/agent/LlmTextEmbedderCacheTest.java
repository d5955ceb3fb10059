package dev.specagent.llm.agent;

import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LlmTextEmbedder} keeps the embeddings of the most recently used texts, up to its bound. */
class LlmTextEmbedderCacheTest {

    private static final String MODEL = "text-embedding-3-small";

    @Test
    void theLeastRecentlyUsedTextIsTheOneAskedAgain() throws Exception {
        List<TraceEntry> recorded = new ArrayList<>();
        for (String text : List.of(LlmTextEmbedder.PROBE, "Task: 0", "Task: 1", "Task: 2", "Task: 3")) {
            recorded.add(TraceEntry.embeddings(MODEL, List.of(text), List.of(new double[] {recorded.size()}), 1, 0));
        }
        try (ReplayServer server = ReplayServer.builder(recorded).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null)
                     .maxRetries(0).build()) {
            LlmTextEmbedder embedder = LlmTextEmbedder.open(client, 3);
            embedder.embed("Task: 0");
            embedder.embed("Task: 1");
            embedder.embed("Task: 2");
            assertThat(embedder.embed("Task: 0")).as("kept, and now the most recently used").containsExactly(1);
            assertThat(embedder.requests()).isEqualTo(4);
            embedder.embed("Task: 3");
            assertThat(embedder.embed("Task: 0")).containsExactly(1);
            assertThat(embedder.embed("Task: 2")).containsExactly(3);
            assertThat(embedder.requests()).as("Task: 3 asked, the others kept").isEqualTo(5);
            assertThat(embedder.embed("Task: 1")).as("the least recently used, asked again").containsExactly(2);
            assertThat(embedder.requests()).isEqualTo(6);
        }
    }
}
