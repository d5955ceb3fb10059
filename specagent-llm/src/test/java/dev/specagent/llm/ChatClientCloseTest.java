package dev.specagent.llm;

import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.Embeddings;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Closing a client ends its calls that hold no connection too: a call waiting for the endpoint's permit (another
 * client of the endpoint holds it) and one waiting out a {@code Retry-After} before its next try. Both went on waiting
 * after {@code close()}, then tried again on the closed HTTP client, which failed as a connection closed before
 * sending and was itself retried with backoff: the call ended with "failed: closed; tried 4 times" seconds after the
 * permit freed or the wait ended, its virtual thread and its place in the permit's queue held all that time.
 */
class ChatClientCloseTest {

    static final ChatRequest LONG = ChatClientReplayTest.LONG;

    @Test
    void closingAClientEndsItsCallWaitingForTheEndpointsPermit() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(LONG, "m-permit",
                "Once upon a time ".repeat(50), 100, 60_000))).start()) {
            LlmEndpoint endpoint = LlmEndpoint.of(server.baseUrl().toString(), "m-permit");
            try (ChatClient holder = ChatClient.builder(endpoint).maxConcurrency(1).build()) {
                ChatCall holding = holder.start(LONG); // answers over a minute, holding the endpoint's only permit
                assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
                ChatClient closing = ChatClient.builder(endpoint).maxConcurrency(1).build();
                ChatCall waiting = closing.start(LONG);
                LlmCall<Embeddings> embedding = closing.startEmbeddings(List.of("a"));
                closing.close();

                for (LlmCall<?> call : List.of(waiting, embedding)) {
                    assertThatThrownBy(() -> call.response().get(10, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LlmException.class)
                            .hasMessageContaining("its ChatClient was closed");
                }
                assertThat(holding.response()).as("the other client's call goes on").isNotDone();
                assertThat(server.requests()).as("nothing sent by the closed client").isEqualTo(1);
                holding.cancel();
            }
        }
    }

    @Test
    void closingAClientEndsItsCallWaitingToTryAgain() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of()).failFirst(1, 503).retryAfter("60").start()) {
            ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "m-retry"))
                    .backoff(Duration.ofMillis(1), Duration.ofMinutes(2)).build();
            ChatCall call = client.start(LONG);
            assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
            Thread.sleep(300); // the 503 read, the call waits for its next try
            client.close();

            assertThatThrownBy(() -> call.response().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LlmException.class)
                    .hasMessageContaining("its ChatClient was closed");
            assertThat(server.requests()).isEqualTo(1);
        }
    }
}
