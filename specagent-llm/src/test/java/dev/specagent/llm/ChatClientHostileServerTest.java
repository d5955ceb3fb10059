package dev.specagent.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * The client against a raw-socket server that misbehaves as gateways, proxies and buggy servers do:
 * every call ends within its timeouts with the right answer or an {@link LlmException} of the right
 * kind, and what it spent makes sense.
 */
class ChatClientHostileServerTest {

    static final String MODEL = "gpt-4o-mini";
    static final ChatRequest HELLO = ChatRequest.ofUser("Say hello");
    static final ChatRequest PLAIN = HELLO.toBuilder().stream(false).build();
    /** The timeouts of {@link Hostile#timed()}, for the scenarios about them. */
    static final Duration FIRST_TOKEN = Duration.ofMillis(400);
    static final Duration TOTAL = Duration.ofMillis(900);
    /**
     * The longest a call of {@link Hostile#client()} may take: its server answers at once, so this bound is only
     * reached by a call that hangs. (These calls had the 400 ms first-token timeout of the timed scenarios, and a
     * parsing scenario now and then failed as a TIMEOUT on two busy cores.)
     */
    static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    /** What the server does with one connection, after reading the request. */
    interface Script {
        void serve(Socket socket, OutputStream out) throws Exception;
    }

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A loopback HTTP/1.1 server: one virtual thread per connection, each running the next script (the last one again). */
    final class Hostile implements AutoCloseable {
        final ServerSocket server;
        final List<Script> scripts;
        final AtomicInteger requests = new AtomicInteger();
        final CountDownLatch disconnected = new CountDownLatch(1);

        Hostile(Script... scripts) throws IOException {
            this.scripts = List.of(scripts);
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::acceptLoop);
            open.add(this);
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> handle(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void handle(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                if (!readRequest(in)) {
                    return;
                }
                int n = requests.getAndIncrement();
                scripts.get(Math.min(n, scripts.size() - 1)).serve(s, s.getOutputStream());
            } catch (IOException e) {
                disconnected.countDown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String base() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
        }

        /** A client whose timeouts a local answer meets however busy the machine: for what it reads. */
        ChatClient.Builder client() {
            return ChatClient.builder(LlmEndpoint.of(base(), MODEL))
                    .connectTimeout(Duration.ofSeconds(10)).firstTokenTimeout(Duration.ofSeconds(20))
                    .totalTimeout(Duration.ofSeconds(25))
                    .maxRetries(2).backoff(Duration.ofMillis(10), Duration.ofMillis(40)).seed(1);
        }

        /** A client with short timeouts ({@link #FIRST_TOKEN}, {@link #TOTAL}): for the scenarios about them. */
        ChatClient.Builder timed() {
            return client().connectTimeout(Duration.ofMillis(500)).firstTokenTimeout(FIRST_TOKEN).totalTimeout(TOTAL);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Reads a request's headers and its Content-Length body; false when the client went away first. */
    static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase();
                int at = headers.indexOf("content-length:");
                int length = at < 0 ? 0 : Integer.parseInt(headers.substring(at + 15, headers.indexOf('\r', at)).strip());
                in.readNBytes(length);
                return true;
            }
        }
        return false;
    }

