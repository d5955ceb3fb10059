package dev.specagent.llm.agent;

import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LlmTextEmbedder#spent()} sums the usage of every request, an answer it cannot use included. */
class LlmTextEmbedderAccountingTest {

    private static final String MODEL = "text-embedding-3-small";

    @Test
    void anAnswerOfAnotherDimensionGivesZerosButItsUsageIsStillCounted() throws Exception {
        List<TraceEntry> recorded = List.of(
                TraceEntry.embeddings(MODEL, List.of(LlmTextEmbedder.PROBE), List.of(new double[] {1, 2}), 3, 0),
                TraceEntry.embeddings(MODEL, List.of("Task: odd"), List.of(new double[] {1, 2, 3}), 40, 0));
        try (ReplayServer server = ReplayServer.builder(recorded).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null)
                     .maxRetries(0).build()) {
            LlmTextEmbedder embedder = LlmTextEmbedder.open(client);
            assertThat(embedder.embed("Task: odd")).containsExactly(0, 0);
            assertThat(embedder.failures()).isEqualTo(1);
            assertThat(embedder.requests()).isEqualTo(2);
            assertThat(server.served()).as("the server answered both requests").isEqualTo(2);
            assertThat(embedder.spent().promptTokens()).as("the probe's 3 and the odd answer's 40").isEqualTo(43);
            assertThat(embedder.spent().costUsd()).isGreaterThan(client.prices().priceOf(MODEL).cost(3, 0, 0));
        }
    }
}
