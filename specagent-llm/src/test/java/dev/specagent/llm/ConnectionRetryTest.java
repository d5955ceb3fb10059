package dev.specagent.llm;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.Embeddings;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.internal.EndpointLimits;
import dev.specagent.llm.internal.UnreachableEndpoints;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceReader;
import dev.specagent.llm.trace.TraceRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.specagent.llm.ChatClientHostileServerTest.chunk;
import static dev.specagent.llm.ChatClientHostileServerTest.completion;
import static dev.specagent.llm.ChatClientHostileServerTest.head;
import static dev.specagent.llm.ChatClientHostileServerTest.readRequest;
import static dev.specagent.llm.ChatClientHostileServerTest.sseHead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A connection that fails before its request is on the wire (the HTTP client has not taken the body's last piece, and
 * no answer came) is tried again within the retry budget, charged nothing; one that fails after it is not, as the
 * server may be generating (docs/llm.md, "Retries"). Over real sockets on loopback.
 */
class ConnectionRetryTest {

    static final String MODEL = "gpt-4o-mini";
    static final ChatRequest PLAIN = ChatRequest.builder().user("Say hello").stream(false).build();
    /** Far more than the loopback socket buffers hold (4 MiB to send, 4 KiB to receive): never taken in full at once. */
    static final ChatRequest HUGE = ChatRequest.builder().user("x".repeat(16 << 20)).stream(false).build();

    final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** What a {@link Listener} does with its n-th connection (0-based), which it closes afterwards. */
    interface Handler {
        void handle(int n, Socket socket) throws Exception;
    }

    /** A loopback listener with a 4 KiB receive buffer that counts the connections it accepts. */
    final class Listener implements AutoCloseable {
        final ServerSocket server = new ServerSocket();
        final AtomicInteger accepted = new AtomicInteger();

        Listener(Handler handler) throws IOException {
            this(0, handler);
        }

