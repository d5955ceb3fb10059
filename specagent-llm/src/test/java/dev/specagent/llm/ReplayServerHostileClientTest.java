package dev.specagent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay server against hostile clients, over raw sockets and the JDK client: bodies that are too large, not
 * JSON or not requests, wrong methods, requests sent a byte at a time, answers never read, many cancelled streams
 * and many concurrent requests. Each gets the status and OpenAI-style error a real API gives, no exchange holds a
 * thread for good, and the counters add up.
 */
class ReplayServerHostileClientTest {

    static final String MODEL = "gpt-4o-mini";
    static final ChatRequest HELLO = ChatRequest.ofUser("Say hello");
    /** Long enough that a cancelled stream is cut while the server waits. */
    static final double STREAM_MS = 2_000;

    static String body(boolean stream) {
        ObjectNode body = Traces.body(HELLO, MODEL);
        body.put("stream", stream);
        return body.toString();
    }

    static HttpResponse<String> post(HttpClient http, ReplayServer server, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode error(HttpResponse<String> response) {
        return CanonicalJson.parse(response.body()).get("error");
    }

    /** Reads one answer from a raw socket: the status line, the headers and, for a fixed length, the body. */
    static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static String request(String method, String path, String body) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** Whether the server closed the socket: a read ends (-1 or reset) before the 20 s safety net. */
    static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // an answer the server had sent before closing is skipped
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /**
     * {@code x-replay-fault: truncated} sends a stream without a finish reason or {@code [DONE]}, whatever the
     * recorded stream: one recorded as a single chunk with the answer and its finish reason was sent whole (the
     * "truncated" stream was a complete answer), and one with no chunk to send (only a usage chunk, not asked for)
     * threw in the server, which closed the connection without an answer.
     */
    @Test
    void aTruncatedStreamEndsWithoutAFinishReasonWhateverWasRecorded() throws Exception {
        ChatRequest one = ChatRequest.ofUser("one chunk");
        ChatRequest none = ChatRequest.ofUser("usage only");
        JsonNode finished = CanonicalJson.parse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\""
                + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}");
        JsonNode usage = CanonicalJson.parse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\""
                + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}");
        List<TraceEntry> entries = List.of(recordedStream(one, finished), recordedStream(none, usage));
        try (ReplayServer server = ReplayServer.builder(entries).start();
             HttpClient http = HttpClient.newHttpClient()) {
            for (ChatRequest request : List.of(one, none)) {
                ObjectNode body = Traces.body(request, MODEL);
                body.put("stream", true);
                body.remove("stream_options");
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                                + "/chat/completions")).header(ReplayServer.FAULT_HEADER, "truncated")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).as(answer.body()).doesNotContain("finish_reason\":\"stop")
                        .doesNotContain("[DONE]");
            }
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(server.faults()).isEqualTo(2);
        }
    }

    /** An entry answering {@code request} with one recorded stream chunk, {@code chunk}. */
    private static TraceEntry recordedStream(ChatRequest request, JsonNode chunk) {
        JsonNode response = Traces.completion(MODEL, "Hi", List.of(), 3, 1);
        return new TraceEntry(null, "", null, Traces.body(request, MODEL), 200, "completed", null, 5, 10,
                List.of(new TraceEntry.Chunk(5, chunk)), response, Usage.ZERO, false);
    }

    /**
     * An empty model ({@code "model": ""}, a model option left blank) was looked up and answered 404 "no recorded
     * response", where the OpenAI API refuses it with a 400 as it does a missing model.
     */
    @Test
    void anEmptyModelGets400AsAMissingOneDoes() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0))).start();
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> chat = post(http, server, "/chat/completions",
                    "{\"model\":\"\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            HttpResponse<String> embeddings = post(http, server, "/embeddings", "{\"model\":\"\",\"input\":\"hi\"}");
            for (HttpResponse<String> r : List.of(chat, embeddings)) {
                assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(400);
                assertThat(error(r).get("param").asText()).isEqualTo("model");
                assertThat(error(r).get("code").asText()).isEqualTo("missing_required_parameter");
            }
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(server.rejected()).isEqualTo(2);
        }
    }

    @Test
    void badRequestsGet400NamingTheParameterAndAreCountedAsRejected() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0))).start();
             HttpClient http = HttpClient.newHttpClient()) {
            String valid = body(false);
            HttpResponse<String> trailing = post(http, server, "/chat/completions", valid + " {}");
            assertThat(trailing.statusCode()).as("a body of two JSON values").isEqualTo(400);
            assertThat(error(trailing).get("message").asText()).startsWith("We could not parse the JSON body");

            HttpResponse<String> noModel = post(http, server, "/chat/completions", "{\"messages\":[]}");
            assertThat(noModel.statusCode()).isEqualTo(400);
            assertThat(error(noModel).get("param").asText()).isEqualTo("model");
            assertThat(error(noModel).get("code").asText()).isEqualTo("missing_required_parameter");

            HttpResponse<String> noMessages = post(http, server, "/chat/completions", "{\"model\":\"" + MODEL + "\"}");
            assertThat(error(noMessages).get("message").asText()).isEqualTo("Missing required parameter: 'messages'.");
            assertThat(error(noMessages).get("param").asText()).isEqualTo("messages");

            HttpResponse<String> stream = post(http, server, "/chat/completions", valid.replace("\"stream\":false",
                    "\"stream\":\"yes\""));
            assertThat(stream.statusCode()).as("a stream flag that is a string, which would be taken as false").isEqualTo(400);
            assertThat(error(stream).get("message").asText()).isEqualTo(
                    "Invalid type for 'stream': expected a boolean, but got a string instead.");
            assertThat(error(stream).get("param").asText()).isEqualTo("stream");

            HttpResponse<String> empty = post(http, server, "/chat/completions", "{\"model\":\"" + MODEL
                    + "\",\"messages\":[]}");
            assertThat(empty.statusCode()).as("no messages, once answered 404 no recorded response").isEqualTo(400);
            assertThat(error(empty).get("code").asText()).isEqualTo("empty_array");
            assertThat(error(empty).get("param").asText()).isEqualTo("messages");

            HttpResponse<String> array = post(http, server, "/embeddings", "[1]");
            assertThat(array.statusCode()).isEqualTo(400);
            assertThat(error(array).get("message").asText()).isEqualTo("The request body must be a JSON object, not an array.");

            assertThat(post(http, server, "/chat/completions", valid).statusCode()).isEqualTo(200);
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(server.requests()).isEqualTo(7);
            assertThat(server.rejected()).isEqualTo(6);
            assertThat(server.served()).isEqualTo(1);
            assertThat(server.misses()).isZero();
        }
    }

    @Test
    void aKnownPathAskedWithAnotherMethodGets405WithAllow() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0))).start();
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).hasValue("POST");
            assertThat(error(get).get("code").asText()).isEqualTo("method_not_allowed");

            HttpResponse<String> postModels = post(http, server, "/models", "{}");
            assertThat(postModels.statusCode()).isEqualTo(405);
            assertThat(postModels.headers().firstValue("Allow")).hasValue("GET, HEAD");

            HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models"))
                    .HEAD().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();

            HttpResponse<String> unknown = post(http, server, "/completions", "{}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(error(unknown).get("code").asText()).isEqualTo("unknown_url");
            assertThat(server.requests()).as("only chat and embeddings requests are counted").isZero();
        }
    }

    @Test
    void aBodyOverTheLimitGets413WithoutBeingReadAndTheConnectionServesTheNextRequest() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0)))
                .maxRequestBytes(1_000).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            // 10 MB announced, none sent: the answer comes at once
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String tooLarge = answer(socket.getInputStream());
            assertThat(tooLarge).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"")
                    .contains("limit of 1000 bytes");
        }
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0)))
                .maxRequestBytes(1_000).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            // a chunked body gives no length up front: it is read up to the limit
            String chunk = "x".repeat(1_500);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 413");
            // the same connection, kept alive, answers a bad and then a good request
            socket.getOutputStream().write(request("POST", "/v1/chat/completions", "{bad").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 400");
            socket.getOutputStream().write(request("POST", "/v1/chat/completions", body(false)).getBytes(StandardCharsets.UTF_8));
            assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("Hello!");
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(server.requests()).isEqualTo(3);
            assertThat(server.rejected()).isEqualTo(2);
            assertThat(server.served()).isEqualTo(1);
        }
    }

    /**
     * The largest limit, {@code Long.MAX_VALUE} ("no limit"), takes every body: the read size was the limit + 1, which
     * overflowed to a read of 0 bytes, so every request was refused as an empty body (400).
     */
    @Test
    void theLargestBodyLimitStillReadsTheBody() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0)))
                .maxRequestBytes(Long.MAX_VALUE).start();
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = post(http, server, "/chat/completions", body(false));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("Hello!");
            assertThat(server.rejected()).isZero();
        }
    }

    @Test
    void aRequestSentAByteAtATimeIsCutOffAndHoldsNoThread() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0)))
                .timeouts(Duration.ofMillis(300), Duration.ofMillis(300)).start();
             Socket headers = new Socket("127.0.0.1", server.port());
             Socket bodyPart = new Socket("127.0.0.1", server.port())) {
            headers.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            bodyPart.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                    + "{\"mo").getBytes(StandardCharsets.US_ASCII));
            assertThat(server.awaitRequests(0, Duration.ZERO)).isTrue();
            assertThat(closedByServer(headers)).as("headers never finished").isTrue();
            assertThat(closedByServer(bodyPart)).as("a body never finished").isTrue();
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(server.requests()).as("neither request arrived").isZero();
            try (HttpClient http = HttpClient.newHttpClient()) {
                assertThat(post(http, server, "/chat/completions", body(false)).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void aClientThatNeverReadsItsAnswerIsCutOffAndCountedAsADisconnect() throws Exception {
        String big = "word ".repeat(4_000_000); // 20 MB, more than any socket buffers hold
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, big, 0, 0)))
                .timeouts(Duration.ofSeconds(5), Duration.ofMillis(300)).start();
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write(request("POST", "/v1/chat/completions", body(false)).getBytes(StandardCharsets.UTF_8));
            assertThat(server.awaitDisconnect(Duration.ofSeconds(20))).as("the blocked write is given up").isTrue();
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(server.served()).isZero();
            assertThat(server.disconnects()).hasSize(1);
        }
    }

    /**
     * An answer that leaves its connection open serves the next request on it, however many clients keep theirs:
     * the JDK server keeps at most 200 idle connections and closed each further one as soon as its answer was written,
     * without {@code Connection: close}, so the 201st client to reuse its connection, as HTTP/1.1 allows, met a closed
     * connection (the JDK client, its request a POST, failed with a connection reset or "header parser received no
     * bytes").
     */
    @Test
    void everyConnectionAnAnswerLeavesOpenServesTheNextRequest() throws Exception {
        int clients = 250;
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello!", 0, 0))).start()) {
            List<Socket> sockets = new ArrayList<>();
            try {
                byte[] request = request("POST", "/v1/chat/completions", body(false)).getBytes(StandardCharsets.UTF_8);
                List<Boolean> closeAnnounced = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    sockets.add(socket);
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write(request);
                }
                for (Socket socket : sockets) {
                    String first = answer(socket.getInputStream());
                    assertThat(first).startsWith("HTTP/1.1 200");
                    closeAnnounced.add(first.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"));
                }
                assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
                int reused = 0;
                for (int i = 0; i < clients; i++) {
                    if (closeAnnounced.get(i)) {
                        continue;
                    }
                    Socket socket = sockets.get(i);
                    socket.getOutputStream().write(request);
                    assertThat(answer(socket.getInputStream())).as("client %d, its connection left open", i)
                            .startsWith("HTTP/1.1 200").contains("Hello!");
                    reused++;
                }
                assertThat(reused).as("connections kept open").isPositive();
                assertThat(server.served()).isEqualTo(clients + reused);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void manyCancelledStreamsAndMoreConcurrentRequestsThanAnyPoolLeaveTheServerIdleAndAnswering() throws Exception {
        int cancelled = 200;
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(HELLO, MODEL, "Hello there!", STREAM_MS,
                STREAM_MS))).start()) {
            for (int i = 0; i < cancelled; i++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write(request("POST", "/v1/chat/completions", body(true))
                            .getBytes(StandardCharsets.UTF_8));
                    assertThat(socket.getInputStream().read()).isPositive(); // the headers have come: cancel
                }
            }
            assertThat(server.awaitIdle(Duration.ofSeconds(20))).as("every cancelled stream has ended").isTrue();
            assertThat(server.disconnectCount()).isEqualTo(cancelled);
            assertThat(server.requests()).isEqualTo(cancelled);
            assertThat(server.served()).isZero();

            int concurrent = 300;
            try (HttpClient http = HttpClient.newHttpClient()) {
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString(body(false))).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> a : answers) {
                    assertThat(a.get().statusCode()).isEqualTo(200);
                    assertThat(a.get().body()).contains("Hello there!");
                }
            }
            assertThat(server.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(server.served()).isEqualTo(concurrent);
            assertThat(server.requests()).isEqualTo(cancelled + concurrent);
            assertThat(server.disconnectCount()).isEqualTo(cancelled);
        }
    }
}
