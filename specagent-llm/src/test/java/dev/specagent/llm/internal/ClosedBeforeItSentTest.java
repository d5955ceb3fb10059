package dev.specagent.llm.internal;

import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call whose client is closed before it sends (it waited for the endpoint's permit, and got it only as the close
 * ended the call holding it) sends nothing: {@code close()} ends the client's calls one by one, so one queued call
 * could take the permit that the close freed and send its request before the close came to it, and the server saw a
 * request after the client was closed (ConnectionRetryTest.aCallOfAClosedClientIsNotTriedAgainNorMarksTheServerUnreachable
 * counted 3 connections for 2 calls now and then).
 */
class ClosedBeforeItSentTest {

    @Test
    void aChatCallOrEmbeddingsRequestOfAClosedClientSendsNothingAndGivesThePermitBack() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of()).start()) {
            Semaphore limit = new Semaphore(1, true);
            AtomicBoolean closed = new AtomicBoolean(true); // closed once the call runs, before the close ended it
            ClientSettings settings = settings(LlmEndpoint.of(server.baseUrl().toString(), "gpt-4o-mini"), limit, closed);
            for (boolean embeddings : List.of(false, true)) {
                HttpCall<?> call = embeddings ? new HttpEmbeddings(settings, List.of("a"))
                        : new HttpChatCall(settings, ChatRequest.ofUser("Say hello"));
                Thread.ofVirtual().start((Runnable) call);
                Object outcome = call.response().handle((r, e) -> r != null ? r : e).get(10, TimeUnit.SECONDS);
                String what = embeddings ? "embeddings" : "chat";
                assertThat(outcome).as(what).isInstanceOf(LlmException.class);
                assertThat(((LlmException) outcome).getMessage()).as(what).contains("ChatClient was closed");
                assertThat(limit.tryAcquire(10, TimeUnit.SECONDS)).as(what + ": the permit is given back").isTrue();
                limit.release();
            }
            assertThat(server.requests()).as("requests the server saw").isZero();
        }
    }

    private static ClientSettings settings(LlmEndpoint endpoint, Semaphore limit, AtomicBoolean closed) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new ClientSettings(http, endpoint, null, Map.of(), PriceTable.builtIn(), null, Duration.ofSeconds(10),
                Duration.ofSeconds(10), 0, Duration.ofMillis(1), Duration.ofMillis(5), limit, 1, 1 << 20,
                Duration.ofSeconds(2), closed);
    }
}
