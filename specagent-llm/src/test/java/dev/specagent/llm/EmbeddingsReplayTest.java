package dev.specagent.llm;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.agent.LlmTextEmbedder;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.Embeddings;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceReader;
import dev.specagent.llm.trace.TraceRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Embeddings requests over real HTTP: the client, the replay server, traces and {@link LlmTextEmbedder}. */
class EmbeddingsReplayTest {

    static final String MODEL = "text-embedding-3-small";

    private static TraceEntry entry(String text, double... vector) {
        return TraceEntry.embeddings(MODEL, List.of(text), List.of(vector), 1_000_000, 5);
    }

    private static ChatClient client(ReplayServer server, TraceRecorder recorder) {
        return ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null).maxRetries(0)
                .recorder(recorder).build();
    }

    @Test
    void theClientGetsTheRecordedVectorsWithTheirPricedUsage() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(entry("hello", 0.5, -1, 2))).start();
             ChatClient client = client(server, null)) {
            Embeddings answer = client.embed(List.of("hello"));
            assertThat(answer.vectors()).singleElement().satisfies(v -> assertThat(v).containsExactly(0.5, -1, 2));
            assertThat(answer.usage().promptTokens()).isEqualTo(1_000_000);
            assertThat(answer.usage().costUsd()).isCloseTo(0.02, within(1e-12));
            assertThatThrownBy(() -> client.embed(List.of("never recorded"))).isInstanceOf(LlmException.class)
                    .satisfies(e -> assertThat(((LlmException) e).status()).isEqualTo(404))
                    .hasMessageContaining("/v1/embeddings").hasMessageContaining("no response for this request");
            assertThat(server.served()).isEqualTo(1);
            assertThat(server.misses()).isEqualTo(1);
        }
    }

    @Test
    void aRecordedEmbeddingReplaysFromItsTrace(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("embeddings.jsonl");
        try (ReplayServer live = ReplayServer.builder(List.of(entry("state", 3, 4))).start();
             TraceRecorder recorder = new TraceRecorder(trace);
             ChatClient client = client(live, recorder)) {
            client.embed(List.of("state"));
        }
        List<TraceEntry> recorded = TraceReader.read(trace);
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.embeddings()).isTrue();
            assertThat(e.replayable()).isTrue();
        });
        try (ReplayServer replay = ReplayServer.builder(trace).start(); ChatClient client = client(replay, null)) {
            assertThat(client.embed(List.of("state")).vectors().getFirst()).containsExactly(3, 4);
        }
    }

    @Test
    void theTextEmbedderLearnsItsDimensionEmbedsEachTextOnceAndGivesZerosWhenARequestFails() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(entry(LlmTextEmbedder.PROBE, 1, 0, 0),
                entry("Task: a", 0, 1, 0))).start(); ChatClient client = client(server, null)) {
            LlmTextEmbedder embedder = LlmTextEmbedder.open(client);
            assertThat(embedder.dimension()).isEqualTo(3);
            assertThat(embedder.embed("Task: a")).containsExactly(0, 1, 0);
            assertThat(embedder.embed("Task: a")).containsExactly(0, 1, 0);
            assertThat(server.requests()).as("the second embedding of a text is not asked again").isEqualTo(2);
            assertThat(embedder.embed("Task: unknown")).containsExactly(0, 0, 0);
            assertThat(embedder.requests()).isEqualTo(3);
            assertThat(embedder.failures()).isEqualTo(1);
            assertThat(embedder.spent().promptTokens()).isEqualTo(2_000_000);
        }
    }

    @Test
    void anEmbedderOnAModelThatCannotEmbedFailsAtOnce() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(entry("x", 1))).start();
             ChatClient client = client(server, null)) {
            assertThatThrownBy(() -> LlmTextEmbedder.open(client)).isInstanceOf(LlmException.class)
                    .hasMessageContaining("HTTP 404");
        }
    }

    @Test
    void aFailedAttemptIsRetriedAndASlowAnswerTimesOut() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(entry("hello", 1, 2),
                TraceEntry.embeddings(MODEL, List.of("slow"), List.of(new double[] {1}), 1, 3000)))
                .failFirst(1, 503).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null)
                     .maxRetries(1).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build();
             ChatClient timed = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null)
                     .maxRetries(1).backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                     .totalTimeout(Duration.ofMillis(500)).build()) {
            // the retried request has the default total timeout: under 500 ms, a loaded machine's slow first try
            // leaves no time for the retry (RetryDelay.leavesTime), and the 503 is kept
            assertThat(client.embed(List.of("hello")).vectors().getFirst()).containsExactly(1, 2);
            assertThat(server.requests()).as("the injected 503, then the retry").isEqualTo(2);
            long start = System.nanoTime();
            assertThatThrownBy(() -> timed.embed(List.of("slow"))).isInstanceOf(LlmException.class)
                    .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void theTotalTimeoutCoversALongRetryAfterAndTheWaitForAPermit() throws Exception {
        LlmEndpoint unbound = LlmEndpoint.of("http://127.0.0.1:1/v1", MODEL);
        ChatRequest slowChat = ChatRequest.ofUser("slow");
        try (ReplayServer server = ReplayServer.builder(List.of(entry("hello", 1, 2),
                        TraceEntry.text(unbound, slowChat, "one two three", 10, 20, 3000, 4000)))
                .failFirst(1, 429).retryAfter("5").start();
             ChatClient client = ChatClient.builder(unbound.onReplayServer(server.baseUrl())).apiKey(null)
                     .maxRetries(2).maxConcurrency(1).totalTimeout(Duration.ofMillis(800)).build();
             ChatClient chats = ChatClient.builder(unbound.onReplayServer(server.baseUrl())).apiKey(null)
                     .maxConcurrency(1).build()) {
            long start = System.nanoTime();
            // the retry would start after the total timeout: not attempted, the server's 429 is kept
            assertThatThrownBy(() -> client.embed(List.of("hello"))).isInstanceOf(LlmException.class)
                    .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.SERVER_ERROR));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 5 s Retry-After")
                    .isLessThan(Duration.ofMillis(2500));

            // a streamed chat answer of 4 s, from another client of the endpoint, holds its only permit
            long asked = server.requests();
            ChatCall chat = chats.start(slowChat);
            // the chat holds the permit once its request has arrived (it takes it before sending): wait for that
            // rather than a fixed 200 ms, after which a cold, loaded JVM may not have started the chat's thread yet
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.requests() == asked && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            start = System.nanoTime();
            assertThatThrownBy(() -> client.embed(List.of("hello"))).isInstanceOf(LlmException.class)
                    .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the chat's 4 s")
                    .isLessThan(Duration.ofMillis(2500));
            chat.cancel();
        }
    }

    // ---- cancel: as a chat call's (ChatClientReplayTest)

    /** A recorded embedding answered after 5 s, which a cancel must cut short. */
    private static TraceEntry slow(String text) {
        return TraceEntry.embeddings(MODEL, List.of(text), List.of(new double[] {1, 2}), 7, 5000);
    }

    /**
     * Cancelling an embeddings request closes its connection: the server sees the disconnect long before its answer
     * (5 s) would be sent, and serves nothing. The request was on the wire, so its prompt is charged as a chat call's
     * would be: the estimate (9 characters, 3 tokens), the server's count not having come; the trace records the
     * cancel with that usage. Before, an embeddings request could not be cancelled at all.
     */
    @Test
    void aCancelClosesTheConnectionAndChargesThePromptOnTheWire(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("cancelled.jsonl");
        Usage spent;
        try (ReplayServer server = ReplayServer.builder(List.of(slow("slow text"))).start();
             TraceRecorder recorder = new TraceRecorder(trace);
             ChatClient client = client(server, recorder)) {
            LlmCall<Embeddings> call = client.startEmbeddings(List.of("slow text"));
            assertThat(server.awaitRequests(1, Duration.ofSeconds(5))).isTrue();
            long before = System.nanoTime();
            spent = call.cancel();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
            assertThat(call.response()).isCancelled();
            assertThatThrownBy(call::await).isInstanceOf(CancellationException.class);
            assertThat(spent).isEqualTo(client.price(MODEL, 3, 0, 0));
            assertThat(spent.costUsd()).isPositive();
            assertThat(call.cancel()).as("a second cancel").isEqualTo(spent);
            assertThat(server.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
            assertThat(server.disconnects()).hasSize(1);
            // the JDK closes a cancelled socket at the latest when its selector wakes, 3 s later (docs/llm.md)
            long seen = server.disconnects().getFirst().atNanos() - before;
            System.out.printf("embeddings cancel -> server saw the disconnect after %.1f ms%n", seen / 1e6);
            assertThat(Duration.ofNanos(seen)).isLessThan(Duration.ofSeconds(4));
            assertThat(server.served()).isZero();
        }
        assertThat(TraceReader.read(trace)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("cancelled");
            assertThat(e.usage()).isEqualTo(spent);
        });
    }

    /**
     * Cancels racing with the request (0 to 50 ms after the start): every request the server received ends as a
     * disconnect, none is served, and each of them was charged its prompt by its cancel, as chat calls' are.
     */
    @Test
    void aCancelRacingWithTheRequestStillClosesTheConnectionAndChargesThePrompt() throws Exception {
        Random random = new Random(11);
        long charged = 0;
        try (ReplayServer server = ReplayServer.builder(List.of(slow("racing"))).start();
             ChatClient client = client(server, null)) {
            for (int i = 0; i < 40; i++) {
                LlmCall<Embeddings> call = client.startEmbeddings(List.of("racing"));
                // every other cancel 0-3 ms after the start (mostly before the request is out), the others 5-50 ms
                ChatClientReplayTest.spinMicros(i % 2 == 0 ? random.nextInt(3000) : 5000 + random.nextInt(45_000));
                if (call.cancel().promptTokens() > 0) {
                    charged++;
                }
                assertThat(call.response()).isCancelled();
            }
            ChatClientReplayTest.assertEveryRequestReceivedWasCutAndCharged(server, charged);
            System.out.printf("40 racing embeddings cancels: %d requests reached the server, %d disconnects, %d charged%n",
                    server.requests(), server.disconnects().size(), charged);
        }
    }

    /**
     * The official SDKs ask for {@code "encoding_format": "base64"} when the caller names no format (the Node SDK
     * since 4.x, decoding the answer itself); such a request is the recorded one answered as OpenAI answers it, each
     * vector the base64 of its little-endian float32 values. It got a 404 (the format was part of the hash).
     */
    @Test
    void aRequestForBase64VectorsGetsTheRecordedVectorsAsLittleEndianFloats() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(entry("hello", 0.5, -1, 2))).start();
             var http = java.net.http.HttpClient.newHttpClient()) {
            var answer = ReplayServerHostileClientTest.post(http, server, "/embeddings", "{\"model\": \"" + MODEL
                    + "\", \"input\": [\"hello\"], \"encoding_format\": \"base64\"}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            var json = dev.specagent.core.call.CanonicalJson.parse(answer.body());
            assertThat(json.at("/usage/prompt_tokens").asLong()).isEqualTo(1_000_000);
            byte[] bytes = java.util.Base64.getDecoder().decode(json.at("/data/0/embedding").asText());
            var floats = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] vector = new float[floats.remaining()];
            floats.get(vector);
            assertThat(vector).containsExactly(0.5f, -1f, 2f);
            // the client's own float request still gets numbers
            try (ChatClient client = client(server, null)) {
                assertThat(client.embed(List.of("hello")).vectors().getFirst()).containsExactly(0.5, -1, 2);
            }
        }
    }

    /**
     * OpenAI takes one text to embed as a string or as a list of one; the client records a list, and a caller of an
     * official SDK passing the string ({@code input: "hello"}) gets the same recorded answer (it got a 404).
     */
    @Test
    void oneTextAsAStringIsTheRecordedListOfOne() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(entry("hello", 0.5, -1, 2))).start();
             var http = java.net.http.HttpClient.newHttpClient()) {
            var answer = ReplayServerHostileClientTest.post(http, server, "/embeddings", "{\"model\": \"" + MODEL
                    + "\", \"input\": \"hello\", \"encoding_format\": \"float\"}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(dev.specagent.core.call.CanonicalJson.parse(answer.body()).at("/data/0/embedding").toString())
                    .isEqualTo("[0.5,-1.0,2.0]");
        }
    }
}
