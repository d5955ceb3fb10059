package dev.specagent.llm;

import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, timeouts, malformed answers and the concurrency limit, against the replay server's fault injection. */
class ChatClientRobustnessTest {

    static final String MODEL = "gpt-4o-mini";
    static final ChatRequest HELLO = ChatClientReplayTest.HELLO;
    static final ChatRequest SLOW = ChatRequest.ofUser("Think slowly");
    static final ChatRequest BAD_TOOL = ChatRequest.builder().user("Call it").tool(ChatClientReplayTest.WEATHER).build();

    static ReplayServer server(UnaryOperator<ReplayServer.Builder> options) throws IOException {
        List<TraceEntry> entries = List.of(
                Traces.text(HELLO, MODEL, ChatClientReplayTest.HELLO_TEXT, 10, 30),
                Traces.text(SLOW, MODEL, "Done thinking", 1500, 1600),
                Traces.entry(BAD_TOOL, MODEL, Traces.completion(MODEL, null, List.of(
                        new ToolCall("call_9", "get_weather", "{\"city\": Paris")), 10, 5), 10, 20));
        return options.apply(ReplayServer.builder(entries)).start();
    }

    static ChatClient.Builder client(ReplayServer server) {
        return ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).seed(7);
    }

    @Test
    void retries429And503ThenSucceeds() throws Exception {
        for (int status : new int[] {429, 503}) {
            try (ReplayServer server = server(b -> b.failFirst(2, status)); ChatClient client = client(server).build()) {
                ChatResponse r = client.complete(HELLO);
                assertThat(r.content()).isEqualTo(ChatClientReplayTest.HELLO_TEXT);
                assertThat(server.requests()).isEqualTo(3);
                assertThat(server.faults()).isEqualTo(2);
            }
        }
    }

    /**
     * A timeout too long for the clocks' nanoseconds ({@code Duration.ofSeconds(Long.MAX_VALUE)}, "forever") is refused
     * when the client is built, naming the option. It was taken, and then a total timeout left every call without an
     * outcome for good (its thread died of a {@code long overflow} before it could complete it), a connect timeout
     * failed every request as {@code cannot connect to URL: long overflow} with the server up, and a first-token
     * timeout or backoff cap failed every call as {@code unexpected failure reading URL: ArithmeticException}. The
     * longest allowed, {@link ChatClient.Builder#MAX_DURATION}, works end to end (a retried 503, then the answer; an embeddings request's 404).
     */
    @Test
    void aTimeoutTooLongForTheClockIsRefusedWhenBuildingAndTheLongestAllowedWorks() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        Duration longest = ChatClient.Builder.MAX_DURATION;
        String limit = " must be at most " + longest.toDays() + " days: " + forever;
        ChatClient.Builder b = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:9/v1", MODEL));
        assertThatThrownBy(() -> b.totalTimeout(forever)).hasMessage("total timeout" + limit);
        assertThatThrownBy(() -> b.connectTimeout(forever)).hasMessage("connect timeout" + limit);
        assertThatThrownBy(() -> b.firstTokenTimeout(forever)).hasMessage("first-token timeout" + limit);
        assertThatThrownBy(() -> b.streamEndGrace(forever)).hasMessage("stream end grace" + limit);
        assertThatThrownBy(() -> b.backoff(Duration.ofMillis(1), forever)).hasMessage("backoff max" + limit);
        assertThatThrownBy(() -> b.backoff(forever, forever)).hasMessage("backoff base" + limit);
        try (ReplayServer server = server(o -> o.failFirst(1, 503));
             ChatClient client = client(server).totalTimeout(longest).connectTimeout(longest).firstTokenTimeout(longest)
                     .streamEndGrace(longest).backoff(Duration.ofMillis(1), longest).build()) {
            ChatCall call = client.start(HELLO);
            assertThat(call.response().get(10, java.util.concurrent.TimeUnit.SECONDS).content())
                    .isEqualTo(ChatClientReplayTest.HELLO_TEXT);
            // an embeddings request computes its deadline from the total timeout too: the trace has none, so a 404
            assertThatThrownBy(() -> client.embed(List.of("a"))).isInstanceOfSatisfying(LlmException.class,
                    e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(404));
        }
    }

    @Test
    void honoursRetryAfter() throws Exception {
        try (ReplayServer server = server(b -> b.failFirst(1, 429).retryAfter("0.4"));
             ChatClient client = client(server).backoff(Duration.ofMillis(1), Duration.ofSeconds(5)).build()) {
            long start = System.nanoTime();
            client.complete(HELLO);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    /**
     * A 429 that says when to come back only in {@code retry-after-ms} (Azure OpenAI's header, read first by the
     * official SDKs) is waited for as a {@code Retry-After} is: 300 ms, where the backoff (5-10 s) would pass the
     * total timeout of 5 s, is waited and the retry answered; 8000 ms, past that timeout, is not retried and the
     * call ends at once with the 429. The header was ignored: the first call failed without a retry and the second
     * came back after 20-40 ms of backoff, which such a server refuses again. Chat and embeddings alike.
     */
    @Test
    void honoursRetryAfterMs() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<FirstAnswer> first = new AtomicReference<>();
        HttpServer http = answeringFirstWith(requests, first);
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + http.getAddress().getPort()
                + "/v1", MODEL)).apiKey(null).backoff(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .totalTimeout(Duration.ofSeconds(5)).build()) {
            for (boolean embeddings : List.of(false, true)) {
                requests.set(0);
                first.set(new FirstAnswer(429, "retry-after-ms", "300"));
                assertThat(call(client, embeddings)).isEqualTo(embeddings ? "1 vector" : "ok");
                assertThat(requests.get()).as("embeddings %s: the 429, then the answer", embeddings).isEqualTo(2);
                requests.set(0);
                first.set(new FirstAnswer(429, "retry-after-ms", "8000"));
                assertThatThrownBy(() -> call(client, embeddings)).isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.getMessage()).as("embeddings %s", embeddings)
                            .endsWith("; another try would not have time before the total timeout of 5000 ms");
                });
                assertThat(requests.get()).as("embeddings %s: one try", embeddings).isEqualTo(1);
            }
        } finally {
            http.stop(0);
        }
    }

    /**
     * The server's {@code x-should-retry} (OpenAI's header, which the official SDKs obey) decides over the status: a
     * 503 marked {@code false} is not tried again (it was, {@code maxRetries} times, to fail the same way), and a 400
     * marked {@code true} is, and answered. Chat and embeddings alike.
     */
    @Test
    void obeysTheServersXShouldRetry() throws Exception {
        triedAgainAfterOnly(new FirstAnswer(400, "x-should-retry", "true"),
                new FirstAnswer(503, "x-should-retry", "false"), e -> assertThat(e.status()).isEqualTo(503));
    }

    /**
     * A 409 (OpenAI's lock timeout: another request on the same resource) is tried again, as the official SDKs do
     * (408, 409, 429 and 5xx): it failed at once as a client error. One marked {@code x-should-retry: false} is not,
     * and a 409 that ends the call is a server error, like a 429. Chat and embeddings alike.
     */
    @Test
    void aConflictIsTriedAgainAsTheOfficialSdksDo() throws Exception {
        triedAgainAfterOnly(new FirstAnswer(409, "x-request-id", "req_1"),
                new FirstAnswer(409, "x-should-retry", "false"), e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.kind()).as("a transient failure, not bad input").isEqualTo(Kind.SERVER_ERROR);
                });
    }

    /**
     * For chat calls and embeddings alike: a call whose first answer is {@code retried} is tried again and answered
     * (two requests), and one whose first answer is {@code ending} fails after one request, as {@code failure} checks.
     */
    private static void triedAgainAfterOnly(FirstAnswer retried, FirstAnswer ending, Consumer<LlmException> failure)
            throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<FirstAnswer> first = new AtomicReference<>();
        HttpServer http = answeringFirstWith(requests, first);
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + http.getAddress().getPort()
                + "/v1", MODEL)).apiKey(null).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            for (boolean embeddings : List.of(false, true)) {
                requests.set(0);
                first.set(retried);
                assertThat(call(client, embeddings)).isEqualTo(embeddings ? "1 vector" : "ok");
                assertThat(requests.get()).as("embeddings %s: %s, then the answer", embeddings, retried).isEqualTo(2);
                requests.set(0);
                first.set(ending);
                assertThatThrownBy(() -> call(client, embeddings)).isInstanceOfSatisfying(LlmException.class, failure);
                assertThat(requests.get()).as("embeddings %s: one try", embeddings).isEqualTo(1);
            }
        } finally {
            http.stop(0);
        }
    }

    @Test
    void givesUpAfterMaxRetriesWithTheServersMessage() throws Exception {
        try (ReplayServer server = server(b -> b);
             ChatClient client = client(server).maxRetries(2).header(ReplayServer.FAULT_HEADER, "503").build()) {
            assertThatThrownBy(() -> client.complete(HELLO)).isInstanceOfSatisfying(LlmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.getMessage()).contains("after 2 retries").contains("Injected fault");
                assertThat(e.spent().costUsd()).isZero();
            });
            assertThat(server.requests()).isEqualTo(3);
        }
    }

    /**
     * A 503 whose Retry-After (5 s) would bring the retry past the total timeout (1 s) is not retried: the call ends at
     * once with the server's error, saying why, for a chat call and an embeddings request alike. The chat call used to
     * sleep into its total timeout and end as a TIMEOUT after 1 s; the embeddings request ended as a TIMEOUT at once.
     */
    @Test
    void aRetryThatWouldPassTheTotalTimeoutIsNotAttemptedAndTheServersErrorIsKept() throws Exception {
        try (ReplayServer server = server(b -> b);
             ChatClient client = client(server).backoff(Duration.ofMillis(20), Duration.ofSeconds(10))
                     .totalTimeout(Duration.ofSeconds(1)).header(ReplayServer.FAULT_HEADER, "503")
                     .header(ReplayServer.RETRY_AFTER_HEADER, "5").build()) {
            for (boolean embeddings : List.of(false, true)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> {
                    if (embeddings) {
                        client.embed(List.of("a"));
                    } else {
                        client.complete(HELLO);
                    }
                }).as("embeddings %s", embeddings).isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.SERVER_ERROR);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("Injected fault")
                            .endsWith("; another try would not have time before the total timeout of 1000 ms");
                });
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            }
            assertThat(server.requests()).as("one try each").isEqualTo(2);
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        try (ReplayServer server = server(b -> b);
             ChatClient client = client(server).header(ReplayServer.FAULT_HEADER, "401").build()) {
            assertThatThrownBy(() -> client.complete(HELLO)).isInstanceOfSatisfying(LlmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.CLIENT_ERROR);
                assertThat(e.status()).isEqualTo(401);
            });
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void firstTokenTimeoutClosesTheConnection() throws Exception {
        try (ReplayServer server = server(b -> b);
             ChatClient client = client(server).firstTokenTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.complete(SLOW)).isInstanceOfSatisfying(LlmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("no first token").contains("300 ms");
                assertThat(e.spent().promptTokens()).isGreaterThan(0);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1200));
            server.awaitDisconnect(Duration.ofSeconds(10));
            assertThat(server.disconnects()).isNotEmpty();
        }
    }

    @Test
    void totalTimeout() throws Exception {
        try (ReplayServer server = server(b -> b);
             ChatClient client = client(server).totalTimeout(Duration.ofMillis(250)).build()) {
            assertThatThrownBy(() -> client.complete(SLOW.toBuilder().stream(false).build()))
                    .isInstanceOfSatisfying(LlmException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                        assertThat(e.getMessage()).contains("no complete answer").contains("250 ms");
                    });
        }
    }

    @Test
    void malformedStreamAndBodyAreClearErrors() throws Exception {
        try (ReplayServer server = server(b -> b);
             ChatClient client = client(server).header(ReplayServer.FAULT_HEADER, "malformed").build()) {
            assertThatThrownBy(() -> client.complete(HELLO)).isInstanceOfSatisfying(LlmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
                assertThat(e.getMessage()).contains("stream event 1").contains("is not JSON")
                        .contains("chatcmpl-broken");
            });
            assertThatThrownBy(() -> client.complete(HELLO.toBuilder().stream(false).build()))
                    .isInstanceOfSatisfying(LlmException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
                        assertThat(e.getMessage()).contains("response body is not JSON");
                    });
        }
    }

    @Test
    void truncatedStreamIsAClearError() throws Exception {
        try (ReplayServer server = server(b -> b);
             ChatClient client = client(server).header(ReplayServer.FAULT_HEADER, "truncated").build()) {
            assertThatThrownBy(() -> client.complete(HELLO)).isInstanceOfSatisfying(LlmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
                assertThat(e.getMessage()).contains("stream ended before the answer was complete");
                assertThat(e.spent().completionTokens()).isGreaterThan(0);
            });
        }
    }

    @Test
    void toolCallWithInvalidJsonArgumentsIsAClearError() throws Exception {
        try (ReplayServer server = server(b -> b); ChatClient client = client(server).build()) {
            for (boolean stream : new boolean[] {true, false}) {
                assertThatThrownBy(() -> client.complete(BAD_TOOL.toBuilder().stream(stream).build()))
                        .isInstanceOfSatisfying(LlmException.class, e -> {
                            assertThat(e.kind()).isEqualTo(Kind.INVALID_TOOL_ARGUMENTS);
                            assertThat(e.getMessage()).contains("get_weather").contains("call_9")
                                    .contains("{\"city\": Paris");
                        });
            }
        }
    }

    @Test
    void concurrencyLimitPerEndpoint() throws Exception {
        try (ReplayServer server = server(b -> b); ChatClient client = client(server).maxConcurrency(2).build()) {
            long start = System.nanoTime();
            List<ChatCall> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(client.start(SLOW));
            }
            long wait = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (server.requests() < 2 && System.nanoTime() < wait) {
                Thread.sleep(5);
            }
            Thread.sleep(200);
            assertThat(server.requests()).isEqualTo(2);
            calls.forEach(ChatCall::await);
            // two waves of ~1.6 s each
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(3000));
        }
    }

    @Test
    void connectionRefusedIsAConnectionError() throws IOException {
        int port = ConnectionRetryTest.refusedPort(); // one no earlier test gave up on, so that it is tried 4 times
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", MODEL))
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            assertThatThrownBy(() -> client.complete(HELLO)).isInstanceOfSatisfying(LlmException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION))
                    .hasMessageContaining("cannot connect to http://127.0.0.1:" + port
                            + "/v1/chat/completions: connection refused")
                    .hasMessageEndingWith("; tried 4 times")
                    .hasMessageNotContaining("java.net");
        }
    }

    /**
     * An actor's and a speculator's client on one server share its URL, so the errors, which named the URL only (but
     * for HTTP statuses), start with the model of the request: a timeout, a malformed answer, an HTTP error, a
     * refused connection; the model the request names over the endpoint's; once.
     */
    @Test
    void everyErrorStartsWithTheModelOfTheRequest() throws Exception {
        String actorModel = "gpt-4.1";
        try (ReplayServer server = server(b -> b);
             ChatClient actor = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), actorModel)).build();
             ChatClient speculator = client(server).firstTokenTimeout(Duration.ofMillis(300)).build();
             ChatClient malformed = client(server).header(ReplayServer.FAULT_HEADER, "malformed").build();
             ChatClient refused = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:9/v1", MODEL))
                     .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            assertThat(failure(() -> speculator.complete(SLOW))).startsWith("model " + MODEL + ": no first token from "
                    + "http://127.0.0.1:");
            assertThat(failure(() -> malformed.complete(HELLO))).startsWith("model " + MODEL + ": malformed response from ");
            assertThat(failure(() -> actor.complete(HELLO))).startsWith("model " + actorModel + ": HTTP 404 from ")
                    .doesNotContain("for model"); // it said "HTTP 404 from URL for model M"
            assertThat(failure(() -> speculator.complete(HELLO.toBuilder().model(actorModel).build())))
                    .startsWith("model " + actorModel + ": HTTP 404");
            assertThat(failure(() -> refused.complete(HELLO))).startsWith("model " + MODEL + ": cannot connect to ");
        }
    }

    /** The message of the {@link LlmException} {@code call} throws, checked to name the model once. */
    private static String failure(Runnable call) {
        try {
            call.run();
        } catch (LlmException e) {
            assertThat(e.getMessage()).doesNotContain(": model ");
            return e.getMessage();
        }
        throw new AssertionError("the call did not fail");
    }

    /** What {@link #answeringFirstWith} answers first: a status with one header, and an OpenAI error. */
    private record FirstAnswer(int status, String header, String value) {
    }

    /**
     * A loopback server that answers the first request after {@code requests} was set to 0 as {@code first} says, and
     * every later one with "ok" (a chat) or one vector (embeddings).
     */
    private static HttpServer answeringFirstWith(AtomicInteger requests, AtomicReference<FirstAnswer> first)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean embeddings = exchange.getRequestURI().getPath().endsWith("/embeddings");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] body;
            if (requests.getAndIncrement() == 0) {
                FirstAnswer answer = first.get();
                exchange.getResponseHeaders().set(answer.header(), answer.value());
                body = "{\"error\": {\"message\": \"not now\", \"type\": \"server_error\"}}".getBytes();
                exchange.sendResponseHeaders(answer.status(), body.length);
            } else {
                body = (embeddings ? "{\"object\": \"list\", \"data\": [{\"index\": 0, \"embedding\": [1.0]}], "
                        + "\"usage\": {\"prompt_tokens\": 1, \"total_tokens\": 1}}"
                        : "{\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": \"ok\"}, "
                        + "\"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 1, \"completion_tokens\": 1}}")
                        .getBytes();
                exchange.sendResponseHeaders(200, body.length);
            }
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        return http;
    }

    /** One embeddings request ("1 vector") or one chat ("ok", its answer) of {@code client}. */
    private static String call(ChatClient client, boolean embeddings) {
        return embeddings ? client.embed(List.of("a")).vectors().size() + " vector"
                : client.complete(ChatRequest.ofUser("hi")).content();
    }
}
