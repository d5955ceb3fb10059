package dev.specagent.llm;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.internal.TokenEstimate;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceReader;
import dev.specagent.llm.trace.TraceRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * When a chat call charges its prompt, over real sockets (docs/llm.md, "Cancellation that stops the spend"): only
 * once the whole request was handed to the connection and the server did not reject it. A cancel or timeout before
 * that (connection refused, host unknown, still connecting, TLS handshake, a server that stopped reading the body)
 * and a 4xx/5xx answer charge nothing; one after it charges the client's estimate of the prompt.
 */
class PromptChargeTest {

    static final String MODEL = "gpt-4o-mini";
    static final ChatRequest HELLO = ChatRequest.ofUser("Say hello");

    final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void cancelsWhileTheConnectionIsRefusedChargeNothing() throws Exception {
        ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = closed.getLocalPort();
        closed.close();
        try (ChatClient client = client(LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", MODEL))) {
            Random random = new Random(11);
            for (int i = 0; i < 60; i++) {
                ChatCall call = client.start(HELLO);
                spinMicros(random.nextInt(3000));
                assertThat(call.cancel()).as("cancel %d", i).isEqualTo(Usage.ZERO);
            }
        }
        // tried four times (ConnectionRetryTest), none charged
        try (ChatClient client = quickRetries(LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", MODEL))) {
            assertThat(failure(client.start(HELLO), Kind.CONNECTION).spent()).isEqualTo(Usage.ZERO);
        }
    }

    @Test
    void cancelsWhileTheHostIsLookedUpChargeNothing() throws Exception {
        // .invalid never resolves (RFC 2606)
        try (ChatClient client = client(LlmEndpoint.of("http://no-such-host.invalid/v1", MODEL))) {
            Random random = new Random(5);
            for (int i = 0; i < 30; i++) {
                ChatCall call = client.start(HELLO);
                spinMicros(random.nextInt(5000));
                assertThat(call.cancel()).as("cancel %d", i).isEqualTo(Usage.ZERO);
            }
            assertThat(failure(client.start(HELLO), Kind.CONNECTION).spent()).isEqualTo(Usage.ZERO);
        }
    }

    @Test
    void aConnectionNeverEstablishedChargesNothingWhetherCancelledOrTimedOut() throws Exception {
        int port = listenerThatDropsNewConnections();
        LlmEndpoint endpoint = LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", MODEL);
        try (ChatClient client = client(endpoint)) {
            ChatCall call = client.start(HELLO);
            Thread.sleep(300);
            assertThat(call.cancel()).isEqualTo(Usage.ZERO);
        }
        try (ChatClient client = ChatClient.builder(endpoint).totalTimeout(Duration.ofMillis(300)).build()) {
            assertThat(failure(client.start(HELLO), Kind.TIMEOUT).spent()).isEqualTo(Usage.ZERO);
        }
        try (ChatClient client = ChatClient.builder(endpoint).connectTimeout(Duration.ofMillis(300)).maxRetries(1)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            LlmException e = failure(client.start(HELLO), Kind.CONNECTION);
            assertThat(e.getMessage()).contains("connect timed out");
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
        }
    }

    @Test
    void aTlsHandshakeThatFailsOrNeverEndsChargesNothing() throws Exception {
        // a server that reads the ClientHello and never answers it
        Listener silent = new Listener(socket -> {
            drain(socket);
        });
        LlmEndpoint https = new LlmEndpoint(URI.create("https://127.0.0.1:" + silent.port() + "/v1"), MODEL, null,
                null, null, null);
        try (ChatClient client = client(https)) {
            ChatCall call = client.start(HELLO);
            assertThat(silent.accepted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(call.cancel()).isEqualTo(Usage.ZERO);
        }
        try (ChatClient client = ChatClient.builder(https).totalTimeout(Duration.ofMillis(400)).build()) {
            assertThat(failure(client.start(HELLO), Kind.TIMEOUT).spent()).isEqualTo(Usage.ZERO);
        }
        // a plain HTTP server answering the ClientHello
        Listener plain = new Listener(socket -> {
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        });
        LlmEndpoint wrong = new LlmEndpoint(URI.create("https://127.0.0.1:" + plain.port() + "/v1"), MODEL, null,
                null, null, null);
        try (ChatClient client = client(wrong)) {
            assertThat(failure(client.start(HELLO), Kind.CONNECTION).spent()).isEqualTo(Usage.ZERO);
        }
    }

    @Test
    void aRequestTheServerStoppedReadingBeforeItsEndChargesNothing() throws Exception {
        // accepts and never reads: a 32 MiB body cannot fit in the sockets' buffers, so it is never sent in full
        ServerSocket server = new ServerSocket();
        open.add(server);
        server.setReceiveBufferSize(4096);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        CountDownLatch accepted = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                open.add(server.accept());
                accepted.countDown();
            } catch (IOException e) {
                // closed by the test
            }
        });
        ChatRequest huge = ChatRequest.ofUser("x".repeat(32 << 20));
        try (ChatClient client = client(LlmEndpoint.of("http://127.0.0.1:" + server.getLocalPort() + "/v1", MODEL))) {
            ChatCall call = client.start(huge);
            assertThat(accepted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500);
            assertThat(call.spentSoFar()).isEqualTo(Usage.ZERO);
            assertThat(call.cancel()).isEqualTo(Usage.ZERO);
        }
    }

