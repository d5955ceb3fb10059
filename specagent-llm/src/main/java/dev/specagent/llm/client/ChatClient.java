package dev.specagent.llm.client;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.internal.ClientCalls;
import dev.specagent.llm.internal.ClientSettings;
import dev.specagent.llm.internal.EndpointLimits;
import dev.specagent.llm.internal.HttpChatCall;
import dev.specagent.llm.internal.HttpEmbeddings;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.trace.TraceRecorder;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat-completions client ({@code POST {baseUrl}/chat/completions}) on
 * {@link java.net.http.HttpClient} and Jackson. It speaks the wire format that OpenAI, vLLM, Ollama
 * and llama.cpp share: messages, tools and tool calls (streamed tool-call deltas are accumulated),
 * temperature, max tokens, reasoning effort, JSON response format, streaming over SSE with
 * {@code stream_options.include_usage}, and non-streaming requests.
 *
 * <p>Every call runs on its own virtual thread and is returned as a {@link ChatCall}, whose
 * {@code cancel()} closes the connection at once. Robustness: connect, first-token and total
 * timeouts; up to {@code maxRetries} retries of 408, 409, 429 and 5xx answers, and of connections that failed before the
 * request was on the wire (refused, connect timed out, dropped while sending), with exponential backoff and
 * jitter, honouring {@code Retry-After}; clear {@link LlmException}s for 4xx, unparseable responses
 * and tool calls whose arguments are not JSON; a concurrency limit per endpoint (calls beyond it
 * wait). Each call's usage is priced by the client's {@link PriceTable}, and when a
 * {@link TraceRecorder} is set, every call (completed, cancelled or failed) is recorded.
 *
 * <p>HTTP/1.1 is used so that a cancelled call's connection is really closed (the server sees the
 * disconnect) rather than one stream of a shared connection being reset. Thread-safe; share one
 * client per endpoint and model.
 *
 * <pre>{@code
 * ChatClient client = ChatClient.builder(LlmEndpoint.of("http://localhost:11434/v1", "qwen2.5:7b")).build();
 * ChatResponse r = client.complete(ChatRequest.ofUser("Say hi"));
 * }</pre>
 */
public final class ChatClient implements ChatModel, AutoCloseable {

    private final ClientSettings settings;
    private final ClientCalls calls;

    private ChatClient(ClientSettings settings) {
        this.settings = settings;
        this.calls = new ClientCalls(settings.closed());
    }

    public static Builder builder(LlmEndpoint endpoint) {
        return new Builder(endpoint);
    }

    /**
     * Starts {@code request}; returns at once.
     *
     * @throws IllegalStateException when the client is {@linkplain #close() closed}
     */
    @Override
    public ChatCall start(ChatRequest request) {
        requireOpen();
        HttpChatCall call = calls.track(new HttpChatCall(settings, request));
        Thread.ofVirtual().name("specagent-llm-call").start(call);
        return call;
    }

    /**
     * Runs {@code request} and waits for its answer.
     *
     * @throws LlmException          when it fails
     * @throws IllegalStateException when the client is {@linkplain #close() closed}
     * @throws java.util.concurrent.CancellationException when the calling thread is interrupted while it waits: the
     *                               call is cancelled (its connection closed) and the interrupt status is kept
     */
    @Override
    public ChatResponse complete(ChatRequest request) {
        return start(request).await();
    }

    /**
     * The embeddings of {@code inputs} by this client's model ({@code POST {baseUrl}/embeddings}, as floats), blocking,
     * with the client's key, headers, concurrency limit, retries, total timeout, prices and recorder.
     *
     * @throws LlmException when it fails; its message starts with {@code model M: }, and its {@code spent()} is
     *                      charged, as a chat call's are
     * @throws IllegalStateException when the client is {@linkplain #close() closed}
     */
    public Embeddings embed(List<String> inputs) {
        requireOpen();
        return HttpEmbeddings.embed(settings, inputs);
    }

    /**
     * Starts {@link #embed} on a virtual thread of its own and returns at once. Its {@link LlmCall#cancel()} closes the
     * connection, as a chat call's does, and returns what the request consumed: its estimated prompt tokens (4
     * characters a token) when the request was on the wire and not rejected (docs/llm.md, "When the prompt is
     * charged"), else nothing; once it completed, the server's usage; once it failed, what it was charged by the same
     * rule as a failed chat call ({@link LlmException#spent()}).
     *
     * @throws IllegalStateException when the client is {@linkplain #close() closed}
     */
    public LlmCall<Embeddings> startEmbeddings(List<String> inputs) {
        requireOpen();
        return HttpEmbeddings.start(settings, inputs, calls);
    }