    // ---- server scripts

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void write(OutputStream out, byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    static void write(OutputStream out, String data) throws IOException {
        write(out, bytes(data));
    }

    /**
     * A response head. It says {@code Connection: close} unless {@code headers} name the connection: {@link Hostile}
     * serves one request per connection, and a client that pooled the connection would race its close with the next
     * request (failing at random with {@code header parser received no bytes}).
     */
    static String head(int status, String... headers) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        if (Arrays.stream(headers).noneMatch(h -> h.regionMatches(true, 0, "Connection:", 0, 11))) {
            sb.append("Connection: close\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** A close-delimited SSE answer. */
    static String sseHead() {
        return head(200, "Content-Type: text/event-stream", "Connection: close");
    }

    static String chunk(String content, String finish) {
        ObjectNode c = CanonicalJson.MAPPER.createObjectNode();
        c.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("model", MODEL);
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return c.toString();
    }

    static String usageChunk(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    static String completion(String content) {
        return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"model\":\"" + MODEL
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + CanonicalJson.MAPPER.getNodeFactory().textNode(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";
    }

    static Script sse(String rawBody) {
        return (s, out) -> write(out, sseHead() + rawBody);
    }

    static Script json(String body) {
        byte[] b = bytes(body);
        return (s, out) -> {
            write(out, head(200, "Content-Type: application/json", "Content-Length: " + b.length));
            write(out, b);
        };
    }

    static Script status(int status, String... headers) {
        String body = "{\"error\":{\"message\":\"status " + status + " injected\",\"type\":\"x\"}}";
        List<String> h = new ArrayList<>(List.of(headers));
        h.add("Content-Type: application/json");
        h.add("Content-Length: " + bytes(body).length);
        return (s, out) -> write(out, head(status, h.toArray(String[]::new)) + body);
    }

    /** {@code text} compressed with {@code coding}: gzip or deflate. */
    static byte[] compressed(String coding, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = coding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(bytes(text));
        }
        return out.toByteArray();
    }

    /** A JSON answer with {@code status}, its body compressed with {@code coding}. */
    static Script encoded(int status, String coding, String body) throws IOException {
        return sent(status, "application/json", coding, compressed(coding, body));
    }

    /** An answer with {@code status} and {@code type} whose body, said to be in {@code coding}, is {@code bytes}. */
    static Script sent(int status, String type, String coding, byte[] bytes) {
        return (s, out) -> {
            write(out, head(status, "Content-Type: " + type, "Content-Encoding: " + coding,
                    "Content-Length: " + bytes.length));
            write(out, bytes);
        };
    }

    static final String EMBEDDING = "{\"object\":\"list\",\"model\":\"" + MODEL + "\",\"data\":[{\"object\":\"embedding\","
            + "\"index\":0,\"embedding\":[0.5,-0.25]}],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}";

    /** Holds the connection open until the client goes away (or the server closes). */
    static void silence(Socket s) throws IOException {
        s.setSoTimeout(5000);
        while (s.getInputStream().read() >= 0) {
            // the client sends nothing more; -1 or an exception is its disconnect
        }
        throw new IOException("client closed");
    }

    // ---- call helpers

    /** The call's outcome, which must arrive within {@code within}: a response or an LlmException, nothing else. */
    static Object outcome(ChatCall call, Duration within) {
        try {
            return call.response().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel();
            return fail("the call did not end within " + within.toMillis() + " ms");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            return e.getCause();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static LlmException failure(ChatCall call, Kind kind) {
        Object o = outcome(call, OUTCOME_WAIT);
        assertThat(o).as("outcome").isInstanceOf(LlmException.class);
        LlmException e = (LlmException) o;
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        assertThat(e.getMessage()).contains("127.0.0.1");
        return e;
    }

    static ChatResponse answer(ChatCall call) {
        Object o = outcome(call, OUTCOME_WAIT);
        if (o instanceof LlmException e) {
            throw new AssertionError("expected an answer, got " + e.kind() + ": " + e.getMessage(), e);
        }
        return (ChatResponse) o;
    }

    /** Waits until the client has counted a generated token, then lets the server go on (bytes still buffered would be lost to the break). */
    static void awaitTokens(ChatCall call, CountDownLatch counted) throws InterruptedException {
        long wait = System.nanoTime() + 2_000_000_000L;
        while (call.spentSoFar().completionTokens() == 0 && System.nanoTime() < wait) {
            Thread.sleep(1);
        }
        counted.countDown();
    }

    /**
     * A streamed call whose connection {@code h} breaks once the client has counted the first token (released by
     * {@code counted}) fails as CONNECTION, charged its prompt estimate and that one token.
     */
    static void assertConnectionBrokenAfterOneToken(Hostile h, CountDownLatch counted) throws Exception {
        try (ChatClient client = h.client().build()) {
            ChatCall call = client.start(HELLO);
            awaitTokens(call, counted);
            LlmException e = failure(call, Kind.CONNECTION);
            assertThat(e.spent().completionTokens()).isEqualTo(1);
            assertThat(e.spent().promptTokens()).isPositive();
        }
    }

    // ---- the scenarios

    @Test
    void slowLorisStreamEndsAtTheFirstTokenTimeoutAndTheServerSeesTheDisconnect() throws Exception {
        Hostile h = new Hostile((s, out) -> {
            write(out, sseHead());
            for (int i = 0; ; i++) {
                write(out, new byte[] {(byte) ("data: {\"id\"".charAt(i % 11))});
                Thread.sleep(200);
            }
        });
        try (ChatClient client = h.timed().build()) {
            LlmException e = failure(client.start(HELLO), Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("no first token");
            assertThat(e.spent().promptTokens()).isPositive();
            assertThat(e.spent().completionTokens()).isZero();
            assertThat(h.disconnected.await(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void slowLorisAfterTheFirstTokenEndsAtTheTotalTimeoutWithTheTokensCounted() throws Exception {
        Hostile h = new Hostile((s, out) -> {
            write(out, sseHead() + "data: " + chunk("Hi", null) + "\n\n");
            while (true) {
                write(out, ":");
                Thread.sleep(200);
            }
        });
        try (ChatClient client = h.timed().build()) {
            LlmException e = failure(client.start(HELLO), Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("no complete answer");
            assertThat(e.spent().completionTokens()).isEqualTo(1);
            assertThat(e.spent().promptTokens()).isPositive();
        }
    }

    @Test
    void slowLorisBodyOfANonStreamedAnswerTimesOut() throws Exception {
        Hostile h = new Hostile((s, out) -> {
            write(out, head(200, "Content-Type: application/json", "Content-Length: 100000"));
            while (true) {
                write(out, " ");
                Thread.sleep(200);
            }
        });
        try (ChatClient client = h.timed().build()) {
            LlmException e = failure(client.start(PLAIN), Kind.TIMEOUT);
            assertThat(e.spent().promptTokens()).isPositive();
        }
    }

    @Test
    void headersThenSilenceTimeOutStreamedAndNot() throws Exception {
        Hostile h = new Hostile((s, out) -> {
            write(out, sseHead());
            silence(s);
        });
        try (ChatClient client = h.timed().build()) {
            for (ChatRequest r : List.of(HELLO, PLAIN)) {
                long start = System.nanoTime();
                failure(client.start(r), Kind.TIMEOUT);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FIRST_TOKEN.plusMillis(400));
            }
        }
    }

    @Test
    void contentLengthLongerThanTheBodyIsAConnectionError() throws Exception {
        String body = completion("Hello");
        Hostile h = new Hostile((s, out) -> write(out, head(200, "Content-Type: application/json",
                "Content-Length: " + (body.length() + 50)) + body));
        try (ChatClient client = h.client().build()) {
            LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
            assertThat(e.spent().promptTokens()).isPositive();
        }
    }

    @Test
    void chunkedStreamCutMidChunkIsAConnectionErrorWithTheTokensCounted() throws Exception {
        CountDownLatch counted = new CountDownLatch(1);
        Hostile h = new Hostile((s, out) -> {
            write(out, head(200, "Content-Type: text/event-stream", "Transfer-Encoding: chunked"));
            String event = "data: " + chunk("Hel", null) + "\n\n";
            write(out, Integer.toHexString(bytes(event).length) + "\r\n" + event + "\r\n");
            counted.await(2, TimeUnit.SECONDS);
            String next = "data: " + chunk("lo", null) + "\n\n";
            write(out, Integer.toHexString(bytes(next).length) + "\r\n" + next.substring(0, 20));
        });
        assertConnectionBrokenAfterOneToken(h, counted);
    }

    @Test
    void eventsArrivingWithTheBreakAreAllCounted() throws Exception {
        // the headers, five whole events, half of a sixth and the close arrive together: the five were received
        StringBuilder all = new StringBuilder(head(200, "Content-Type: text/event-stream", "Transfer-Encoding: chunked"));
        for (int i = 0; i < 6; i++) {
            String event = "data: " + chunk("w" + i, null) + "\n\n";
            all.append(Integer.toHexString(bytes(event).length)).append("\r\n").append(i < 5 ? event + "\r\n" : event.substring(0, 20));
        }
        Hostile h = new Hostile((s, out) -> write(out, all.toString()));
        try (ChatClient client = h.client().build()) {
            assertThat(failure(client.start(HELLO), Kind.CONNECTION).spent().completionTokens()).isEqualTo(5);
        }
    }

    @Test
    void sseFramingVariantsAllGiveTheAnswer() throws Exception {
        String a = chunk("Hel", null);
        String b = chunk("lo", null);
        String end = chunk(null, "stop");
        String usage = usageChunk(7, 2);
        List<Script> variants = List.of(
                sse("data: " + a + "\r\n\r\ndata: " + b + "\r\n\r\ndata: " + end + "\r\n\r\ndata: " + usage + "\r\n\r\ndata: [DONE]\r\n\r\n"),
                (s, out) -> {
                    write(out, sseHead());
                    String all = "data: " + a + "\n\ndata: " + b + "\n\ndata: " + end + "\n\ndata: " + usage + "\n\ndata: [DONE]\n\n";
                    for (int i = 0; i < all.length(); i += 7) {
                        write(out, all.substring(i, Math.min(all.length(), i + 7)));
                        Thread.sleep(1);
                    }
                },
                sse(": keep-alive\n\n: OPENROUTER PROCESSING\n\ndata: " + a + "\n\n:ping\nid: 3\nretry: 100\n\ndata: " + b
                        + "\n\ndata: " + end + "\n\ndata: " + usage + "\n\n"),
                // one event in two data lines, split where JSON allows a line break
                sse("data: " + a.substring(0, a.indexOf("\"object\"")) + "\ndata: " + a.substring(a.indexOf("\"object\""))
                        + "\n\ndata: " + b + "\n\ndata: " + end
                        + "\n\ndata: " + usage + "\n\ndata: [DONE]\n\n"),
                sse("data: " + a + "\n\ndata: " + b + "\n\ndata: " + end + "\n\ndata: " + usage + "\n\n"),
                sse("data: " + a + "\n\ndata: " + b + "\n\ndata: " + end + "\n\ndata: " + usage));
        for (Script variant : variants) {
            Hostile h = new Hostile(variant);
            try (ChatClient client = h.client().build()) {
                ChatResponse r = answer(client.start(HELLO));
                assertThat(r.content()).isEqualTo("Hello");
                assertThat(r.finishReason()).isEqualTo("stop");
                assertThat(r.usage().promptTokens()).isEqualTo(7);
                assertThat(r.usage().completionTokens()).isEqualTo(2);
            }
        }
    }

    @Test
    void aStreamThatNeitherEndsNorClosesAfterTheAnswerCompletesAfterTheGrace() throws Exception {
        String hel = "data: " + chunk("Hel", null) + "\n\n";
        String end = "data: " + chunk("lo", "stop") + "\n\n";
        String usage = "data: " + usageChunk(7, 2) + "\n\n";
        String endWithUsage = "data: " + chunk("lo", "stop").replaceFirst("}$", ",\"usage\":{\"prompt_tokens\":7,"
                + "\"completion_tokens\":2,\"total_tokens\":9}}") + "\n\n";
        List<Script> servers = List.of(
                // the usage in its own chunk, longer after the finish chunk than the grace, then keep-alives, no [DONE]
                (s, out) -> {
                    write(out, sseHead() + hel + end);
                    Thread.sleep(600);
                    write(out, usage + ": keep-alive\n\n");
                    silence(s);
                },
                // the usage in the finish chunk (llama.cpp)
                (s, out) -> {
                    write(out, sseHead() + hel + endWithUsage);
                    silence(s);
                });
        for (Script server : servers) {
            Hostile h = new Hostile(server);
            try (ChatClient client = h.client().streamEndGrace(Duration.ofMillis(400)).totalTimeout(Duration.ofSeconds(5)).build()) {
                ChatResponse r = answer(client.start(HELLO));
                assertThat(r.content()).isEqualTo("Hello");
                assertThat(r.finishReason()).isEqualTo("stop");
                assertThat(r.usageReported()).isTrue();
                assertThat(r.usage().promptTokens()).isEqualTo(7);
                assertThat(h.disconnected.await(2, TimeUnit.SECONDS)).as("the server sees the disconnect").isTrue();
            }
        }
    }

    @Test
    void aByteOrderMarkBeforeTheFirstEventIsIgnored() throws Exception {
        Hostile h = new Hostile(sse("\uFEFFdata: " + chunk("Hel", null) + "\n\ndata: " + chunk("lo", "stop")
                + "\n\ndata: [DONE]\n\n"));
        try (ChatClient client = h.client().build()) {
            assertThat(answer(client.start(HELLO)).content()).isEqualTo("Hello");
        }
    }

    /**
     * A redirect names where it points, chat and embeddings alike: an endpoint given as {@code http://} that the server
     * moves to {@code https://} failed with "HTTP 301 from URL: " and the body, which is often empty, so the user could
     * not tell what to change.
     */
    @Test
    void aRedirectNamesItsLocation() throws Exception {
        String to = "https://llm.example/v1/chat/completions";
        Hostile h = new Hostile((s, out) -> write(out, head(301, "Location: " + to, "Content-Length: 0")));
        try (ChatClient client = h.client().build()) {
            LlmException chat = failure(client.start(PLAIN), Kind.CLIENT_ERROR);
            LlmException embeddings = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            for (LlmException e : List.of(chat, embeddings)) {
                assertThat(e.status()).isEqualTo(301);
                assertThat(e.getMessage()).contains("HTTP 301 from " + h.base()).contains(", redirecting to " + to
                        + " (the client does not follow redirects: give the endpoint as the URL the server names)");
            }
        }
        Hostile noLocation = new Hostile((s, out) -> write(out, head(302, "Content-Length: 0")));
        try (ChatClient client = noLocation.client().build()) {
            assertThat(failure(client.start(PLAIN), Kind.CLIENT_ERROR).getMessage()).doesNotContain("redirecting");
        }
    }

    /**
     * A JSON body that starts with a UTF-8 byte order mark (some Windows-hosted gateways write one) is read as the JSON
     * after it, an answer, an embeddings answer and an error alike, as a stream's is: it failed as a malformed answer
     * ("Unexpected character ('\uFEFF')"), and an error's message was quoted with the raw body.
     */
    @Test
    void aByteOrderMarkBeforeAJsonBodyIsIgnored() throws Exception {
        Hostile h = new Hostile(json("\uFEFF" + completion("Hello")), json("\uFEFF" + EMBEDDING),
                (s, out) -> write(out, head(400, "Content-Type: application/json", "Content-Length: "
                        + bytes("\uFEFF{\"error\":{\"message\":\"unknown model\"}}").length)
                        + "\uFEFF{\"error\":{\"message\":\"unknown model\"}}"));
        try (ChatClient client = h.client().build()) {
            assertThat(answer(client.start(PLAIN)).content()).isEqualTo("Hello");
            assertThat(client.embed(List.of("a")).vectors().getFirst()).containsExactly(0.5, -0.25);
            assertThat(failure(client.start(PLAIN), Kind.CLIENT_ERROR).getMessage()).endsWith(": unknown model");
        }
    }

    /**
     * An empty answer (a 204, a proxy's 200 without a body) says it is empty, chat and embeddings alike: it said
     * "the response body is not a JSON object: " followed by nothing, and an embeddings answer "expected data with 1
     * embeddings".
     */
    @Test
    void anEmptyAnswerSaysItIsEmpty() throws Exception {
        Script noContent = (s, out) -> write(out, head(204, "Content-Length: 0"));
        Script empty = (s, out) -> write(out, head(200, "Content-Type: application/json", "Content-Length: 2") + "\r\n");
        Hostile h = new Hostile(noContent, noContent, empty, empty);
        try (ChatClient client = h.client().maxRetries(0).build()) {
            assertThat(failure(client.start(PLAIN), Kind.MALFORMED_RESPONSE).getMessage())
                    .endsWith(": the response body is empty (HTTP 204)");
            LlmException e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).endsWith(": the body is empty (HTTP 204)");
            assertThat(e.status()).as("the answer's status, not 200").isEqualTo(204);
            assertThat(failure(client.start(PLAIN), Kind.MALFORMED_RESPONSE).getMessage())
                    .endsWith(": the response body is empty (HTTP 200)");
            assertThat(catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a"))).getMessage())
                    .endsWith(": the body is empty (HTTP 200)");
        }
    }

    @Test
    void multiByteCharactersSplitAcrossWritesAndChunks() throws Exception {
        // the emoji's surrogate pair is split between two chunks (JSON escapes, as a server that cuts UTF-16 writes them)
        String first = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"w\",\"arguments\":\"\"}}]}}]}";
        String piece1 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                + "\"{\\\"city\\\":\\\"Z\u00fcrich \\ud83d\"}}]}}]}";
        String piece2 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                + "\"\\ude00\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        byte[] all = bytes("data: " + first + "\n\ndata: " + piece1 + "\n\ndata: " + piece2 + "\n\ndata: [DONE]\n\n");
        Hostile h = new Hostile((s, out) -> {
            write(out, sseHead());
            for (byte b : all) {
                out.write(b);
                if (b < 0) {
                    out.flush();
                    Thread.sleep(2);
                }
            }
            out.flush();
        });
        try (ChatClient client = h.client().build()) {
            ChatResponse r = answer(client.start(HELLO));
            assertThat(r.toolCalls()).hasSize(1);
            assertThat(r.toolCalls().get(0).arguments().get("city").asText()).isEqualTo("Z\u00fcrich \uD83D\uDE00");
        }
    }

    @Test
    void toolCallDeltasOutOfOrderAreMergedByIndex() throws Exception {
        String c1 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"x\\\":\"}}]}}]}";
        String c2 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"y\\\":\"}}]}}]}";
        String c3 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"2}\"}},{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        Hostile h = new Hostile(sse("data: " + c1 + "\n\ndata: " + c2 + "\n\ndata: " + c3 + "\n\n"));
        try (ChatClient client = h.client().build()) {
            ChatResponse r = answer(client.start(HELLO));
            assertThat(r.toolCalls()).extracting(t -> t.id() + t.name() + t.argumentsJson())
                    .containsExactly("af{\"y\":1}", "bg{\"x\":2}");
        }
    }

    @Test
    void toolCallDeltasWithoutIndexContinueTheCallTheyBelongTo() throws Exception {
        String c1 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}";
        String c2 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"y\\\":\"}}]}}]}";
        String c3 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"1}\"}}]}}]}";
        String c4 = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        Hostile h = new Hostile(sse("data: " + c1 + "\n\ndata: " + c2 + "\n\ndata: " + c3 + "\n\ndata: " + c4 + "\n\n"));
        try (ChatClient client = h.client().build()) {
            ChatResponse r = answer(client.start(HELLO));
            assertThat(r.toolCalls()).extracting(t -> t.id() + t.name() + t.argumentsJson())
                    .containsExactly("af{\"y\":1}", "bg{}");
        }
    }

    @Test
    void anErrorEventIsAServerErrorQuotingIt() throws Exception {
        Hostile h = new Hostile(sse("data: " + chunk("Hel", null) + "\n\nevent: error\ndata: {\"message\":\"upstream overloaded\"}\n\n"));
        try (ChatClient client = h.client().build()) {
            LlmException e = failure(client.start(HELLO), Kind.SERVER_ERROR);
            assertThat(e.getMessage()).contains("upstream overloaded");
            assertThat(e.spent().completionTokens()).isEqualTo(1);
        }
    }

    @Test
    void anHtmlPageWithStatus200IsMalformed() throws Exception {
        String html = "<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>\n";
        Hostile h = new Hostile((s, out) -> write(out, head(200, "Content-Type: text/html",
                "Content-Length: " + html.length()) + html));
        try (ChatClient client = h.client().build()) {
            for (ChatRequest r : List.of(HELLO, PLAIN)) {
                LlmException e = failure(client.start(r), Kind.MALFORMED_RESPONSE);
                assertThat(e.getMessage()).contains("502 Bad Gateway");
            }
        }
    }

    @Test
    void aJsonErrorWithStatus200ToAStreamedRequestIsAServerErrorQuotingIt() throws Exception {
        Hostile h = new Hostile(json("{\"error\":{\"message\":\"model is loading\",\"type\":\"unavailable\"}}"));
        try (ChatClient client = h.client().build()) {
            assertThat(failure(client.start(HELLO), Kind.SERVER_ERROR).getMessage()).contains("model is loading");
        }
    }

    @Test
    void aWholeJsonAnswerToAStreamedRequestIsTheAnswer() throws Exception {
        Hostile h = new Hostile(json(completion("Hello")));
        try (ChatClient client = h.client().build()) {
            assertThat(answer(client.start(HELLO)).content()).isEqualTo("Hello");
        }
    }

    @Test
    void invalidToolArgumentsNameTheEndpoint() throws Exception {
        String call = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        Hostile h = new Hostile(sse("data: " + call + "\n\ndata: [DONE]\n\n"));
        try (ChatClient client = h.client().build()) {
            LlmException e = failure(client.start(HELLO), Kind.INVALID_TOOL_ARGUMENTS);
            assertThat(e.getMessage()).contains("{oops");
            assertThat(e.status()).isEqualTo(200);
        }
    }

    @Test
    void textAfterTheJsonOfABodyAnEventOrToolArgumentsIsMalformed() throws Exception {
        // Jackson reads the first value and drops what follows unless told otherwise: each of these passed as its first
        String call = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\": 1} {\\\"b\\\": 2}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        Hostile h = new Hostile(json(completion("Hello") + "\n{\"note\": \"from a proxy\"}"),
                sse("data: " + chunk("Hello", "stop") + " {}\n\ndata: [DONE]\n\n"),
                sse("data: " + call + "\n\ndata: [DONE]\n\n"),
                json(EMBEDDING + " trailing"));
        try (ChatClient client = h.client().build()) {
            assertThat(failure(client.start(PLAIN), Kind.MALFORMED_RESPONSE).getMessage())
                    .contains("the response body is not JSON (line 2, column 1: a second JSON value follows the first "
                            + "(only one is allowed))");
            assertThat(failure(client.start(HELLO), Kind.MALFORMED_RESPONSE).getMessage())
                    .contains("stream event 1 (line ").contains(") is not JSON (line 1, column ")
                    .contains("a second JSON value follows the first");
            LlmException arguments = failure(client.start(HELLO), Kind.INVALID_TOOL_ARGUMENTS);
            assertThat(arguments.getMessage()).contains("{\"a\": 1} {\"b\": 2}")
                    .contains("a second JSON value follows the first");
            LlmException embeddings = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            assertThat(embeddings.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
            assertThat(embeddings.getMessage()).contains("the body is not JSON (line 1, column ").contains("'trailing'");
        }
    }

    @Test
    void aGzippedAnswerTheClientNeverAskedForIsDecoded() throws Exception {
        Hostile h = new Hostile(encoded(200, "gzip", completion("Hello")));
        try (ChatClient client = h.client().build()) {
            assertThat(answer(client.start(PLAIN)).content()).isEqualTo("Hello");
        }
    }

    @Test
    void aCompressedErrorBodyIsQuotedDecoded() throws Exception {
        for (String coding : List.of("gzip", "deflate")) {
            Hostile h = new Hostile(encoded(400, coding, "{\"error\":{\"message\":\"unknown model\",\"type\":\"x\"}}"));
            try (ChatClient client = h.client().build()) {
                assertThat(failure(client.start(HELLO), Kind.CLIENT_ERROR).getMessage()).as(coding).endsWith(": unknown model");
            }
        }
    }

    /**
     * A gzip body that starts as gzip but is corrupt further on (its first block of an invalid type) is a malformed
     * answer, as one that does not start as gzip is, for a chat answer, a chat stream and an embeddings answer: it was
     * reported as a broken connection (CONNECTION).
     */
    @Test
    void aCorruptGzipBodyIsAMalformedAnswer() throws Exception {
        byte[] json = compressed("gzip", completion("Hello"));
        byte[] stream = compressed("gzip", "data: " + chunk("Hello", "stop") + "\n\ndata: [DONE]\n\n");
        for (byte[] body : List.of(json, stream)) {
            Arrays.fill(body, 10, body.length, (byte) 0xff); // after the 10-byte gzip header
        }
        Hostile h = new Hostile(sent(200, "application/json", "gzip", json),
                sent(200, "text/event-stream", "gzip", stream), sent(200, "application/json", "gzip", json));
        try (ChatClient client = h.client().maxRetries(0).build()) {
            List<LlmException> errors = new ArrayList<>();
            errors.add(failure(client.start(PLAIN), Kind.MALFORMED_RESPONSE));
            errors.add(failure(client.start(HELLO), Kind.MALFORMED_RESPONSE));
            errors.add(catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a"))));
            assertThat(errors).allSatisfy(e -> {
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.MALFORMED_RESPONSE);
                assertThat(e.getMessage()).contains("the body is not valid gzip: invalid block type");
            });
        }
    }

    /**
     * A deflate body without the zlib wrapper (raw deflate, which some servers send) is decoded as browsers decode it,
     * for a chat answer and an embeddings answer: it failed as CONNECTION ("incorrect header check").
     */
    @Test
    void aRawDeflateBodyIsDecoded() throws Exception {
        Hostile h = new Hostile(sent(200, "application/json", "deflate", rawDeflated(completion("Hello"))),
                sent(200, "application/json", "deflate", rawDeflated(EMBEDDING)));
        try (ChatClient client = h.client().maxRetries(0).build()) {
            assertThat(answer(client.start(PLAIN)).content()).isEqualTo("Hello");
            assertThat(client.embed(List.of("a")).vectors().getFirst()).containsExactly(0.5, -0.25);
        }
    }

    /** {@code text} compressed as raw deflate, without the zlib header and checksum. */
    static byte[] rawDeflated(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try (OutputStream z = new DeflaterOutputStream(out, deflater)) {
            z.write(bytes(text));
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    @Test
    void compressedEmbeddingsAnswersAndErrorsAreDecoded() throws Exception {
        for (String coding : List.of("gzip", "deflate")) {
            Hostile h = new Hostile(encoded(200, coding, EMBEDDING),
                    encoded(400, coding, "{\"error\":{\"message\":\"input too long\",\"type\":\"x\"}}"));
            try (ChatClient client = h.client().build()) {
                assertThat(client.embed(List.of("a")).vectors().get(0)).as(coding).containsExactly(0.5, -0.25);
                LlmException e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("b")));
                assertThat(e.kind()).isEqualTo(Kind.CLIENT_ERROR);
                assertThat(e.getMessage()).as(coding).endsWith(": input too long");
            }
        }
        Hostile h = new Hostile((s, out) -> write(out, head(200, "Content-Type: application/json",
                "Content-Encoding: br", "Content-Length: 3") + "abc"));
        try (ChatClient client = h.client().build()) {
            LlmException e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).contains("127.0.0.1").contains("encoded as br");
        }
    }

    /**
     * An embeddings model shares its server's URL with the chat models, so every embeddings error starts with the
     * model, as chat errors do: before, only an HTTP status said "for model M", and a refused connection, a timeout,
     * a body that is not JSON or a wrong number of vectors named only the URL.
     */
    @Test
    void everyEmbeddingsErrorStartsWithTheModelOnce() throws Exception {
        String twoVectors = EMBEDDING.replace("]}],", "]},{\"object\":\"embedding\",\"index\":1,\"embedding\":[1.0]}],");
        Hostile h = new Hostile(json(twoVectors), json("not json"),
                (s, out) -> {
                    String error = "{\"error\":{\"message\":\"no such model\"}}";
                    write(out, head(404, "Content-Type: application/json", "Content-Length: " + error.length()) + error);
                },
                (s, out) -> Thread.sleep(3000));
        ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int refusedPort = closed.getLocalPort();
        closed.close();
        String prefix = "model " + MODEL + ": ";
        // only the silent server's request is to time out: the others end sooner than any loaded machine makes them
        try (ChatClient client = h.client().maxRetries(0).build();
             ChatClient timed = h.client().maxRetries(0).totalTimeout(Duration.ofMillis(300)).build();
             ChatClient refused = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + refusedPort + "/v1", MODEL))
                     .maxRetries(0).build()) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ChatClient c = i < 3 ? client : timed;
                messages.add(catchThrowableOfType(LlmException.class, () -> c.embed(List.of("a"))).getMessage());
            }
            messages.add(catchThrowableOfType(LlmException.class, () -> refused.embed(List.of("a"))).getMessage());
            assertThat(messages.get(0)).startsWith(prefix + "malformed embeddings answer from ")
                    .contains("expected \"data\" with 1 embeddings");
            assertThat(messages.get(1)).startsWith(prefix + "malformed embeddings answer from ").contains("not json");
            assertThat(messages.get(2)).startsWith(prefix + "HTTP 404 from ").endsWith(": no such model");
            assertThat(messages.get(3)).startsWith(prefix + "no answer from ").contains("within 300 ms");
            // a refused connection reads as a chat call's does (before: "cannot reach URL: java.net.ConnectException")
            String chat = catchThrowableOfType(LlmException.class, () -> refused.complete(PLAIN)).getMessage();
            assertThat(chat).startsWith(prefix + "cannot connect to http://127.0.0.1:" + refusedPort + "/v1/chat/");
            assertThat(messages.get(4))
                    .startsWith(prefix + "cannot connect to http://127.0.0.1:" + refusedPort + "/v1/embeddings: ")
                    .doesNotContain("java.net")
                    .isEqualTo(chat.replace("/v1/chat/completions", "/v1/embeddings"));
            assertThat(messages).allSatisfy(m -> assertThat(m.indexOf(MODEL)).as(m).isEqualTo(m.lastIndexOf(MODEL)));
        }
    }

    /**
     * A server's error message is quoted up to 1,000 characters: a 200 whose body is an error object of 1 MB, or an
     * error event in a stream, made a message of 1 MB (a 4xx's of up to 64 KB, the part of its body the client reads).
     */
    @Test
    void aHugeServerErrorMessageIsQuotedAbbreviated() throws Exception {
        String huge = "x".repeat(1_000_000);
        String error = "{\"error\":{\"message\":\"" + huge + "\",\"type\":\"x\"}}";
        Hostile h = new Hostile(json(error), sse("data: " + error + "\n\n"),
                (s, out) -> write(out, head(400, "Content-Type: application/json", "Content-Length: " + error.length())
                        + error));
        try (ChatClient client = h.client().build()) {
            List<LlmException> errors = List.of(failure(client.start(PLAIN), Kind.SERVER_ERROR),
                    failure(client.start(HELLO), Kind.SERVER_ERROR), failure(client.start(PLAIN), Kind.CLIENT_ERROR));
            assertThat(errors).allSatisfy(e -> {
                assertThat(e.getMessage()).contains("xxxxxxxxxx");
                assertThat(e.getMessage().length()).as(e.kind() + " message length").isLessThan(1_200);
            });
        }
    }

    /**
     * An embeddings answer with the wrong number of vectors is quoted abbreviated, as every other answer is: the
     * message quoted the whole {@code data} array, here two vectors of 50,000 numbers (over 400 KB of message).
     */
    @Test
    void aWrongNumberOfLongVectorsIsQuotedAbbreviated() throws Exception {
        String vector = "[" + "0.125,".repeat(49_999) + "0.125]";
        String twoLong = "{\"object\":\"list\",\"model\":\"" + MODEL + "\",\"data\":[{\"index\":0,\"embedding\":" + vector
                + "},{\"index\":1,\"embedding\":" + vector + "}],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}";
        Hostile h = new Hostile(json(twoLong));
        try (ChatClient client = h.client().build()) {
            LlmException e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).contains("expected \"data\" with 1 embeddings, got [{\"index\":0,");
            assertThat(e.getMessage().length()).as("message length").isLessThan(1_000);
        }
    }

    /**
     * A connection that breaks while an embeddings answer is read reads as a chat call's does: {@code connection to
     * URL broke: ...} (it said {@code cannot reach URL: ...}, as if the server had never been reached).
     */
    @Test
    void anEmbeddingsAnswerCutShortReadsAsABrokenChatConnection() throws Exception {
        Hostile h = new Hostile((s, out) -> write(out, head(200, "Content-Type: application/json",
                "Content-Length: 1000") + "{\"object\":\"list\","));
        try (ChatClient client = h.client().maxRetries(0).build()) {
            LlmException chat = failure(client.start(PLAIN), Kind.CONNECTION);
            LlmException embeddings = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            assertThat(embeddings.kind()).isEqualTo(Kind.CONNECTION);
            assertThat(chat.getMessage()).startsWith("model " + MODEL + ": connection to " + h.base()
                    + "/chat/completions broke: ");
            assertThat(embeddings.getMessage())
                    .isEqualTo(chat.getMessage().replace("/v1/chat/completions", "/v1/embeddings"));
        }
    }

    /**
     * The status of a failure is that of the answer it happened on, for an embeddings request as for a chat call: a
     * 503 retried, then a 200 whose body breaks off, fails as {@code CONNECTION} with status 200. An embeddings request
     * noted the status only once the body was read, so the break reported the 503 of the try before.
     */
    @Test
    void aBrokenAnswerAfterARetried503KeepsItsOwnStatusForEmbeddingsAsForChat() throws Exception {
        Script cutShort = (s, out) -> write(out, head(200, "Content-Type: application/json", "Content-Length: 1000")
                + "{\"object\":\"list\",");
        for (boolean embeddings : List.of(false, true)) {
            Hostile h = new Hostile(status(503), cutShort);
            try (ChatClient client = h.client().maxRetries(1).build()) {
                LlmException e = embeddings
                        ? catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")))
                        : failure(client.start(PLAIN), Kind.CONNECTION);
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.CONNECTION);
                assertThat(e.getMessage()).contains(" broke: ");
                assertThat(e.status()).as((embeddings ? "embeddings: " : "chat: ") + e.getMessage()).isEqualTo(200);
                assertThat(h.requests.get()).isEqualTo(2);
            }
        }
    }

    @Test
    void aGzippedStreamStillStreams() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        Hostile h = new Hostile((s, out) -> {
            write(out, head(200, "Content-Type: text/event-stream", "Content-Encoding: gzip", "Connection: close"));
            GZIPOutputStream gz = new GZIPOutputStream(out, true);
            gz.write(bytes("data: " + chunk("Hel", null) + "\n\n"));
            gz.flush();
            firstRead.await(2, TimeUnit.SECONDS);
            gz.write(bytes("data: " + chunk("lo", "stop") + "\n\ndata: [DONE]\n\n"));
            gz.finish();
        });
        try (ChatClient client = h.client().build()) {
            ChatCall call = client.start(HELLO);
            long wait = System.nanoTime() + 2_000_000_000L;
            while (call.spentSoFar().completionTokens() == 0 && System.nanoTime() < wait) {
                Thread.sleep(1);
            }
            assertThat(call.spentSoFar().completionTokens()).isEqualTo(1);
            firstRead.countDown();
            assertThat(answer(call).content()).isEqualTo("Hello");
        }
    }

    @Test
    void aCodingTheClientCannotDecodeIsMalformed() throws Exception {
        Hostile h = new Hostile((s, out) -> write(out, head(200, "Content-Type: application/json",
                "Content-Encoding: br", "Content-Length: 3") + "abc"));
        try (ChatClient client = h.client().build()) {
            assertThat(failure(client.start(PLAIN), Kind.MALFORMED_RESPONSE).getMessage()).contains("encoded as br");
        }
    }

    /**
     * A Retry-After of an hour, of more seconds than a long holds, or that is no number, is capped at the client's
     * backoff maximum (40 ms) or taken as absent, and the call retried. The client never waits longer than the time
     * left (RetryDelay.leavesTime): with a total timeout of 2 s, a wait not capped so would end the call with the 429
     * instead of the answer. Not timed by the test: a bound of 400 ms on the whole call (a fresh client, two
     * exchanges) failed on a loaded machine (533 ms with the wait capped).
     */
    @Test
    void retryAfterAsDateHugeOrGarbageIsCappedAndRetried() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        for (String retryAfter : List.of(date, "99999999999999999999999", "1e400", "soon", "NaN", "-5", "Infinity")) {
            Hostile h = new Hostile(status(429, "Retry-After: " + retryAfter), json(completion("Hello")));
            try (ChatClient client = h.client().totalTimeout(Duration.ofSeconds(2)).build()) {
                assertThat(answer(client.start(PLAIN)).content()).as(retryAfter).isEqualTo("Hello");
                assertThat(h.requests.get()).isEqualTo(2);
            }
        }
    }

    @Test
    void aStormOf503LongerThanTheRetriesIsAServerError() throws Exception {
        Hostile h = new Hostile(status(503));
        try (ChatClient client = h.client().build()) {
            LlmException e = failure(client.start(HELLO), Kind.SERVER_ERROR);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
            assertThat(h.requests.get()).isEqualTo(3);
        }
    }

    @Test
    void aSlowErrorBodyEndsAtTheTimeoutNotAfterTheBackoff() throws Exception {
        Hostile h = new Hostile((s, out) -> {
            write(out, head(503, "Content-Type: application/json", "Content-Length: 1000") + "{\"error\":");
            silence(s);
        });
        try (ChatClient client = h.timed().backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).build()) {
            long start = System.nanoTime();
            failure(client.start(HELLO), Kind.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FIRST_TOKEN.plusMillis(400));
        }
    }