    /**
     * The conservative choice: a request handed in full to the connection is charged although the server has not read
     * it, since the client cannot tell a server that reads late from one that never does (a live server reads at once).
     */
    @Test
    void aRequestWrittenInFullIsChargedWhetherOrNotTheServerReadIt() throws Exception {
        Listener deaf = new Listener(socket -> {
            Thread.sleep(10_000);
        });
        Listener reader = new Listener(socket -> {
            ChatClientHostileServerTest.readRequest(socket.getInputStream());
            Thread.sleep(10_000);
        });
        for (Listener server : List.of(deaf, reader)) {
            LlmEndpoint endpoint = LlmEndpoint.of("http://127.0.0.1:" + server.port() + "/v1", MODEL);
            try (ChatClient client = client(endpoint)) {
                ChatCall call = client.start(HELLO);
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (call.spentSoFar().promptTokens() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Usage spent = call.cancel();
                assertThat(spent.promptTokens()).isEqualTo(estimate(client, HELLO));
                assertThat(spent.completionTokens()).isZero();
                assertThat(spent.costUsd()).isPositive();
            }
        }
        // a request timeout after the request was sent is charged too: the server may be generating
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + reader.port() + "/v1", MODEL))
                .firstTokenTimeout(Duration.ofMillis(300)).build()) {
            LlmException e = failure(client.start(HELLO), Kind.TIMEOUT);
            assertThat(e.spent().promptTokens()).isEqualTo(estimate(client, HELLO));
        }
    }

    @Test
    void anErrorAnswerChargesNothingEvenWhenCancelledWhileItsBodyArrives() throws Exception {
        // the headers of a 503 and half its body, then nothing
        Listener halfAnError = new Listener(socket -> {
            ChatClientHostileServerTest.readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 503 Busy\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"error\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(10_000);
        });
        try (ChatClient client = client(LlmEndpoint.of("http://127.0.0.1:" + halfAnError.port() + "/v1", MODEL))) {
            ChatCall call = client.start(HELLO);
            assertThat(halfAnError.accepted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            // rejected from the moment the status arrives, not once the error's body has been read
            assertThat(call.spentSoFar()).isEqualTo(Usage.ZERO);
            assertThat(call.cancel()).isEqualTo(Usage.ZERO);
        }
        // a whole 503 with a long Retry-After: cancelled while the client waits to retry
        Listener busy = new Listener(socket -> {
            ChatClientHostileServerTest.readRequest(socket.getInputStream());
            String body = "{\"error\":{\"message\":\"busy\"}}";
            socket.getOutputStream().write(("HTTP/1.1 503 Busy\r\nRetry-After: 20\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        });
        try (ChatClient client = client(LlmEndpoint.of("http://127.0.0.1:" + busy.port() + "/v1", MODEL))) {
            ChatCall call = client.start(HELLO);
            assertThat(busy.accepted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(call.cancel()).isEqualTo(Usage.ZERO);
        }
    }

    @Test
    void aCancelAfterTheReplayServerReceivedTheRequestChargesTheEstimatedPrompt() throws Exception {
        ChatRequest story = ChatRequest.ofUser("Tell me a long story");
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(story, MODEL, "Once upon a time", 5000,
                6000))).start();
             ChatClient client = client(LlmEndpoint.of(server.baseUrl().toString(), MODEL))) {
            ChatCall call = client.start(story);
            assertThat(server.awaitRequests(1, Duration.ofSeconds(5))).isTrue();
            Usage spent = call.cancel();
            assertThat(spent.promptTokens()).isEqualTo(estimate(client, story));
            assertThat(spent.completionTokens()).isZero();
        }
    }

    // ---- embeddings: charged by the chat call's rule (docs/llm.md, "When the prompt is charged", row by row)

    static final String EMBEDDING_MODEL = EmbeddingsReplayTest.MODEL;
    static final List<String> TEXTS = List.of("a state to embed, of forty-two characters");

    /**
     * A total timeout after the whole request was taken, before any answer, charges the estimated prompt, an
     * embeddings request's as a chat call's (the server may be computing). The embeddings request charged 0.
     */
    @Test
    void aTimeoutAfterTheRequestWasOnTheWireChargesTheEstimateForChatAndEmbeddingsAlike() throws Exception {
        Listener reader = new Listener(socket -> {
            ChatClientHostileServerTest.readRequest(socket.getInputStream());
            Thread.sleep(10_000);
        });
        try (ChatClient chat = timingOut(reader, MODEL); ChatClient embeddings = timingOut(reader, EMBEDDING_MODEL)) {
            LlmException chatFailure = failure(chat.start(HELLO), Kind.TIMEOUT);
            assertThat(chatFailure.spent().promptTokens()).isEqualTo(estimate(chat, HELLO));
            LlmException embeddingsFailure = failure(embeddings.startEmbeddings(TEXTS), Kind.TIMEOUT);
            assertThat(embeddingsFailure.spent()).isEqualTo(embeddingsEstimate(embeddings)).isNotEqualTo(Usage.ZERO);
        }
    }

    /**
     * An answer accepted (2xx) and then cut short, by a close or by the total timeout while its body is awaited,
     * charges the estimated prompt, an embeddings request's as a chat call's, and the embeddings trace entry records
     * it; the same close before any answer charges 0 (not served). The embeddings request charged 0 for all of them.
     */
    @Test
    void anAcceptedAnswerCutShortChargesTheEstimateForChatAndEmbeddingsAlike(@TempDir Path dir) throws Exception {
        Listener cut = new Listener(socket -> {
            ChatClientHostileServerTest.readRequest(socket.getInputStream());
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"object\":").getBytes(StandardCharsets.US_ASCII));
        });
        Listener stalled = new Listener(socket -> {
            ChatClientHostileServerTest.readRequest(socket.getInputStream());
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"object\":").getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(10_000);
        });
        Listener dropped = new Listener(socket -> ChatClientHostileServerTest.readRequest(socket.getInputStream()));
        Path trace = dir.resolve("embeddings.jsonl");
        try (TraceRecorder recorder = new TraceRecorder(trace)) {
            for (Listener server : List.of(cut, stalled, dropped)) {
                Kind kind = server == stalled ? Kind.TIMEOUT : Kind.CONNECTION;
                Duration total = server == stalled ? TIMING_OUT : UNHURRIED;
                try (ChatClient chat = noRetries(server, MODEL, total);
                     ChatClient embeddings = ChatClient.builder(endpoint(server, EMBEDDING_MODEL))
                             .totalTimeout(total).maxRetries(0).recorder(recorder).build()) {
                    Usage chatSpent = failure(chat.start(HELLO), kind).spent();
                    Usage embeddingsSpent = failure(embeddings.startEmbeddings(TEXTS), kind).spent();
                    if (server == dropped) {
                        assertThat(chatSpent).as("no answer: not served").isEqualTo(Usage.ZERO);
                        assertThat(embeddingsSpent).as("no answer: not served").isEqualTo(Usage.ZERO);
                    } else {
                        assertThat(chatSpent.promptTokens()).as(kind.toString()).isEqualTo(estimate(chat, HELLO));
                        assertThat(embeddingsSpent).as(kind.toString()).isEqualTo(embeddingsEstimate(embeddings));
                    }
                }
            }
        }
        assertThat(TraceReader.read(trace)).extracting(TraceEntry::outcome, e -> e.usage().promptTokens())
                .containsExactly(tuple("failed", TokenEstimate.inputTokens(TEXTS)),
                        tuple("failed", TokenEstimate.inputTokens(TEXTS)), tuple("failed", 0L));
    }

    /**
     * An accepted answer the client cannot use (a chat answer that is an error object, an embeddings answer without
     * its vectors) charges the server's usage when the answer carries one, else the estimate, a chat call and an
     * embeddings request alike; an error status (503) charges 0 whether or not its body reports usage. The embeddings
     * request charged 0 for all of them, and the chat call the estimate although the server had counted the prompt.
     */
    @Test
    void anUnusableAcceptedAnswerChargesTheServersUsageWhenItHasOneElseTheEstimate() throws Exception {
        String usage = ",\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":0,\"total_tokens\":7}";
        String error = "{\"error\":{\"message\":\"overloaded\"}";
        for (boolean withUsage : List.of(true, false)) {
            String body = error + (withUsage ? usage : "") + "}";
            Listener answering = new Listener(socket -> answer(socket, 200, body));
            Listener rejecting = new Listener(socket -> answer(socket, 503, body));
            try (ChatClient chat = noRetries(answering, MODEL, UNHURRIED);
                 ChatClient embeddings = noRetries(answering, EMBEDDING_MODEL, UNHURRIED);
                 ChatClient rejectedChat = noRetries(rejecting, MODEL, UNHURRIED);
                 ChatClient rejectedEmbeddings = noRetries(rejecting, EMBEDDING_MODEL, UNHURRIED)) {
                Usage chatSpent = failure(chat.start(HELLO), Kind.SERVER_ERROR).spent();
                Usage embeddingsSpent = failure(embeddings.startEmbeddings(TEXTS), Kind.SERVER_ERROR).spent();
                if (withUsage) {
                    assertThat(chatSpent).isEqualTo(chat.price(MODEL, 7, 0, 0));
                    assertThat(embeddingsSpent).isEqualTo(embeddings.price(EMBEDDING_MODEL, 7, 0, 0));
                } else {
                    assertThat(chatSpent.promptTokens()).isEqualTo(estimate(chat, HELLO));
                    assertThat(embeddingsSpent).isEqualTo(embeddingsEstimate(embeddings));
                }
                assertThat(failure(rejectedChat.start(HELLO), Kind.SERVER_ERROR).spent()).isEqualTo(Usage.ZERO);
                assertThat(failure(rejectedEmbeddings.startEmbeddings(TEXTS), Kind.SERVER_ERROR).spent())
                        .isEqualTo(Usage.ZERO);
            }
        }
    }

    /** Reads the request, then answers {@code status} with the JSON {@code body}. */
    static void answer(Socket socket, int status, String body) throws IOException {
        ChatClientHostileServerTest.readRequest(socket.getInputStream());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** The total timeout of a scenario that times out. */
    static final Duration TIMING_OUT = Duration.ofMillis(500);
    /**
     * The total timeout of a scenario that ends otherwise (an answer, a close, an error status): far longer than its
     * exchange takes on a loaded machine (500 ms did not suffice: the close of an answer cut short came as a timeout),
     * and shorter than {@link #failure}'s wait.
     */
    static final Duration UNHURRIED = Duration.ofSeconds(8);

    /** A client of {@code model} on {@code server} with a total timeout of 500 ms and no retries. */
    static ChatClient timingOut(Listener server, String model) {
        return noRetries(server, model, TIMING_OUT);
    }

    /** A client of {@code model} on {@code server} with the total timeout {@code total} and no retries. */
    static ChatClient noRetries(Listener server, String model, Duration total) {
        return ChatClient.builder(endpoint(server, model)).totalTimeout(total).maxRetries(0).build();
    }

    static LlmEndpoint endpoint(Listener server, String model) {
        return LlmEndpoint.of("http://127.0.0.1:" + server.port() + "/v1", model);
    }

    /** The estimated prompt of {@link #TEXTS}, priced. */
    static Usage embeddingsEstimate(ChatClient client) {
        return client.price(EMBEDDING_MODEL, TokenEstimate.inputTokens(TEXTS), 0, 0);
    }

    // ---- helpers

    static ChatClient client(LlmEndpoint endpoint) {
        return ChatClient.builder(endpoint).build();
    }

    /** A client that tries a connection failing before its request was sent again after a few milliseconds. */
    static ChatClient quickRetries(LlmEndpoint endpoint) {
        return ChatClient.builder(endpoint).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    static long estimate(ChatClient client, ChatRequest request) {
        return TokenEstimate.promptTokens(WireFormat.requestBody(request, client.endpoint()));
    }

    static LlmException failure(LlmCall<?> call, Kind kind) throws Exception {
        Throwable t = call.response().handle((r, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(LlmException.class);
        LlmException e = (LlmException) t;
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        return e;
    }

    /**
     * A port whose accept queue is full, so that new connections hang: Linux drops the SYN of a connection to a
     * listener whose queue (backlog 1) holds connections it never accepted, and the client waits as for a dead host.
     */
    int listenerThatDropsNewConnections() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(listener);
        for (int i = 0; i < 4; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(listener.getLocalSocketAddress(), 200);
                open.add(filler);
            } catch (SocketTimeoutException full) {
                filler.close();
                return listener.getLocalPort();
            }
        }
        throw new IllegalStateException("the accept queue never filled up");
    }

    /** What a {@link Listener} does with a connection before closing it. */
    interface Handler {
        void handle(Socket socket) throws Exception;
    }

    /** A loopback listener that runs its handler on each connection it accepts, on a virtual thread. */
    final class Listener implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final CountDownLatch accepted = new CountDownLatch(1);

        Listener(Handler handler) throws IOException {
            open.add(this);
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        open.add(socket);
                        accepted.countDown();
                        Thread.ofVirtual().start(() -> {
                            try (socket) {
                                handler.handle(socket);
                            } catch (Exception e) {
                                // the client went away, or the test ended
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Reads whatever the client sends until it closes. */
    static void drain(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    static void spinMicros(int micros) {
        long until = System.nanoTime() + micros * 1000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
