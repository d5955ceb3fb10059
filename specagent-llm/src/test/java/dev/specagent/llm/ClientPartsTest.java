package dev.specagent.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatMessage;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.MissingApiKeyException;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.internal.AnswerJson;
import dev.specagent.llm.internal.ResponseStream;
import dev.specagent.llm.internal.RetryDelay;
import dev.specagent.llm.internal.TokenEstimate;
import dev.specagent.llm.internal.UnreachableEndpoints;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.sse.SseEvent;
import dev.specagent.llm.sse.SseReader;
import dev.specagent.llm.trace.RequestHash;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Endpoint options, the headers a request carries, SSE framing, retry delays, request hashes and the prompt estimate. */
class ClientPartsTest {

    @Test
    void anUnsetKeyVariableIsNamedWithoutTheOptionOfAnyOneCommandLine() {
        String variable = "SPECAGENT_TEST_KEY_THAT_IS_NEVER_SET";
        LlmEndpoint endpoint = LlmEndpoint.parseArgs(List.of("--endpoint", "https://llm.example/v1", "--model", "m",
                "--api-key-env", variable));
        assertThatThrownBy(() -> ChatClient.builder(endpoint).build())
                .isInstanceOfSatisfying(MissingApiKeyException.class, e -> {
                    assertThat(e.variable()).isEqualTo(variable);
                    assertThat(e.baseUrl()).isEqualTo("https://llm.example/v1");
                })
                .hasMessage("environment variable " + variable + " is not set; it must hold the API key of https://llm.example/v1")
                .hasMessageNotContaining("--");
    }