        /** On {@code port} (0: any free one). */
        Listener(int port, Handler handler) throws IOException {
            open.add(this);
            server.setReuseAddress(true);
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            if (port == 0) {
                forgetGiveUps(server.getLocalPort());
            }
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        open.add(socket);
                        int n = accepted.getAndIncrement();
                        Thread.ofVirtual().start(() -> {
                            try (socket) {
                                handler.handle(n, socket);
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

        LlmEndpoint endpoint() {
            return LlmEndpoint.of("http://127.0.0.1:" + server.getLocalPort() + "/v1", MODEL);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static ChatClient.Builder client(LlmEndpoint endpoint) {
        return ChatClient.builder(endpoint).maxRetries(3).backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .totalTimeout(Duration.ofSeconds(10)).seed(3);
    }

    static void answer(Socket socket) throws IOException {
        readRequest(socket.getInputStream());
        byte[] body = completion("Hello!").getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write((head(200, "Content-Type: application/json", "Content-Length: " + body.length, "Connection: close"))
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    static Object outcome(ChatCall call) throws Exception {
        return call.response().handle((r, e) -> r != null ? r : e).get(15, TimeUnit.SECONDS);
    }

    static LlmException failure(ChatCall call, Kind kind) throws Exception {
        Object o = outcome(call);
        assertThat(o).as("outcome").isInstanceOf(LlmException.class);
        LlmException e = (LlmException) o;
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        return e;
    }

    /**
     * A loopback port that refuses, and that no call of this JVM gave up on in the last 30 s: the system hands out a
     * port freed a moment ago again now and then (30 in 5,000 draws came back within the last 40), and a call to a
     * remembered server tries once, not maxRetries + 1 times.
     */
    static int refusedPort() throws IOException {
        while (true) {
            try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = closed.getLocalPort();
                URI base = LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", MODEL).baseUrl();
                if (!UnreachableEndpoints.SHARED.recentlyUnreachable(base)) {
                    return port;
                }
            }
        }
    }

    /**
     * Forgets that a call of this JVM gave up on {@code port} (on 127.0.0.1) less than 30 s ago: the system hands out a
     * port that an earlier test's call gave up on again now and then, and a new listener there is another server, whose
     * calls must get every retry.
     */
    static void forgetGiveUps(int port) {
        UnreachableEndpoints.SHARED.reached(LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", MODEL).baseUrl());
    }

    // ---- tried again

    /**
     * A server that drops the first connection without reading the request (closed, or reset) and answers the
     * second: the call gets the answer, charged once (the server's usage), after two connections. It failed as
     * CONNECTION before.
     */
    @Test
    void aConnectionDroppedBeforeTheRequestWasSentIsTriedAgainAndChargedOnce() throws Exception {
        for (boolean reset : List.of(false, true)) {
            Listener server = new Listener((n, socket) -> {
                if (n > 0) {
                    answer(socket);
                } else if (reset) {
                    socket.setSoLinger(true, 0);
                }
            });
            try (ChatClient client = client(server.endpoint()).build()) {
                Object o = outcome(client.start(HUGE));
                assertThat(o).as("reset %s: %s", reset, o).isInstanceOf(ChatResponse.class);
                ChatResponse r = (ChatResponse) o;
                assertThat(r.content()).isEqualTo("Hello!");
                assertThat(r.usage()).isEqualTo(PriceTable.builtIn().priceOf(MODEL).price(9, 0, 2));
                assertThat(server.accepted.get()).isEqualTo(2);
            }
        }
    }

    /**
     * A server that is down (the port refuses) is tried maxRetries + 1 times with the backoff between, then the call
     * fails as CONNECTION saying so, charged nothing, well within the total timeout; when the next try would start
     * after the total timeout, it fails at once with the same kind, not as a TIMEOUT at the deadline.
     */
    @Test
    void aRefusedConnectionIsTriedMaxRetriesPlusOneTimesThenFailsAsConnection() throws Exception {
        LlmEndpoint down = LlmEndpoint.of("http://127.0.0.1:" + refusedPort() + "/v1", MODEL);
        try (ChatClient client = client(down).build()) {
            long start = System.nanoTime();
            LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.getMessage()).startsWith("model " + MODEL + ": cannot connect to " + down.chatCompletionsUrl())
                    .contains("connection refused").endsWith("; tried 4 times");
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
            assertThat(e.status()).isEqualTo(-1);
            // three waits of at least 10, 20 and 40 ms (the backoff's jitter draws from [d/2, d])
            assertThat(took).isBetween(Duration.ofMillis(70), Duration.ofSeconds(5));
        }
        // another server that is down: the client would try the first one once, as the call above gave up on it.
        // The waits are drawn from [400, 800] ms, then [800, 1600] ms: the second try starts by 800 ms and a third
        // would start at 1200 ms or later, so the call gives up after two tries, at least 400 ms before the total
        // timeout. (With waits that could bring a try to just before the deadline, the call now and then ran out of
        // time during that try, failing as a TIMEOUT or after 700 ms: 6 calls in 500 on two busy cores.)
        down = LlmEndpoint.of("http://127.0.0.1:" + refusedPort() + "/v1", MODEL);
        try (ChatClient client = client(down).backoff(Duration.ofMillis(800), Duration.ofSeconds(5))
                .totalTimeout(Duration.ofMillis(1200)).build()) {
            long start = System.nanoTime();
            LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.getMessage()).contains("connection refused")
                    .endsWith("; tried 2 times, and another try would not have time before the total timeout of 1200 ms");
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
            assertThat(took).isBetween(Duration.ofMillis(400), Duration.ofMillis(1200));
        }
    }

    /**
     * Once a call gave up on a server it could not reach, the calls after it try once (a command making many calls to
     * a server that is down fails each at once, not after the backoff each time), until one reaches the server: then
     * a call gets every retry again.
     */
    @Test
    void aServerACallGaveUpOnIsTriedOnceByTheNextCallsUntilOneReachesIt() throws Exception {
        int port = refusedPort();
        LlmEndpoint endpoint = LlmEndpoint.of("http://127.0.0.1:" + port + "/v1", MODEL);
        // each wait 500 to 1000 ms; a call tried once takes well under half that even on a loaded machine
        try (ChatClient client = client(endpoint).maxRetries(1).backoff(Duration.ofMillis(1000), Duration.ofMillis(1000))
                .build()) {
            long start = System.nanoTime();
            assertThat(failure(client.start(PLAIN), Kind.CONNECTION).getMessage()).endsWith("; tried 2 times");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            for (int i = 0; i < 3; i++) {
                start = System.nanoTime();
                LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
                assertThat(e.getMessage()).contains("connection refused")
                        .endsWith("; tried once, as a call to the same server gave up on it less than 30 s ago");
                assertThat(e.spent()).isEqualTo(Usage.ZERO);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
            }
            // the server is back: answered, and forgotten as unreachable
            Listener back = new Listener(port, (n, socket) -> answer(socket));
            assertThat(((ChatResponse) outcome(client.start(PLAIN))).content()).isEqualTo("Hello!");
            back.close();
        }
        // a new client, so that no pooled connection to the closed listener is reused (the memory is the JVM's)
        try (ChatClient client = client(endpoint).maxRetries(1).backoff(Duration.ofMillis(300), Duration.ofMillis(300))
                .build()) {
            long start = System.nanoTime();
            assertThat(failure(client.start(PLAIN), Kind.CONNECTION).getMessage()).endsWith("; tried 2 times");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    /** A connect that times out (a listener whose accept queue is full drops the SYN) is tried again too. */
    @Test
    void aConnectTimeoutIsTriedAgain() throws Exception {
        LlmEndpoint hanging = hangingEndpoint();
        try (ChatClient client = client(hanging).maxRetries(2).connectTimeout(Duration.ofMillis(150)).build()) {
            long start = System.nanoTime();
            LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
            assertThat(e.getMessage()).contains("connect timed out").endsWith("; tried 3 times");
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(450));
        }
    }

    /**
     * A connect that timed out (after 1 s) is not tried again when the try would start before the total timeout (2.2 s)
     * but with less time left than a connect takes (the wait, 0.5 to 1 s, ends 1.5 to 2 s in: 0.2 to 0.7 s left): the
     * call ends as CONNECTION after one try, saying why, a chat call and an embeddings request alike. They used to try
     * again and end as a TIMEOUT at the deadline.
     */
    @Test
    void aConnectRetryWithoutTimeForAConnectBeforeTheTotalTimeoutIsNotAttempted() throws Exception {
        for (boolean embeddings : List.of(false, true)) {
            // a server of its own each time: a server given up on is tried once by the next calls
            try (ChatClient client = client(hangingEndpoint()).maxRetries(3).connectTimeout(Duration.ofSeconds(1))
                    .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).totalTimeout(Duration.ofMillis(2200))
                    .build()) {
                long start = System.nanoTime();
                LlmException e = embeddings ? catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")))
                        : (LlmException) outcome(client.start(PLAIN));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(e.kind()).as("embeddings %s: %s", embeddings, e.getMessage()).isEqualTo(Kind.CONNECTION);
                assertThat(e.getMessage()).contains("connect timed out")
                        .endsWith("; tried once, and another try would not have time before the total timeout of 2200 ms");
                assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(1900));
            }
        }
    }

    /** An endpoint on a listener whose accept queue is full, so that connecting to it hangs (the SYN is dropped). */
    LlmEndpoint hangingEndpoint() throws IOException {
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(full);
        try {
            for (int i = 0; i < 4; i++) {
                Socket filler = new Socket();
                open.add(filler);
                filler.connect(full.getLocalSocketAddress(), 200);
            }
            throw new IllegalStateException("the accept queue never filled up");
        } catch (SocketTimeoutException queueFull) {
            // from now on, connections to the listener hang
        }
        forgetGiveUps(full.getLocalPort());
        return LlmEndpoint.of("http://127.0.0.1:" + full.getLocalPort() + "/v1", MODEL);
    }

    /**
     * A cancel while the call waits to try a refused connection again returns at once, charges nothing, and frees
     * the endpoint's permit: a call of a client sharing that limit (one call at a time) gets its turn at once. The same
     * for an embeddings request (which could not be cancelled before).
     */
    @Test
    void aCancelWhileWaitingToTryAgainReturnsAtOnceChargingNothing() throws Exception {
        for (boolean embeddings : List.of(false, true)) {
            LlmEndpoint down = LlmEndpoint.of("http://127.0.0.1:" + refusedPort() + "/v1", MODEL);
            try (ChatClient waiting = client(down).backoff(Duration.ofSeconds(20), Duration.ofSeconds(20))
                    .totalTimeout(Duration.ofMinutes(2)).maxConcurrency(1).build();
                 ChatClient next = client(down).maxRetries(0).maxConcurrency(1).totalTimeout(Duration.ofSeconds(3))
                         .build()) {
                LlmCall<?> call = embeddings ? waiting.startEmbeddings(List.of("a")) : waiting.start(PLAIN);
                Thread.sleep(300); // a refusal on loopback takes well under a millisecond
                assertThat(call.response()).as("waiting to try again (embeddings %s)", embeddings).isNotDone();
                long start = System.nanoTime();
                Usage spent = call.cancel();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 20 s wait").isLessThan(Duration.ofSeconds(1));
                assertThat(spent).isEqualTo(Usage.ZERO);
                assertThat(call.response()).isCancelled();
                long asked = System.nanoTime();
                LlmException e = failure(next.start(PLAIN), Kind.CONNECTION);
                assertThat(e.getMessage()).doesNotContain("tried");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(1));
            }
        }
    }

    // ---- embeddings: the same rule (ConnectionRetry)

    static void answerEmbedding(Socket socket) throws IOException {
        readRequest(socket.getInputStream());
        byte[] body = ChatClientHostileServerTest.EMBEDDING.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write((head(200, "Content-Type: application/json", "Content-Length: " + body.length, "Connection: close"))
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /**
     * An embeddings request of 16 MiB whose first connection the server closes (or resets) unread is answered on the
     * second, as a chat call is. It failed as CONNECTION before ({@code HttpEmbeddings} had its own send loop).
     */
    @Test
    void anEmbeddingsRequestDroppedBeforeItWasSentIsTriedAgain() throws Exception {
        for (boolean reset : List.of(false, true)) {
            Listener server = new Listener((n, socket) -> {
                if (n > 0) {
                    answerEmbedding(socket);
                } else if (reset) {
                    socket.setSoLinger(true, 0);
                }
            });
            try (ChatClient client = client(server.endpoint()).build()) {
                Embeddings answer = client.embed(List.of("x".repeat(16 << 20)));
                assertThat(answer.vectors()).as("reset %s", reset).hasSize(1);
                assertThat(answer.vectors().get(0)).containsExactly(0.5, -0.25);
                assertThat(answer.usage()).isEqualTo(PriceTable.builtIn().priceOf(MODEL).price(3, 0, 0));
                assertThat(server.accepted.get()).isEqualTo(2);
            }
        }
    }

    /**
     * An embeddings request whose connect times out is tried again, failing as CONNECTION (it was a TIMEOUT saying
     * "no answer within" the total timeout, after one try).
     */
    @Test
    void anEmbeddingsConnectTimeoutIsTriedAgain() throws Exception {
        try (ChatClient client = client(hangingEndpoint()).maxRetries(2).connectTimeout(Duration.ofMillis(150))
                .build()) {
            long start = System.nanoTime();
            LlmException e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.CONNECTION);
            assertThat(e.getMessage()).contains("cannot connect to ").contains(": connect timed out").endsWith("; tried 3 times");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(450));
        }
    }

    /**
     * An embeddings request to a port that refuses is tried maxRetries + 1 times with the backoff between, then fails
     * as CONNECTION saying so, charged nothing (its trace entry too), its message starting with the model; the next
     * request to that server tries once, as a chat call would (the memory is shared).
     */
    @Test
    void aRefusedEmbeddingsConnectionIsTriedMaxRetriesPlusOneTimesThenFailsAsConnection(@TempDir Path dir)
            throws Exception {
        LlmEndpoint down = LlmEndpoint.of("http://127.0.0.1:" + refusedPort() + "/v1", MODEL);
        Path trace = dir.resolve("trace.jsonl");
        try (TraceRecorder recorder = new TraceRecorder(trace);
             ChatClient client = client(down).recorder(recorder).build()) {
            long start = System.nanoTime();
            LlmException e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("a")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.CONNECTION);
            assertThat(e.getMessage()).startsWith("model " + MODEL + ": cannot connect to " + down.embeddingsUrl())
                    .contains("connection refused").doesNotContain("ConnectException").endsWith("; tried 4 times");
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
            assertThat(e.status()).isEqualTo(-1);
            // three waits of at least 10, 20 and 40 ms (the backoff's jitter draws from [d/2, d])
            assertThat(took).isBetween(Duration.ofMillis(70), Duration.ofSeconds(5));

            start = System.nanoTime();
            e = catchThrowableOfType(LlmException.class, () -> client.embed(List.of("b")));
            assertThat(e.getMessage()).startsWith("model " + MODEL + ": cannot connect to ")
                    .endsWith("; tried once, as a call to the same server gave up on it less than 30 s ago");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
        }
        List<TraceEntry> entries = TraceReader.read(trace);
        assertThat(entries).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.outcome()).isEqualTo("failed");
            assertThat(entry.usage()).isEqualTo(Usage.ZERO);
        });
    }