    @Test
    void tensOfMegabytesAreRead() throws Exception {
        String big = "x".repeat(1 << 20);
        Hostile h = new Hostile((s, out) -> {
            write(out, sseHead());
            for (int i = 0; i < 20; i++) {
                write(out, "data: " + chunk(big, null) + "\n\n");
            }
            write(out, "data: " + chunk(null, "stop") + "\n\ndata: [DONE]\n\n");
        }, json(completion("y".repeat(15 << 20))));
        try (ChatClient client = h.client().totalTimeout(Duration.ofSeconds(5)).firstTokenTimeout(Duration.ofSeconds(5)).build()) {
            assertThat(client.start(HELLO).await().content()).hasSize(20 << 20);
            assertThat(client.start(PLAIN).await().content()).hasSize(15 << 20);
        }
    }

    @Test
    void aStringLongerThanJacksonsDefaultLimitIsRead() throws Exception {
        // Jackson refuses strings over 20,000,000 characters by default; the client's own limit is 64 MiB
        String longer = "z".repeat(20_000_001);
        Hostile h = new Hostile(sse("data: " + chunk(longer, "stop") + "\n\ndata: [DONE]\n\n"), json(completion(longer)));
        try (ChatClient client = h.client().totalTimeout(Duration.ofSeconds(5)).firstTokenTimeout(Duration.ofSeconds(5)).build()) {
            assertThat(client.start(HELLO).await().content()).hasSize(longer.length());
            assertThat(client.start(PLAIN).await().content()).hasSize(longer.length());
        }
    }