    @Test
    void chatCallsAndEmbeddingsSendTheKeyAndTheClientsHeaders() throws IOException {
        Map<String, Headers> received = new ConcurrentHashMap<>();
        HttpServer server = headersRecordingServer(received);
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1", "m")).apiKey("sk-test").header("X-Team", "blue").build()) {
            for (boolean stream : new boolean[] {false, true}) {
                assertThat(client.complete(ChatRequest.ofUser("hi").toBuilder().stream(stream).build()).content())
                        .isEqualTo("hi");
            }
            assertThat(client.embed(List.of("hi")).vectors()).hasSize(1);
        } finally {
            server.stop(0);
        }
        assertThat(received).containsOnlyKeys("/v1/chat/completions", "/v1/chat/completions stream", "/v1/embeddings");
        received.forEach((request, headers) -> {
            assertThat(headers.getFirst("Authorization")).as(request).isEqualTo("Bearer sk-test");
            assertThat(headers.getFirst("X-Team")).as(request).isEqualTo("blue");
            assertThat(headers.getFirst("Content-Type")).as(request).isEqualTo("application/json");
            assertThat(headers.getFirst("Accept")).as(request)
                    .isEqualTo(request.endsWith("stream") ? "text/event-stream" : "application/json");
        });
    }

    /**
     * An {@code Authorization} header set by the user is sent instead of the API key's, not beside it: both used to be
     * sent, two {@code Authorization} lines, which a server takes as either or refuses; a header set again in another
     * case replaces the first, and the user's {@code Accept} replaces the client's.
     */
    @Test
    void theUsersAuthorizationHeaderIsSentInsteadOfTheKeysNotBesideIt() throws IOException {
        Map<String, Headers> received = new ConcurrentHashMap<>();
        HttpServer server = headersRecordingServer(received);
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1", "m")).apiKey("sk-test").header("authorization", "Basic dTpw").header("X-Team", "blue")
                .header("x-team", "red").header("Accept", "application/json").build()) {
            assertThat(client.complete(ChatRequest.ofUser("hi")).content()).isEqualTo("hi");
            assertThat(client.embed(List.of("hi")).vectors()).hasSize(1);
        } finally {
            server.stop(0);
        }
        assertThat(received).containsOnlyKeys("/v1/chat/completions stream", "/v1/embeddings");
        received.forEach((path, headers) -> {
            assertThat(headers.get("Authorization")).as(path).containsExactly("Basic dTpw");
            assertThat(headers.get("X-Team")).as(path).containsExactly("red");
            assertThat(headers.get("Accept")).as(path).containsExactly("application/json");
        });
    }

    /**
     * A started server that answers chat calls and embeddings with a minimal answer and keeps each request's headers
     * under its path, with " stream" added for a streamed request.
     */
    private static HttpServer headersRecordingServer(Map<String, Headers> received) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                boolean stream = new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"stream\":true");
                String path = exchange.getRequestURI().getPath();
                received.put(path + (stream ? " stream" : ""), exchange.getRequestHeaders());
                byte[] body = (path.endsWith("/embeddings")
                        ? "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5]}]}"
                        : "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                        + "\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    @Test
    void parsesEndpointOptions() {
        LlmEndpoint e = LlmEndpoint.parseArgs(List.of("--endpoint", "http://localhost:11434", "--model=qwen2.5:7b",
                "--reasoning-effort", "low", "--temperature", "0", "--max-tokens", "256"));
        assertThat(e.baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
        assertThat(e.chatCompletionsUrl()).isEqualTo(URI.create("http://localhost:11434/v1/chat/completions"));
        assertThat(e.model()).isEqualTo("qwen2.5:7b");
        assertThat(e.apiKeyEnv()).isNull();
        assertThat(e.reasoningEffort()).isEqualTo("low");
        assertThat(e.temperature()).isZero();
        assertThat(e.maxTokens()).isEqualTo(256);
        LlmEndpoint openai = LlmEndpoint.parseArgs(List.of("--model", "gpt-5"));
        assertThat(openai.isOpenAi()).isTrue();
        assertThat(openai.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        assertThat(LlmEndpoint.of("http://h:8000/v1/chat/completions/", "m").baseUrl())
                .isEqualTo(URI.create("http://h:8000/v1"));
    }

    /**
     * A base URL with a query (a gateway's {@code ?api-version=...}) keeps it after the request paths: the path used
     * to be appended to the query ({@code /v1?api-version=2024-02-01/chat/completions}), so every request went to the
     * base path, a 404, with a mangled query.
     */
    @Test
    void aQueryInTheBaseUrlStaysAfterTheRequestPaths() {
        LlmEndpoint e = LlmEndpoint.of("https://gw.example/openai/v1?api-version=2024-02-01", "m");
        assertThat(e.chatCompletionsUrl())
                .isEqualTo(URI.create("https://gw.example/openai/v1/chat/completions?api-version=2024-02-01"));
        assertThat(e.embeddingsUrl())
                .isEqualTo(URI.create("https://gw.example/openai/v1/embeddings?api-version=2024-02-01"));
        assertThat(LlmEndpoint.of("http://h:8000/v1/chat/completions/?a=1&b=%20", "m").chatCompletionsUrl())
                .isEqualTo(URI.create("http://h:8000/v1/chat/completions?a=1&b=%20"));
        assertThat(LlmEndpoint.of("http://h:8000/?a=1", "m").chatCompletionsUrl())
                .isEqualTo(URI.create("http://h:8000/v1/chat/completions?a=1"));
        assertThat(LlmEndpoint.of("http://h:8000/v1#notes", "m").chatCompletionsUrl())
                .as("a fragment is never sent").isEqualTo(URI.create("http://h:8000/v1/chat/completions"));
    }

    @Test
    void badEndpointOptionsNameTheOption() {
        assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--endpoint", "http://x"))).hasMessageContaining("--model");
        assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--model", "m", "--temprature", "1")))
                .hasMessageContaining("unknown option --temprature");
        assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--model", "m", "--temperature", "hot")))
                .hasMessageContaining("--temperature must be a number");
        assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--model", "m", "--reasoning-effort", "max")))
                .hasMessageContaining("reasoning effort");
        assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--model", "m", "--endpoint", "ftp://x")))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> LlmEndpoint.of("http://127.0.0.1:99999/v1", "m")).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--model"))).hasMessageContaining("--model needs a value");
    }

    /** A value the endpoint refuses is reported after the option that gave it, so the user knows which to fix. */
    @Test
    void refusedOptionValuesStartWithTheOption() {
        assertThat(List.of(
                List.of("--model", "m", "--endpoint", "ftp://x"),
                List.of("--model", "m", "--reasoning-effort", "max"),
                List.of("--model", "m", "--temperature", "2.5"),
                List.of("--model", "m", "--max-tokens", "0")))
                .allSatisfy(args -> assertThatThrownBy(() -> LlmEndpoint.parseArgs(args))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(args.get(2) + ": "));
        LlmEndpoint key = LlmEndpoint.parseArgs(List.of("--model", "m", "--api-key-env", "MY_KEY", "--temperature", "1"));
        LlmEndpoint moved = key.withBaseUrl(URI.create("http://127.0.0.1:8001/v1"));
        assertThat(moved).isEqualTo(new LlmEndpoint(URI.create("http://127.0.0.1:8001/v1"), "m", "MY_KEY", null, 1.0,
                null));
    }

    /** An empty variable name read no variable, so requests went out without a key; 'none' is the way to say so. */
    @Test
    void anEmptyApiKeyVariableIsRefusedNamingTheOption() {
        for (String empty : List.of("", " ")) {
            assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--model", "m", "--api-key-env", empty)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--api-key-env needs the name of an environment variable ('none' for a server "
                            + "without keys), got an empty value");
            assertThatThrownBy(() -> LlmEndpoint.parseArgs(List.of("--model", "m", "--api-key-env=" + empty)))
                    .hasMessageContaining("--api-key-env needs the name");
            assertThatThrownBy(() -> new LlmEndpoint(LlmEndpoint.OPENAI, "m", empty, null, null, null))
                    .hasMessageContaining("API key variable must be named");
        }
        assertThat(LlmEndpoint.parseArgs(List.of("--model", "m", "--api-key-env", "none")).apiKeyEnv()).isNull();
    }

    @Test
    void endpointDefaultsReachTheWire() {
        LlmEndpoint e = LlmEndpoint.of("https://api.openai.com/v1", "o4-mini").withReasoningEffort("low")
                .withSampling(null, 100);
        var body = WireFormat.requestBody(ChatRequest.ofUser("hi"), e);
        assertThat(body.get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
        var local = WireFormat.requestBody(ChatRequest.builder().user("hi").maxTokens(5)
                .stream(false).build(), LlmEndpoint.of("http://localhost:8000/v1", "m"));
        assertThat(local.get("max_tokens").asInt()).isEqualTo(5);
        assertThat(local.has("stream")).isFalse();
    }

    @Test
    void sseFraming() throws Exception {
        String text = ": comment\r\nevent: message\r\ndata: {\"a\":\r\ndata:1}\r\n\r\nid: 7\nretry: 10\n\ndata: [DONE]";
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            Optional<SseEvent> e;
            while ((e = reader.next()).isPresent()) {
                events.add(e.get());
            }
        }
        assertThat(events).containsExactly(new SseEvent("message", "{\"a\":\n1}"), new SseEvent("", "[DONE]"));
        assertThat(events.get(1).isDone()).isTrue();
    }

    @Test
    void sseLineEndsAcrossReadsAndTheEventLimit() throws Exception {
        // a CRLF split between two reads of the reader's 8192-character buffer is one line end, not two
        String first = "data: " + "a".repeat(8192 - 7) + "\r";
        String text = first + "\n\r\ndata: b\r\rdata: " + "c".repeat(20) + "\n\n";
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(bytes(text)), 30)) {
            assertThatThrownBy(() -> {
                Optional<SseEvent> e;
                while ((e = reader.next()).isPresent()) {
                    events.add(e.get());
                }
            }).isInstanceOfSatisfying(SseReader.EventTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(30));
        }
        assertThat(events).isEmpty();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(bytes(text)))) {
            assertThat(reader.next().orElseThrow().data()).hasSize(8192 - 7);
            assertThat(reader.next().orElseThrow().data()).isEqualTo("b");
            assertThat(reader.next().orElseThrow().data()).hasSize(20);
            assertThat(reader.next()).isEmpty();
            assertThat(reader.linesRead()).isEqualTo(6);
        }
    }

    /** The limit holds for a whole line, wherever it starts and however many reads it spans, and for an event's data. */
    @Test
    void sseLimitCountsWholeLinesAndTheEventsDataSoFar() throws Exception {
        // a line of exactly the limit, not at the start of the buffer, is read
        assertThat(events("data:a\n\ndata:abcde\n\n", 10)).extracting(SseEvent::data).containsExactly("a", "abcde");
        // each line within the limit, the event's data past it
        assertThatThrownBy(() -> events("data:abc\ndata:abcd\n\n", 10))
                .isInstanceOf(SseReader.EventTooLargeException.class);
        // a line over the limit only with its part from the second read of the buffer
        String spanning = "data:" + "a".repeat(8995) + "\n\n";
        assertThatThrownBy(() -> events(spanning, 8500)).isInstanceOf(SseReader.EventTooLargeException.class);
        assertThat(events(spanning, 9000)).extracting(SseEvent::data).containsExactly("a".repeat(8995));
        assertThatThrownBy(() -> new SseReader(new ByteArrayInputStream(new byte[0]), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the event limit must be positive: 0");
        assertThat(events("data:a", 6)).extracting(SseEvent::data).containsExactly("a");
    }

    /** A byte order mark is dropped at the start of the stream only; later it makes the line an unknown field. */
    @Test
    void sseByteOrderMarkOnlyAtTheStart() throws Exception {
        assertThat(events("\uFEFFdata: x\n\n", 100)).extracting(SseEvent::data).containsExactly("x");
        assertThat(events("data: a\n\uFEFFdata: b\n\n", 100)).extracting(SseEvent::data).containsExactly("a");
    }

    @Test
    void closingTheSseReaderClosesTheStream() throws Exception {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(bytes("data: x\n\n")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new SseReader(in).close();
        assertThat(closed[0]).isTrue();
    }

    private static List<SseEvent> events(String text, int limit) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(bytes(text)), limit)) {
            Optional<SseEvent> e;
            while ((e = reader.next()).isPresent()) {
                events.add(e.get());
            }
        }
        return events;
    }

    @Test
    void aResponseStreamHandsOverTheBytesReceivedBeforeTheBreakThenFails() throws Exception {
        ResponseStream body = new ResponseStream();
        List<Long> requested = new ArrayList<>();
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.add(n);
            }

            @Override
            public void cancel() {
            }
        });
        body.onNext(List.of(ByteBuffer.wrap(bytes("data: 1\n\n")), ByteBuffer.wrap(bytes("data: 2\n\n"))));
        body.onNext(List.of(ByteBuffer.wrap(bytes("data: 3\n\ndata: 4"))));
        body.onError(new IOException("connection reset"));
        InputStream in = body.getBody().toCompletableFuture().join();
        List<SseEvent> events = new ArrayList<>();
        SseReader reader = new SseReader(in);
        assertThatThrownBy(() -> {
            Optional<SseEvent> e;
            while ((e = reader.next()).isPresent()) {
                events.add(e.get());
            }
        }).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(events).extracting(SseEvent::data).containsExactly("1", "2", "3");
        assertThat(requested).containsExactly(1L, 1L, 1L);
    }

    @Test
    void anEmptyListOfBuffersIsNotTheEndOfAResponseStream() throws Exception {
        ResponseStream body = new ResponseStream();
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        body.onNext(List.of());
        body.onNext(List.of(ByteBuffer.wrap(bytes("after"))));
        body.onComplete();
        assertThat(body.getBody().toCompletableFuture().join().readAllBytes()).isEqualTo(bytes("after"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void retryDelays() {
        Random random = new Random(1);
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(2);
        for (int attempt = 0; attempt < 8; attempt++) {
            Duration d = RetryDelay.delay(attempt, Optional.empty(), base, max, random);
            Duration cap = Duration.ofMillis(Math.min(2000, 100L << attempt));
            assertThat(d).isBetween(cap.dividedBy(2), cap);
        }
        assertThat(RetryDelay.delay(0, Optional.of("1.5"), base, max, random)).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryDelay.delay(0, Optional.of("120"), base, max, random)).isEqualTo(max);
        assertThat(RetryDelay.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RetryDelay.parseRetryAfter("soon")).isEmpty();
        assertThat(RetryDelay.retryable(429)).isTrue();
        assertThat(RetryDelay.retryable(503)).isTrue();
        assertThat(RetryDelay.retryable(400)).isFalse();
    }

    /** A base URL a call gave up on is remembered for the window, per URL, until a request reaches it. */
    @Test
    void unreachableEndpointsAreRememberedForTheWindowOrUntilReached() {
        long[] now = {1_000};
        UnreachableEndpoints marks = new UnreachableEndpoints(() -> now[0], Duration.ofSeconds(30));
        URI a = URI.create("http://127.0.0.1:9/v1");
        URI b = URI.create("http://127.0.0.1:10/v1");
        assertThat(marks.recentlyUnreachable(a)).isFalse();
        marks.gaveUp(a);
        now[0] += Duration.ofSeconds(29).toNanos();
        assertThat(marks.recentlyUnreachable(a)).isTrue();
        assertThat(marks.recentlyUnreachable(b)).isFalse();
        now[0] += Duration.ofSeconds(1).toNanos();
        assertThat(marks.recentlyUnreachable(a)).isFalse();
        marks.gaveUp(a);
        marks.gaveUp(b);
        marks.reached(a);
        assertThat(marks.recentlyUnreachable(a)).isFalse();
        assertThat(marks.recentlyUnreachable(b)).isTrue();
    }

    /** Which connection failures before the request was sent are worth another try. */
    @Test
    void connectionFailuresWorthAnotherTry() {
        assertThat(RetryDelay.retryableBeforeSending(new ConnectException())).isTrue();
        assertThat(RetryDelay.retryableBeforeSending(new IOException("Connection reset"))).isTrue();
        assertThat(RetryDelay.retryableBeforeSending(new HttpConnectTimeoutException("timed out")))
                .isTrue();
        assertThat(RetryDelay.retryableBeforeSending(new ConnectException("x") {
            { initCause(new UnresolvedAddressException()); }
        })).isFalse();
        assertThat(RetryDelay.retryableBeforeSending(new IOException(new SSLHandshakeException(
                "PKIX path building failed")))).isFalse();
    }

    @Test
    void anErrorBodyWithTextAfterItsJsonIsQuotedWhole() {
        assertThat(WireFormat.errorMessage("{\"error\": {\"message\": \"overloaded\"}}\n")).isEqualTo("overloaded");
        // not one JSON value: its first message alone would hide the rest, so the body is quoted as text
        String two = "{\"error\": {\"message\": \"overloaded\"}} {\"error\": {\"message\": \"retry later\"}}";
        assertThat(WireFormat.errorMessage(two)).isEqualTo(two);
    }

    /** A response's tool calls go back as the assistant's turn, their results as tool turns naming the call. */
    @Test
    void aToolTurnGoesBackOnTheWire() {
        var call = new ToolCall("call_1", "f", "{\"a\": 1}");
        var called = new ChatResponse("c", "m", "", "", List.of(call), "tool_calls",
                Usage.ZERO, 0, true, 0, 0, null);
        var said = new ChatResponse("c", "m", "ok", "", List.of(call), "tool_calls",
                Usage.ZERO, 0, true, 0, 0, null);
        var plain = new ChatResponse("c", "m", "", "", List.of(), "stop",
                Usage.ZERO, 0, true, 0, 0, null);
        assertThat(called.toMessage().content()).isNull();
        assertThat(said.toMessage().content()).isEqualTo("ok");
        assertThat(plain.toMessage().content()).isEmpty();
        ChatRequest next = ChatRequest.builder().user("hi").message(called.toMessage())
                .message(ChatMessage.tool("call_1", "42")).build();
        var body = WireFormat.requestBody(next, LlmEndpoint.of("http://127.0.0.1:8000/v1", "m"));
        assertThat(body.get("messages")).isEqualTo(CanonicalJson.parse("[{\"role\": \"user\", "
                + "\"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": "
                + "\"call_1\", \"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\": "
                + "\"{\\\"a\\\": 1}\"}}]}, {\"role\": \"tool\", \"content\": \"42\", \"tool_call_id\": \"call_1\"}]"));
    }

    @Test
    void toolArgumentsThatAreNotJsonNameTheToolAndItsId() {
        assertThatThrownBy(() -> new ToolCall("call_1", "f", "{oops").arguments())
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind())
                        .isEqualTo(LlmException.Kind.INVALID_TOOL_ARGUMENTS))
                .hasMessageStartingWith("tool call f (call_1) has arguments that are not valid JSON: {oops — ");
        assertThatThrownBy(() -> new ToolCall("", "f", "{oops").arguments())
                .hasMessageStartingWith("tool call f has arguments that are not valid JSON: {oops — ");
    }

    /** A text that breaks a limit of the parser is told apart from a text that is not JSON. */
    @Test
    void anAnswerOverAParserLimitIsNotCalledNotJson() {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        var limit = assertThrows(
                JsonProcessingException.class,
                () -> AnswerJson.parse(deep));
        assertThat(AnswerJson.problem(limit)).startsWith("exceeds a limit of the JSON parser (");
        var bad = assertThrows(
                JsonProcessingException.class,
                () -> AnswerJson.parse("{\"a\": }"));
        assertThat(AnswerJson.problem(bad)).startsWith("is not JSON (line 1, column ");
    }

    @Test
    void requestHashIgnoresStreamingAndKeyOrder() {
        var a = Traces.body(ChatRequest.builder().user("hi").temperature(0.0).build(), "m");
        var b = Traces.body(ChatRequest.builder().user("hi").temperature(0.0).stream(false).build(), "m");
        assertThat(RequestHash.of(a)).isEqualTo(RequestHash.of(b));
        var reordered = CanonicalJson.parse(
                "{\"temperature\":0,\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"model\":\"m\"}");
        assertThat(RequestHash.of(reordered)).isEqualTo(RequestHash.of(b));
        assertThat(RequestHash.of(Traces.body(ChatRequest.ofUser("hi"), "other"))).isNotEqualTo(RequestHash.of(a));
    }

    @Test
    void promptEstimateIsAboutFourCharactersPerToken() {
        var body = Traces.body(ChatRequest.builder().system("x".repeat(400)).user("y".repeat(400)).build(), "m");
        assertThat(TokenEstimate.promptTokens(body)).isEqualTo(200 + 8 + 3);
    }
}