    // ---- not tried again

    /**
     * A call still waiting for the endpoint's permit when its client is closed fails at once, saying the client was
     * closed, and leaves the server unmarked: a chat call and an embeddings request used to be tried
     * maxRetries + 1 times over the backoff on the closed HTTP client ("failed: closed; tried 4 times", 2.4 s with the
     * default backoff) and then marked the live server as given up on, so that for 30 s every client's calls to it in
     * the JVM were tried once.
     */
    @Test
    void aCallOfAClosedClientIsNotTriedAgainNorMarksTheServerUnreachable() throws Exception {
        Semaphore received = new Semaphore(0);
        Listener holding = new Listener((n, socket) -> {
            readRequest(socket.getInputStream());
            received.release();
            socket.getInputStream().read(); // no answer: the call keeps the endpoint's only permit until the close
        });
        LlmEndpoint endpoint = holding.endpoint();
        Semaphore limit = EndpointLimits.of(endpoint.baseUrl(), 1);
        for (boolean embeddings : List.of(false, true)) {
            ChatClient client = client(endpoint).maxConcurrency(1).build();
            ChatCall first = client.start(PLAIN);
            assertThat(received.tryAcquire(10, TimeUnit.SECONDS)).as("the first request arrived").isTrue();
            LlmCall<?> queued = embeddings ? client.startEmbeddings(List.of("a")) : client.start(PLAIN);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!limit.hasQueuedThreads() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(limit.hasQueuedThreads()).as("the second call waits for the permit").isTrue();
            client.close();
            assertThat(outcome(first)).isInstanceOf(LlmException.class);
            Object o = queued.response().handle((r, e) -> r != null ? r : e).get(15, TimeUnit.SECONDS);
            assertThat(o).as("embeddings: %s", embeddings).isInstanceOf(LlmException.class);
            LlmException e = (LlmException) o;
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.CONNECTION);
            assertThat(e.getMessage()).doesNotContain("tried").contains("ChatClient was closed");
            assertThat(UnreachableEndpoints.SHARED.recentlyUnreachable(endpoint.baseUrl()))
                    .as("the server is not taken for unreachable").isFalse();
        }
        assertThat(holding.accepted.get()).as("only the first calls reached the server").isEqualTo(2);
    }

    /**
     * A request the server may have received is never sent again: a server that read it whole and closed without an
     * answer (charged nothing, as no answer is taken as not served), and a stream broken after its first token
     * (charged the prompt estimate and that token), each after one connection.
     */
    @Test
    void aRequestOnTheWireIsNotSentAgain() throws Exception {
        Listener silent = new Listener((n, socket) -> readRequest(socket.getInputStream()));
        try (ChatClient client = client(silent.endpoint()).build()) {
            LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
            assertThat(e.getMessage()).doesNotContain("tried");
            assertThat(e.spent()).isEqualTo(Usage.ZERO);
            assertThat(silent.accepted.get()).isEqualTo(1);
        }
        Listener broken = new Listener((n, socket) -> {
            readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write((sseHead() + "data: " + chunk("Hel", null) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(200);
            socket.setSoLinger(true, 0);
        });
        try (ChatClient client = client(broken.endpoint()).build()) {
            LlmException e = failure(client.start(ChatRequest.ofUser("Say hello")), Kind.CONNECTION);
            assertThat(e.spent().completionTokens()).isEqualTo(1);
            assertThat(e.spent().promptTokens()).isPositive();
            assertThat(broken.accepted.get()).isEqualTo(1);
        }
    }

    /**
     * Failures that would repeat are not tried again: a server that does not speak TLS answering a TLS handshake
     * (one connection), and a host that does not resolve (the JVM caches the failed lookup).
     */
    @Test
    void failuresThatWouldRepeatAreNotTriedAgain() throws Exception {
        Listener plain = new Listener((n, socket) -> socket.getOutputStream().write(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        LlmEndpoint https = new LlmEndpoint(URI.create("https://127.0.0.1:" + plain.server.getLocalPort() + "/v1"),
                MODEL, null, null, null, null);
        try (ChatClient client = client(https).build()) {
            LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
            assertThat(e.getMessage()).doesNotContain("tried");
            assertThat(plain.accepted.get()).isEqualTo(1);
        }
        try (ChatClient client = client(LlmEndpoint.of("http://no-such-host.invalid/v1", MODEL)).build()) {
            LlmException e = failure(client.start(PLAIN), Kind.CONNECTION);
            assertThat(e.getMessage()).doesNotContain("tried");
        }
    }
}
