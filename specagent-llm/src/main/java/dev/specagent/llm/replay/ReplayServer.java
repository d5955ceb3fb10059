package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.internal.JsonUtf8;
import dev.specagent.llm.trace.RequestHash;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * An OpenAI-compatible HTTP server that answers chat completions from a recorded trace, over real
 * HTTP (on {@code com.sun.net.httpserver}): {@code POST /v1/chat/completions} (and
 * {@code /chat/completions}), {@code POST /v1/embeddings} (recorded embeddings requests, answered whole),
 * {@code GET /v1/models} (and {@code /v1/models/MODEL}). It stands in for a paid API in tests and demos.
 *
 * <p><b>Matching.</b> A request is matched by its {@link RequestHash} (its canonical body without
 * {@code stream}/{@code stream_options}); with {@link Fallback#ORDER}, an unknown request gets the
 * next unserved entry of the same model in file order. A request that matches nothing gets an
 * OpenAI-style error (404, {@code code: "replay_not_found"}).
 *
 * <p><b>Pace.</b> A streamed answer is sent as SSE at the recorded pace (the recorded chunk times,
 * or the first-token and total times spread over synthesized chunks) multiplied by
 * {@code timeScale} (0 sends at once), ending with {@code data: [DONE]}; the usage chunk is sent
 * only when the request asked for it ({@code stream_options.include_usage}). A non-streamed answer
 * is sent whole after the recorded total time.
 *
 * <p><b>Disconnects.</b> While a stream waits, an SSE comment ({@code : keep-alive}) is written every
 * {@code heartbeat} (50 ms by default); a client that closed its connection makes the next write or
 * the one after fail, and the server stops that answer and records a {@link Disconnect}. So a
 * cancelled streamed request is noticed within about two heartbeats. A non-streamed answer due later
 * than one heartbeat sends its headers at once and fills the wait with single spaces before the JSON
 * body (white space a JSON parser skips), so its disconnect is noticed the same way.
 *
 * <p><b>Hostile clients.</b> A request body over {@code maxRequestBytes} (64 MiB) gets a 413 without being
 * read; a body that is not one JSON object, or lacks {@code model} (or has an empty one) or {@code
 * messages}/{@code input}, or has {@code messages} that are empty or not objects with a string {@code role}, or a
 * {@code stream} that is not a boolean, a 400 naming the parameter, as the OpenAI API answers; a known path asked with another method a 405
 * with {@code Allow}; any other path a 404. A request whose headers and body do not arrive within
 * {@code requestTimeout} (30 s) of its first byte, or an answer whose write blocks for {@code writeTimeout}
 * (30 s, a client that does not read), has its connection closed, so no client holds a thread forever.
 *
 * <p><b>Connections.</b> An answer keeps its connection open for the client's next request while at most 200
 * connections ({@code sun.net.httpserver.maxIdleConnections}) may be left idle at once; past that it says
 * {@code Connection: close}, since the JDK server closes any further idle connection as soon as its answer is
 * written, and a client reusing it would fail.
 *
 * <p><b>Fault injection.</b> {@code failFirst(n, status)} answers the first {@code n} requests (chat or embeddings)
 * with that status and an OpenAI-style error body (with {@code Retry-After} when set). A request
 * header {@code x-replay-fault: 503} (any status 400-599) answers that request with that status;
 * {@code x-replay-fault: malformed} answers 200 with a stream (or body) that is not valid JSON, and
 * {@code x-replay-fault: truncated} a stream that ends without a finish reason or {@code [DONE]}.
 * {@code x-replay-retry-after: 1.5} adds a {@code Retry-After} header to an injected error.
 */
public final class ReplayServer implements AutoCloseable {

    /** What to do with a request whose hash is not in the trace; named by {@link #toString()} ({@code none}, {@code order}). */
    public enum Fallback {
        /** Answer with an error. */
        NONE,
        /** Answer with the next unserved entry of the same model, in file order. */
        ORDER;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A client that went away while its answer was being sent. */
    public record Disconnect(String requestHash, long atNanos, int chunksSent) {
    }

    /**
     * How many disconnects {@link #disconnects()} keeps: a server that runs for hours under an agent that cancels its
     * speculation sees one per cancelled answer, and keeps the last ones ({@link #disconnectCount()} counts them all).
     */
    public static final int DISCONNECTS_KEPT = 100;
    /** The header that injects a fault into one request. */
    public static final String FAULT_HEADER = "x-replay-fault";
    /**
     * The slowest pace a replay takes: a thousand times the recorded delays. A larger factor made a recorded second
     * last weeks or, large enough ({@code --speed 1e300}), a request wait for ever.
     */
    public static final double MAX_TIME_SCALE = 1000;
    /** The header that sets {@code Retry-After} on an injected error. */
    public static final String RETRY_AFTER_HEADER = "x-replay-retry-after";

    private final HttpServer server;
    private final ExecutorService executor;
    private final TraceIndex index;
    private final int entriesRead;
    private final RecordedPace pace;
    private final AtomicInteger failFirstLeft;
    private final int failStatus;
    private final String retryAfter;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicInteger inProgress = new AtomicInteger();
    /** The last {@link #DISCONNECTS_KEPT} disconnects, oldest first; guarded by itself. */
    private final Deque<Disconnect> disconnects = new ArrayDeque<>();
    private final AtomicLong disconnectCount = new AtomicLong();
    private final Consumer<String> log;
    private final long maxRequestBytes;
    private final StallGuard guard;
    private final KeepAliveBudget keepAlive = KeepAliveBudget.ofJdkServer();

    private ReplayServer(Builder b) throws IOException {
        this.index = new TraceIndex(b.entries, b.fallback);
        this.entriesRead = b.entries.size();
        this.pace = new RecordedPace(b.timeScale, b.heartbeat);
        this.failFirstLeft = new AtomicInteger(b.failFirst);
        this.failStatus = b.failStatus;
        this.retryAfter = b.retryAfter;
        this.log = b.log;
        // a body is read into one array, one byte past the limit to tell a larger one
        this.maxRequestBytes = Math.min(b.maxRequestBytes, MAX_ARRAY_BYTES - 1);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.guard = new StallGuard(b.requestTimeout, b.writeTimeout);
        try {
            this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 64);
        } catch (IOException | RuntimeException e) {
            guard.close();
            executor.shutdownNow();
            throw e;
        }
        server.setExecutor(task -> executor.execute(guard.watched(task)));
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * A server for the entries of a trace file.
     *
     * @throws IllegalArgumentException naming the file when it is malformed or holds no completed entry, since
     *                                  such a trace could answer no request
     */
    public static Builder builder(Path trace) {
        List<TraceEntry> entries = TraceReader.read(trace);
        if (entries.stream().noneMatch(TraceEntry::replayable)) {
            throw new IllegalArgumentException("replay trace " + trace + " holds no completed entry to replay ("
                    + entries.size() + " entries read)");
        }
        return new Builder(entries);
    }

    /** A server for the given entries. */
    public static Builder builder(List<TraceEntry> entries) {
        return new Builder(entries);
    }

    /** The base URL to give a client: {@code http://host:port/v1}. */
    public URI baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/v1");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many entries can be replayed. */
    public int entries() {
        return index.size();
    }

    /** How many entries the server was given, replayable or not (cancelled, failed or refused calls). */
    public int entriesRead() {
        return entriesRead;
    }

    /** Requests received (chat and embeddings). */
    public long requests() {
        return requests.get();
    }

    /** Requests answered (completely) from the trace; an answer counts before its client can have read its end. */
    public long served() {
        return served.get();
    }

    /** Requests that matched no entry. */
    public long misses() {
        return misses.get();
    }

    /** Requests refused before matching: a body that is too large (413) or not a valid request (400). */
    public long rejected() {
        return rejected.get();
    }

    /** Requests answered with an injected fault. */
    public long faults() {
        return faults.get();
    }

    /** The last {@link #DISCONNECTS_KEPT} clients that disconnected during their answer, in order. */
    public List<Disconnect> disconnects() {
        synchronized (disconnects) {
            return List.copyOf(disconnects);
        }
    }

    /** How many clients disconnected during their answer. */
    public long disconnectCount() {
        return disconnectCount.get();
    }

    // ---- waits, for tests that act once the server has seen something ---------------------------------------

    /** Waits until at least {@code count} requests have arrived, or {@code timeout} has passed; whether they have. */
    public boolean awaitRequests(long count, Duration timeout) throws InterruptedException {
        return await(() -> requests.get() >= count, timeout);
    }

    /** Waits until a client has disconnected during its answer, or {@code timeout} has passed; whether one has. */
    public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        return await(() -> disconnectCount.get() > 0, timeout);
    }

    /**
     * Waits until no request is being answered, or {@code timeout} has passed; whether none is. An answer counts as
     * served just before its last bytes are written (taken back if they fail), but a cancelled answer counts as a
     * disconnect only at the server's next write (within two heartbeats): call this before reporting the
     * disconnects after the clients are done.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return await(() -> inProgress.get() == 0, timeout);
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        guard.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        inProgress.incrementAndGet();
        StallGuard.Watch watch = StallGuard.current();
        exchange.setStreams(null, watch.guard(exchange.getResponseBody()));
        InetSocketAddress client = exchange.getRemoteAddress();
        boolean kept = keepAlive.begin(client, System.nanoTime());
        if (!kept) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        boolean open = true;
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String modelId = modelId(path);
            List<String> allowed = path.equals("/v1/models") || path.equals("/models") || modelId != null
                    ? List.of("GET", "HEAD")
                    : path.equals("/v1/chat/completions") || path.equals("/chat/completions")
                    || path.equals("/v1/embeddings") || path.equals("/embeddings") ? List.of("POST") : null;
            if (allowed == null) {
                error(exchange, 404, "invalid_request_error", "unknown_url", null, "Unknown request URL: " + method
                        + " " + path + ". This replay server answers POST /v1/chat/completions, POST /v1/embeddings "
                        + "and GET /v1/models (/v1/models/MODEL).", null);
            } else if (!allowed.contains(method)) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
                error(exchange, 405, "invalid_request_error", "method_not_allowed", null, "Method " + method
                        + " is not allowed for " + path + "; use " + String.join(" or ", allowed) + ".", null);
            } else if (modelId != null) {
                model(exchange, modelId);
            } else if (allowed.contains("GET")) {
                models(exchange);
            } else {
                answer(exchange, path.endsWith("embeddings"), watch);
            }
        } catch (IOException e) {
            // the client went away before or while we answered, or did not keep up: nothing else to do
            open = false;
        } finally {
            try {
                // closing drains what is left of the request body, from a client that may be stalling too
                watch.write(exchange::close);
            } catch (IOException e) {
                open = false; // the connection is closed either way
            }
            if (kept) {
                keepAlive.ended(client, open, System.nanoTime());
            }
            inProgress.decrementAndGet();
        }
    }

    /** The model a {@code /v1/models/MODEL} path names (it may hold slashes: {@code Qwen/Qwen3-8B}), else null. */
    private static String modelId(String path) {
        for (String prefix : List.of("/v1/models/", "/models/")) {
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                return path.substring(prefix.length());
            }
        }
        return null;
    }

    /** {@code GET /v1/models/MODEL}: the model, as OpenAI describes one, when the trace has it; else a 404. */
    private void model(HttpExchange exchange, String id) throws IOException {
        if (!index.models().contains(id)) {
            error(exchange, 404, "invalid_request_error", "model_not_found", "model", "The model '" + id
                    + "' does not exist in this replay trace.", null);
            return;
        }
        send(exchange, 200, "application/json", modelObject(JsonNodeFactory.instance.objectNode(), id).toString());
    }

    private static ObjectNode modelObject(ObjectNode node, String id) {
        return node.put("id", id).put("object", "model").put("created", 0).put("owned_by", "replay");
    }

    private void models(HttpExchange exchange) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("object", "list");
        var data = out.putArray("data");
        for (String m : new TreeSet<>(index.models())) {
            modelObject(data.addObject(), m);
        }
        send(exchange, 200, "application/json", out.toString());
    }

    /**
     * Answers a chat completion, or an embeddings request when {@code embeddings}: a valid request
     * ({@link #acceptedRequest}) gets an injected error ({@link #injectedStatus}), a 404 when the trace has no
     * answer for it, a malformed answer when its fault header asks, or its recorded answer, streamed or whole.
     */
    private void answer(HttpExchange exchange, boolean embeddings, StallGuard.Watch watch) throws IOException {
        long arrival = System.nanoTime();
        JsonNode body = acceptedRequest(exchange, embeddings, watch);
        if (body == null || injectedStatus(exchange)) {
            return;
        }
        String hash = RequestHash.of(body);
        String model = body.get("model").asText();
        Optional<TraceEntry> match = index.match(hash, model, embeddings);
        if (match.isEmpty()) {
            misses.incrementAndGet();
            log.accept("no recorded response for a request to model " + model + " (hash " + shortHash(hash) + ")");
            error(exchange, 404, "invalid_request_error", "replay_not_found", null, "The replay trace has no response for "
                    + "this request (model '" + model + "', request hash " + hash + "): "
                    + index.whyUnmatched(body, model, embeddings) + ".", null);
            return;
        }
        TraceEntry entry = match.get();
        boolean stream = !embeddings && body.path("stream").asBoolean(false);
        String fault = exchange.getRequestHeaders().getFirst(FAULT_HEADER);
        if ("malformed".equalsIgnoreCase(fault)) {
            faults.incrementAndGet();
            sendMalformed(exchange, stream);
        } else if (stream) {
            boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
            List<TraceEntry.Chunk> plan = ChunkPlan.of(entry, includeUsage);
            boolean truncated = "truncated".equalsIgnoreCase(fault);
            if (truncated) {
                faults.incrementAndGet();
                plan = ChunkPlan.truncated(plan);
            }
            stream(exchange, arrival, hash, plan, !truncated);
        } else {
            boolean base64 = embeddings && Base64Embeddings.asked(body);
            whole(exchange, arrival, hash, entry, base64 ? Base64Embeddings.of(entry.response()) : entry.response());
        }
    }

    /**
     * Reads the request's body (at most {@code maxRequestBytes}, none when its {@code Content-Length} declares more),
     * counts the request and returns its JSON; or answers 413 (too large) or 400 (not JSON, or not a request the
     * server can match: {@link RequestProblem}), counts it as rejected and returns null.
     */
    private JsonNode acceptedRequest(HttpExchange exchange, boolean embeddings, StallGuard.Watch watch)
            throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        byte[] raw = null;
        if (declared == null || !declared.strip().matches("\\d{1,18}") || Long.parseLong(declared.strip()) <= maxRequestBytes) {
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readNBytes((int) maxRequestBytes + 1);
            }
        }
        watch.requestRead();
        requests.incrementAndGet();
        if (raw == null || raw.length > maxRequestBytes) {
            rejected.incrementAndGet();
            error(exchange, 413, "invalid_request_error", "request_too_large", null, "The request body is larger "
                    + "than this replay server's limit of " + maxRequestBytes + " bytes.", null);
            return null;
        }
        JsonNode body;
        try {
            body = CanonicalJson.MAPPER.readTree(raw);
        } catch (IOException e) {
            rejected.incrementAndGet();
            error(exchange, 400, "invalid_request_error", null, null, "We could not parse the JSON body of your "
                    + "request: " + e.getMessage().lines().findFirst().orElse(""), null);
            return null;
        }
        RequestProblem problem = RequestProblem.of(body, embeddings);
        if (problem != null) {
            rejected.incrementAndGet();
            error(exchange, 400, "invalid_request_error", problem.code(), problem.param(), problem.message(), null);
            return null;
        }
        return body;
    }

    /**
     * Answers with an injected error status, and says so, while {@code failFirst} has requests left to fail (each
     * call uses one) or when the request's {@link #FAULT_HEADER} is a status 400-599; its {@link #RETRY_AFTER_HEADER}
     * overrides the server's {@code Retry-After} for the latter.
     */
    private boolean injectedStatus(HttpExchange exchange) throws IOException {
        if (failFirstLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            injectedError(exchange, failStatus, retryAfter);
            return true;
        }
        String fault = exchange.getRequestHeaders().getFirst(FAULT_HEADER);
        if (fault != null && fault.strip().matches("[45]\\d\\d")) {
            String faultRetryAfter = exchange.getRequestHeaders().getFirst(RETRY_AFTER_HEADER);
            injectedError(exchange, Integer.parseInt(fault.strip()), faultRetryAfter != null ? faultRetryAfter
                    : retryAfter);
            return true;
        }
        return false;
    }

    private void stream(HttpExchange exchange, long arrival, String hash, List<TraceEntry.Chunk> plan,
                        boolean complete) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        sendHeaders(exchange, 200, 0);
        OutputStream out = exchange.getResponseBody();
        int sent = 0;
        try {
            out.flush();
            for (TraceEntry.Chunk chunk : plan) {
                pace.waitWithHeartbeats(out, arrival, chunk.ms(), KEEP_ALIVE);
                out.write(JsonUtf8.bytes("data: " + chunk.data() + "\n\n"));
                out.flush();
                sent++;
            }
            if (complete) {
                finish(out, "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } else {
                out.close();
            }
        } catch (IOException e) {
            disconnected(hash, sent, "after " + sent + " of " + plan.size() + " chunks");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A non-streamed answer. When it is due later than one heartbeat, the headers go at once and the
     * wait is filled with single spaces (white space before a JSON value is allowed), so that a
     * client that went away is noticed as with a stream. {@code response} is the entry's, or its base64 form.
     */
    private void whole(HttpExchange exchange, long arrival, String hash, TraceEntry entry, JsonNode response)
            throws IOException {
        byte[] body = JsonUtf8.bytes(response.toString());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (pace.dueWithinOneHeartbeat(entry.totalMs())) {
            pace.sleepUntil(arrival, entry.totalMs());
            try {
                sendHeaders(exchange, 200, body.length);
                finish(exchange.getResponseBody(), body);
            } catch (IOException e) {
                disconnected(hash, 0, "while its answer was sent");
            }
            return;
        }
        sendHeaders(exchange, 200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            out.flush();
            pace.waitWithHeartbeats(out, arrival, entry.totalMs(), WHITESPACE);
            finish(out, body);
        } catch (IOException e) {
            disconnected(hash, 0, "while waiting for its answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes an answer's last bytes and closes it, counting it as served first, so that a client holding its answer
     * always finds it counted; a write that fails takes the count back.
     */
    private void finish(OutputStream out, byte[] last) throws IOException {
        served.incrementAndGet();
        try {
            out.write(last);
            out.close();
        } catch (IOException e) {
            served.decrementAndGet();
            throw e;
        }
    }

    /** Records and logs that the client of request {@code hash} went away {@code when}, after {@code chunksSent}. */
    private void disconnected(String hash, int chunksSent, String when) {
        synchronized (disconnects) {
            if (disconnects.size() == DISCONNECTS_KEPT) {
                disconnects.removeFirst();
            }
            disconnects.addLast(new Disconnect(hash, System.nanoTime(), chunksSent));
            disconnectCount.incrementAndGet();
        }
        log.accept("client disconnected " + when + " (hash " + shortHash(hash) + ")");
    }

    /** A request hash as the log shows it: its first 12 characters. */
    private static String shortHash(String hash) {
        return hash.substring(0, 12);
    }

    /** The most bytes one array holds on common JVMs. */
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WHITESPACE = " ".getBytes(StandardCharsets.UTF_8);

    private void sendMalformed(HttpExchange exchange, boolean stream) throws IOException {
        if (stream) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            sendHeaders(exchange, 200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: {\"id\":\"chatcmpl-broken\",\"choices\":[{\"delta\":{\"content\":\"Hel\n\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
        } else {
            send(exchange, 200, "application/json", "{\"id\":\"chatcmpl-broken\",\"choices\":[{\"message\":");
        }
    }

    private void injectedError(HttpExchange exchange, int status, String retryAfterValue) throws IOException {
        faults.incrementAndGet();
        String type = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
        error(exchange, status, type, "replay_injected_fault", null, "Injected fault: HTTP " + status
                + " (replay server fault injection).", retryAfterValue);
    }

    private static void error(HttpExchange exchange, int status, String type, String code, String param,
                              String message, String retryAfterValue) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode err = out.putObject("error");
        err.put("message", message);
        err.put("type", type);
        err.put("param", param);
        err.put("code", code);
        if (retryAfterValue != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfterValue);
        }
        send(exchange, status, "application/json", out.toString());
    }

    /** Sends a whole answer; to a HEAD request, its headers only. */
    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.getResponseHeaders().set("Content-Type", contentType);
        sendHeaders(exchange, status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    /** The headers go straight to the connection, so they are watched like the body's writes. */
    private static void sendHeaders(HttpExchange exchange, int status, long length) throws IOException {
        StallGuard.current().write(() -> exchange.sendResponseHeaders(status, length));
    }

    /**
     * {@code timeScale} when it is a pace a replay takes, from 0 to {@link #MAX_TIME_SCALE}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static double requireTimeScale(double timeScale) {
        if (!(timeScale >= 0 && timeScale <= MAX_TIME_SCALE)) {
            throw new IllegalArgumentException("time scale must be a number from 0 to " + (int) MAX_TIME_SCALE + ": "
                    + timeScale);
        }
        return timeScale;
    }

    /** Configures and starts a {@link ReplayServer}. Defaults: 127.0.0.1, an ephemeral port, recorded pace, no fallback, no faults. */
    public static final class Builder {
        private final List<TraceEntry> entries;
        private String host = "127.0.0.1";
        private int port;
        private double timeScale = 1.0;
        private Duration heartbeat = Duration.ofMillis(50);
        private Fallback fallback = Fallback.NONE;
        private int failFirst;
        private int failStatus = 429;
        private String retryAfter;
        private Consumer<String> log = message -> { };
        private long maxRequestBytes = 64L << 20;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration writeTimeout = Duration.ofSeconds(30);

        private Builder(List<TraceEntry> entries) {
            this.entries = List.copyOf(entries);
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        /** The port; 0 picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + value);
            }
            port = value;
            return this;
        }

        /** Multiplies every recorded delay (1 = recorded pace, 0 = no delay). */
        public Builder timeScale(double value) {
            requireTimeScale(value);
            timeScale = value;
            return this;
        }

        /** How often a waiting stream writes a keep-alive comment (and so notices a disconnect). */
        public Builder heartbeat(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive: " + value);
            }
            heartbeat = value;
            return this;
        }

        public Builder fallback(Fallback value) {
            fallback = Objects.requireNonNull(value);
            return this;
        }

        /** Answers the first {@code n} requests with {@code status} (400-599). */
        public Builder failFirst(int n, int status) {
            if (n < 0) {
                throw new IllegalArgumentException("fail-first must be >= 0: " + n);
            }
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("fault status must be in 400..599: " + status);
            }
            failFirst = n;
            failStatus = status;
            return this;
        }

        /** The {@code Retry-After} value (seconds) sent with injected errors, or null for none. */
        public Builder retryAfter(String seconds) {
            retryAfter = seconds;
            return this;
        }

        /**
         * The largest request body accepted (64 MiB by default; a limit over 2 GiB is taken as 2 GiB, as a body is read
         * into one array); a larger one gets a 413 without being read.
         */
        public Builder maxRequestBytes(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("max request bytes must be positive: " + value);
            }
            maxRequestBytes = value;
            return this;
        }

        /**
         * How long a request's headers and body may take to arrive from its first byte (30 s by default), and how
         * long one write of an answer may block on a client that does not read; past either the connection is closed.
         */
        public Builder timeouts(Duration request, Duration write) {
            for (Duration d : new Duration[] {request, write}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("timeouts must be positive: " + d);
                }
            }
            requestTimeout = request;
            writeTimeout = write;
            return this;
        }

        /** Where to report misses and disconnects (one line each). */
        public Builder log(Consumer<String> value) {
            log = Objects.requireNonNull(value);
            return this;
        }

        /** Starts the server. @throws IOException when the port cannot be bound */
        public ReplayServer start() throws IOException {
            return new ReplayServer(this);
        }
    }
}