    @Override
    public LlmEndpoint endpoint() {
        return settings.endpoint();
    }

    @Override
    public PriceTable prices() {
        return settings.prices();
    }

    /** The priced usage of {@code prompt} input tokens ({@code cached} from cache) and {@code completion} output tokens of {@code model}. */
    public Usage price(String model, long prompt, long cached, long completion) {
        return settings.prices().priceOf(model).price(prompt, cached, completion);
    }

    /**
     * Closes the client: its HTTP connections are closed, so a call in flight ends at once with an
     * {@link LlmException} (its spend charged), and so does one started by {@link #start} or {@link #startEmbeddings}
     * that waits for the endpoint's permit or for its next try; a call started afterwards is refused with an
     * {@link IllegalStateException} rather than sent. Closing again does nothing.
     */
    @Override
    public void close() {
        calls.endAll();
        settings.http().shutdownNow();
    }

    /**
     * Refuses a call on a closed client: its HTTP client would fail every try as a connection closed before sending,
     * which the retries would try again with backoff (2.4 s by default) before failing with a bare "closed".
     */
    private void requireOpen() {
        if (settings.closed().get()) {
            throw new IllegalStateException("model " + settings.endpoint().model() + ": this ChatClient is closed "
                    + "(close() was called), so it sends nothing more; build a new client");
        }
    }

    /**
     * Configures a {@link ChatClient}. Defaults: connect 10 s, first token 120 s, total 10 min, 3 retries, backoff
     * 0.5 s to 30 s, 16 concurrent calls per endpoint, answers of at most {@link #DEFAULT_MAX_RESPONSE_BYTES}, a
     * stream end grace of 2 s.
     */
    public static final class Builder {
        /** The default of {@link #maxResponseBytes}: 64 MiB. */
        public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 << 20;
        /** The most {@link #maxResponseBytes} may be: 1 GiB. */
        public static final int MAX_RESPONSE_BYTES_LIMIT = 1 << 30;
        /**
         * The longest any timeout, backoff or grace may be: 365 days. Timeouts are counted in nanoseconds, which
         * overflow at about 292 years, so a longer one ({@code Duration.ofSeconds(Long.MAX_VALUE)} for "forever") is
         * refused, naming the option, rather than failing every call.
         */
        public static final Duration MAX_DURATION = Duration.ofDays(365);

        private final LlmEndpoint endpoint;
        private PriceTable prices = PriceTable.builtIn();
        private TraceRecorder recorder;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration firstTokenTimeout = Duration.ofSeconds(120);
        private Duration totalTimeout = Duration.ofMinutes(10);
        private int maxRetries = 3;
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private int maxConcurrency = 16;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Duration streamEndGrace = Duration.ofSeconds(2);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String apiKey;
        private boolean apiKeySet;
        private long seed = System.nanoTime();

        private Builder(LlmEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        public Builder prices(PriceTable value) {
            prices = Objects.requireNonNull(value);
            return this;
        }

        /** Records every call to {@code value}. */
        public Builder recorder(TraceRecorder value) {
            recorder = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = positive(value, "connect timeout");
            return this;
        }

        /** The longest wait from sending a request to its first generated token (to the whole answer when not streaming). */
        public Builder firstTokenTimeout(Duration value) {
            firstTokenTimeout = positive(value, "first-token timeout");
            return this;
        }

        /** The longest a call may take, retries included. */
        public Builder totalTimeout(Duration value) {
            totalTimeout = positive(value, "total timeout");
            return this;
        }

        /**
         * How often a call is tried again after a 408, 409, 429 or 5xx answer, or after a connection that failed before its
         * request was on the wire (never after it: the server may be generating).
         */
        public Builder maxRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("max retries must be >= 0: " + value);
            }
            maxRetries = value;
            return this;
        }

        /** The first backoff delay (doubled per retry, jittered) and the cap of any delay, Retry-After included. */
        public Builder backoff(Duration base, Duration max) {
            backoffBase = positive(base, "backoff base");
            backoffMax = positive(max, "backoff max");
            return this;
        }