    @Test
    void anAnswerOverTheSizeLimitIsMalformedSayingSo() throws Exception {
        String big = "y".repeat(2 << 20);
        Hostile h = new Hostile(json(completion(big)), sse("data: " + chunk(big, null) + "\n\n"),
                sse(": ok\n\ndata: " + chunk("a", null) + "\n\ndata: " + big), json(EMBEDDING.replace("[0.5", "[" + "0".repeat(2 << 20) + ".5")));
        try (ChatClient client = h.client().maxResponseBytes(1 << 20).build()) {
            assertThat(failure(client.start(PLAIN), Kind.MALFORMED_RESPONSE).getMessage())
                    .contains("the answer exceeds the client's limit of 1048576 bytes");
            assertThat(failure(client.start(HELLO), Kind.MALFORMED_RESPONSE).getMessage())
                    .contains("stream event 1 (line 1) exceeds the client's limit of 1048576 characters");
            LlmException second = failure(client.start(HELLO), Kind.MALFORMED_RESPONSE);
            assertThat(second.getMessage()).contains("stream event 2 (line 5) exceeds the client's limit of 1048576 characters");
            assertThat(second.spent().completionTokens()).isEqualTo(1);
            LlmException e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).contains("127.0.0.1").contains("the answer exceeds the client's limit of 1048576 bytes");
        }
    }

    @Test
    void jsonBeyondAnotherLimitOfTheParserIsSaidToBe() throws Exception {
        String deep = "[".repeat(1001) + "]".repeat(1001);
        Hostile h = new Hostile(json("{\"choices\":" + deep + "}"), sse("data: " + deep + "\n\n"));
        try (ChatClient client = h.client().build()) {
            assertThat(failure(client.start(PLAIN), Kind.MALFORMED_RESPONSE).getMessage())
                    .contains("the response body exceeds a limit of the JSON parser (").contains("nesting depth");
            assertThat(failure(client.start(HELLO), Kind.MALFORMED_RESPONSE).getMessage())
                    .contains("stream event 1 (line 2) exceeds a limit of the JSON parser (");
        }
    }

    @Test
    void aResetMidStreamIsAConnectionErrorWithTheTokensCounted() throws Exception {
        CountDownLatch counted = new CountDownLatch(1);
        Hostile h = new Hostile((s, out) -> {
            write(out, sseHead() + "data: " + chunk("Hel", null) + "\n\n");
            counted.await(2, TimeUnit.SECONDS);
            s.setSoLinger(true, 0);
            s.close();
        });
        assertConnectionBrokenAfterOneToken(h, counted);
    }

    @Test
    void aServerClosingRightAfterAcceptingIsAConnectionError() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    server.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        });
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + server.getLocalPort() + "/v1", MODEL))
                .totalTimeout(TOTAL).build()) {
            for (ChatRequest r : List.of(HELLO, PLAIN)) {
                LlmException e = failure(client.start(r), Kind.CONNECTION);
                assertThat(e.spent()).isEqualTo(Usage.ZERO);
            }
        }
    }

    @Test
    void cancelDuringHeadersThenSilenceReturnsThePromptEstimateAndCloses() throws Exception {
        CountDownLatch served = new CountDownLatch(1);
        Hostile h = new Hostile((s, out) -> {
            write(out, sseHead() + "data: " + chunk("Hel", null) + "\n\n");
            served.countDown();
            silence(s);
        });
        try (ChatClient client = h.client().build()) {
            ChatCall call = client.start(HELLO);
            assertThat(served.await(2, TimeUnit.SECONDS)).isTrue();
            long wait = System.nanoTime() + 2_000_000_000L;
            while (call.spentSoFar().completionTokens() == 0 && System.nanoTime() < wait) {
                Thread.onSpinWait();
            }
            Usage spent = call.cancel();
            assertThat(spent.completionTokens()).isEqualTo(1);
            assertThat(spent.promptTokens()).isPositive();
            assertThat(call.response()).isCancelled();
            try {
                call.await();
                fail("cancelled");
            } catch (CancellationException expected) {
                // the await of a cancelled call
            }
            assertThat(h.disconnected.await(2, TimeUnit.SECONDS)).isTrue();
        }
    }
}
