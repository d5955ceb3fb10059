package dev.specagent.llm.internal;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety net of a retry's wait (docs/llm.md, "Retries"): a retry is only attempted when its wait leaves time
 * before the total timeout, but should the wait still run past it (a busy machine), the call ends with the failure it
 * was waiting to retry, kind kept, not as a {@code TIMEOUT}. The overrun is made certain, not timed, by a
 * {@link HttpCall.RetryWait} that sleeps past the deadline: for a chat call until its total timer interrupts it, for an
 * embeddings request (which checks the deadline after each wait) for longer than the total timeout.
 */
class RetryWaitOverrunTest {

    /**
     * Long enough that the first try, over a cold HTTP client on a busy machine, leaves the time a retry needs
     * ({@link RetryDelay#leavesTime}), so that the retry is waited for.
     */
    static final Duration TOTAL = Duration.ofSeconds(2);
    static final String SUFFIX = "; the total timeout of 2000 ms passed while waiting to try again";
    static final ChatRequest HELLO = ChatRequest.ofUser("Say hello");

    /** Blocks until the chat call's total timer interrupts it (at most 20 s, which would fail the test). */
    static final HttpCall.RetryWait UNTIL_INTERRUPTED = delay -> Thread.sleep(Duration.ofSeconds(20));
    /** Sleeps past an embeddings request's deadline (the request started before the wait), whatever the delay asked. */
    static final HttpCall.RetryWait PAST_THE_DEADLINE = delay -> Thread.sleep(TOTAL);

    @Test
    void aServerErrorWhoseRetryWaitOverranEndsTheCallAsThatErrorNotATimeout() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of()).start()) {
            ClientSettings settings = settings(LlmEndpoint.of(server.baseUrl().toString(), "gpt-4o-mini"),
                    Map.of(ReplayServer.FAULT_HEADER, "503"));
            for (boolean embeddings : List.of(false, true)) {
                long before = server.requests();
                LlmException e = failure(start(settings, embeddings));
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.SERVER_ERROR);
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.getMessage()).contains("HTTP 503 from ").endsWith(SUFFIX);
                assertThat(e.spent()).as("rejected: not charged").isEqualTo(Usage.ZERO);
                assertThat(server.requests() - before).as("no retry after the wait").isEqualTo(1);
            }
        }
    }

    @Test
    void aRefusedConnectionWhoseRetryWaitOverranEndsTheCallAsThatFailureNotATimeout() throws Exception {
        ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = closed.getLocalPort();
        closed.close();
        ClientSettings settings = settings(LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", "gpt-4o-mini"),
                Map.of());
        // the system hands out a port an earlier test's call gave up on again now and then, and a call to a server given
        // up on less than 30 s ago is tried once, never waiting to retry (ConnectionRetryTest.refusedPort)
        UnreachableEndpoints.SHARED.reached(settings.endpoint().baseUrl());
        for (boolean embeddings : List.of(false, true)) {
            LlmException e = failure(start(settings, embeddings));
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.CONNECTION);
            assertThat(e.getMessage()).contains("cannot connect to ").endsWith(SUFFIX);
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
        }
    }

    /** A chat call or an embeddings request on {@code settings}, waiting to retry as the test's waits do. */
    static LlmCall<?> start(ClientSettings settings, boolean embeddings) {
        HttpCall<?> call;
        if (embeddings) {
            call = new HttpEmbeddings(settings, List.of("a"));
            call.retryWait = PAST_THE_DEADLINE;
        } else {
            call = new HttpChatCall(settings, HELLO);
            call.retryWait = UNTIL_INTERRUPTED;
        }
        Thread.ofVirtual().start((Runnable) call);
        return call;
    }

    /** Settings as {@code ChatClient.Builder} makes them, with the total timeout {@link #TOTAL} and quick retries. */
    static ClientSettings settings(LlmEndpoint endpoint, Map<String, String> headers) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = endpoint.baseUrl();
        return new ClientSettings(http, endpoint, null, headers, PriceTable.builtIn(), null, Duration.ofSeconds(10),
                TOTAL, 3, Duration.ofMillis(1), Duration.ofMillis(5), EndpointLimits.of(base, 16), 1, 1 << 20,
                Duration.ofSeconds(2));
    }

    static LlmException failure(LlmCall<?> call) throws Exception {
        Throwable t = call.response().handle((r, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(LlmException.class);
        return (LlmException) t;
    }
}