        /** The most calls in flight to this endpoint's base URL, shared by all clients of it in the JVM that choose the same limit. */
        public Builder maxConcurrency(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("max concurrency must be positive: " + value);
            }
            maxConcurrency = value;
            return this;
        }

        /**
         * The largest answer the client reads: a whole body (after decoding gzip or deflate) of at most this many
         * bytes, a stream event of at most this many characters. A larger one fails the call as
         * {@link LlmException.Kind#MALFORMED_RESPONSE} saying so, instead of filling the memory.
         */
        public Builder maxResponseBytes(int value) {
            if (value <= 0 || value > MAX_RESPONSE_BYTES_LIMIT) {
                throw new IllegalArgumentException("max response bytes must be in 1.." + MAX_RESPONSE_BYTES_LIMIT + ": " + value);
            }
            maxResponseBytes = value;
            return this;
        }

        /**
         * How long a stream may go on once its answer is complete: its finish reason arrived and, as the client asks
         * for it ({@code stream_options.include_usage}), its usage. Servers end a stream with {@code data: [DONE]}
         * or by closing it right after; one that does neither would hold a finished answer until the total
         * timeout. After this grace without an event the call completes with the answer and closes the connection.
         * The wait starts only once the usage came, however long after the finish chunk (the replay server spreads
         * its chunks over the recorded time), and every later event restarts it.
         */
        public Builder streamEndGrace(Duration value) {
            streamEndGrace = positive(value, "stream end grace");
            return this;
        }

        /**
         * An extra header sent with every request (e.g. {@code x-replay-fault} for the replay server). It replaces the
         * header of the same name (in any case) that the client would send: an {@code Authorization} set here is sent
         * instead of the {@linkplain #apiKey API key}'s {@code Authorization: Bearer} (a gateway's own scheme), never
         * beside it, and an {@code Accept} instead of the client's. Setting a name again (in any case) replaces its
         * value.
         *
         * @throws IllegalArgumentException when the JDK's HTTP client would refuse it on every request: a name it sets
         *                                  itself ({@code Host}, {@code Connection}, {@code Content-Length}...), or a
         *                                  name or value that is not valid HTTP (a space in the name, a line break
         *                                  in the value); the message names the header
         * @throws NullPointerException     when {@code name} or {@code value} is null
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "value of header " + name);
            try {
                HttpRequest.newBuilder().header(name, value); // the rules every request of this client is built by
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header \"" + name + "\" cannot be sent: " + e.getMessage(), e);
            }
            headers.keySet().removeIf(name::equalsIgnoreCase);
            headers.put(name, value);
            return this;
        }

        /**
         * The API key to send as {@code Authorization: Bearer}, instead of reading the endpoint's environment variable
         * ({@code null}: none); an {@code Authorization} {@linkplain #header header} is sent instead of it.
         */
        public Builder apiKey(String value) {
            apiKey = value;
            apiKeySet = true;
            return this;
        }

        /** Seeds the retry jitter (for reproducible tests). */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * The API key the client will send ({@code null}: none), read now from the endpoint's environment variable
         * unless {@link #apiKey} set it; lets a caller refuse a missing key before it opens files for the client.
         *
         * @throws MissingApiKeyException when the endpoint's API key variable is named but not set
         */
        public String requireApiKey() {
            if (apiKeySet || endpoint.apiKeyEnv() == null) {
                return apiKey;
            }
            String key = System.getenv(endpoint.apiKeyEnv());
            if (key == null || key.isBlank()) {
                throw new MissingApiKeyException(endpoint.apiKeyEnv(), String.valueOf(endpoint.baseUrl()));
            }
            return key;
        }

        /** @throws MissingApiKeyException when the endpoint's API key variable is named but not set */
        public ChatClient build() {
            String key = requireApiKey();
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            return new ChatClient(new ClientSettings(http, endpoint, key, Map.copyOf(headers), prices, recorder,
                    firstTokenTimeout, totalTimeout, maxRetries, backoffBase, backoffMax,
                    EndpointLimits.of(endpoint.baseUrl(), maxConcurrency), seed, maxResponseBytes,
                    streamEndGrace));
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            if (value.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(what + " must be at most " + MAX_DURATION.toDays() + " days: "
                        + value);
            }
            return value;
        }
    }
}
