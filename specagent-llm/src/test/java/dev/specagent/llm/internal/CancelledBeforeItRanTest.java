package dev.specagent.llm.internal;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call cancelled before its thread ran: {@code start} returns the call at once and its virtual thread may not have
 * run yet when the caller cancels it (a speculative branch cancelled as soon as it was started). A cancel interrupts
 * the call's thread only once that thread is known, so such a thread went on to wait for the endpoint's permit, however
 * long the calls holding the permits took: it held a thread (and, for an embeddings request, a place in the permit's
 * fair queue) until a permit freed or, for an embeddings request, the total timeout passed.
 */
class CancelledBeforeItRanTest {

    /** Much longer than the test waits for the thread to end, so that only the cancel can end it in time. */
    static final Duration TOTAL = Duration.ofSeconds(60);

    @Test
    void aChatCallOrEmbeddingsRequestCancelledBeforeItsThreadRanEndsAtOnceWithoutAPermitOrARequest() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of()).start()) {
            // every permit of the endpoint held (by calls that take minutes, say)
            Semaphore busy = new Semaphore(0, true);
            ClientSettings settings = settings(LlmEndpoint.of(server.baseUrl().toString(), "gpt-4o-mini"), busy);
            for (boolean embeddings : List.of(false, true)) {
                HttpCall<?> call = embeddings ? new HttpEmbeddings(settings, List.of("a"))
                        : new HttpChatCall(settings, ChatRequest.ofUser("Say hello"));
                assertThat(call.cancel()).isEqualTo(Usage.ZERO);
                Thread worker = Thread.ofVirtual().start((Runnable) call);
                assertThat(worker.join(Duration.ofSeconds(10)))
                        .as((embeddings ? "embeddings" : "chat") + ": the thread ended, not waiting for a permit")
                        .isTrue();
                assertThat(call.response().isCancelled()).isTrue();
                assertThat(busy.hasQueuedThreads()).isFalse();
                assertThat(busy.availablePermits()).as("no permit taken or given back").isZero();
            }
            assertThat(server.requests()).isZero();
        }
    }

    static ClientSettings settings(LlmEndpoint endpoint, Semaphore limit) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new ClientSettings(http, endpoint, null, Map.of(), PriceTable.builtIn(), null, Duration.ofSeconds(10),
                TOTAL, 3, Duration.ofMillis(1), Duration.ofMillis(5), limit, 1, 1 << 20, Duration.ofSeconds(2));
    }
}
