package dev.specagent.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.sse.SseEvent;
import dev.specagent.llm.sse.SseReader;
import dev.specagent.llm.trace.RequestHash;
import dev.specagent.llm.trace.TraceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One chat completion: runs on its own virtual thread (acquire the endpoint's permit, send, retry,
 * read the stream) and can be cancelled or timed out from any thread, which closes the connection.
 * The first of completion, failure and cancellation wins ({@link #done}); only the winner reports
 * and records the trace entry. Every failure's message starts with {@code model M: } (the request's model).
 */
public final class HttpChatCall extends HttpCall<ChatResponse> implements ChatCall, Runnable {

    private final ObjectNode body;
    private final byte[] bodyBytes;
    private final boolean stream;
    private final boolean usageRequested;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final AtomicReference<LlmException> abortCause = new AtomicReference<>();
    private final List<TraceEntry.Chunk> chunks = Collections.synchronizedList(new ArrayList<>());

    private volatile StreamAccumulator accumulator;
    private volatile boolean firstTokenSeen;
    private volatile long attemptStartNanos;
    private volatile long firstTokenNanos = -1;
    private volatile boolean streamEndWaited;
    private long deadlineNanos;
    private ScheduledFuture<?> totalTimer;
    private ScheduledFuture<?> firstTokenTimer;

    public HttpChatCall(ClientSettings settings, ChatRequest request) {
        this(settings, WireFormat.requestBody(request, settings.endpoint()), request.stream());
    }

    private HttpChatCall(ClientSettings settings, ObjectNode body, boolean stream) {
        super(settings, body.get("model").asText(), settings.endpoint().chatCompletionsUrl(),
                TokenEstimate.promptTokens(body));
        this.body = body;
        this.bodyBytes = body.toString().getBytes(StandardCharsets.UTF_8);
        this.stream = stream;
        this.usageRequested = body.path("stream_options").path("include_usage").asBoolean(false);
    }

    @Override
    public void run() {
        if (!runsOnThisThread()) {
            return;
        }
        deadlineNanos = System.nanoTime() + settings.totalTimeout().toNanos();
        totalTimer = Timers.after(settings.totalTimeout(), () -> {
            LlmException waiting = waitingAfter;
            abort(waiting != null ? RetryDelay.passedWhileWaiting(waiting, settings.totalTimeout())
                    : new LlmException(Kind.TIMEOUT, lastStatus, "no complete answer from "
                    + url + " within " + settings.totalTimeout().toMillis()
                    + " ms", null, null));
        });
        try {
            settings.limit().acquire();
            try {
                succeed(attempts());
            } finally {
                settings.limit().release();
            }
        } catch (Throwable t) {
            failWith(t);
        } finally {
            totalTimer.cancel(false);
            cancelFirstTokenTimer();
        }
    }

    private ChatResponse attempts() throws IOException, InterruptedException {
        Random jitter = new Random(settings.seed() ^ startNanos);
        for (int attempt = 0; ; attempt++) {
            throwIfAborted();
            attemptStartNanos = System.nanoTime();
            firstTokenTimer = Timers.after(settings.firstTokenTimeout(), () -> {
                if (!firstTokenSeen) {
                    abort(new LlmException(Kind.TIMEOUT, lastStatus, "no first token from "
                            + url + " within "
                            + settings.firstTokenTimeout().toMillis() + " ms", null, null));
                }
            });
            HttpResponse<InputStream> response;
            try {
                response = send();
                UnreachableEndpoints.SHARED.reached(settings.endpoint().baseUrl());
            } catch (LlmException failed) {
                cancelFirstTokenTimer();
                waitToRetry(retryBeforeSending(failed, attempt, jitter), failed);
                continue;
            }
            int status = response.statusCode();
            lastStatus = status;
            if (status / 100 != 2) {
                String text = ResponseBodies.errorText(response);
                cancelFirstTokenTimer();
                LlmException failed = StatusRetry.failure(url, status, response.headers(), text, attempt);
                waitToRetry(StatusRetry.delayOrThrow(failed, response.headers(), attempt,
                        settings, attemptStartNanos, deadlineNanos, jitter), failed);
                continue;
            }
            return stream && isEventStream(response)
                    ? readStream(ContentCoding.decode(response.headers(), response.body())) : readBody(response);
        }
    }

    /**
     * The wait before trying again after {@code failed} ended attempt number {@code attempt} (0-based) without an
     * answer, or rethrows it: {@link ConnectionRetry}. A cancel or timeout is never tried again.
     */
    private Duration retryBeforeSending(LlmException failed, int attempt, Random jitter) {
        throwIfAborted();
        return ConnectionRetry.delayOrThrow(failed, connection.attempt(), attempt, settings, attemptStartNanos,
                deadlineNanos, jitter);
    }

    /**
     * Whether a streamed request's answer is an event stream: a server that does not stream answers with a
     * whole JSON body, and a gateway may send an HTML page, both with status 200.
     */
    private static boolean isEventStream(HttpResponse<?> response) {
        String type = response.headers().firstValue("content-type").orElse("").strip().toLowerCase(Locale.ROOT);
        return !(type.startsWith("application/json") || type.startsWith("text/html"));
    }

    private HttpResponse<InputStream> send() throws IOException, InterruptedException {
        SendAttempt sending = new SendAttempt(bodyBytes);
        // no deadline of its own: the total timer stops the call
        return connection.send(settings.http(), post(sending, stream ? "text/event-stream" : "application/json").build(),
                sending, Long.MAX_VALUE, this::throwIfAborted);
    }

    private ChatResponse readStream(InputStream in) throws IOException {
        StreamAccumulator acc = new StreamAccumulator();
        accumulator = acc;
        boolean sawDone = false;
        ScheduledFuture<?> endTimer = null;
        try (SseReader sse = new SseReader(in, settings.maxResponseBytes())) {
            Optional<SseEvent> next;
            while ((next = nextEvent(sse, acc)).isPresent()) {
                SseEvent event = next.get();
                if (event.isDone()) {
                    sawDone = true;
                    break;
                }
                JsonNode chunk = chunkOf(event, acc.chunks() + 1, sse.linesRead());
                acc.add(chunk);
                noteChunk(chunk, acc);
                if (acc.finishReason() != null && (acc.usage() != null || !usageRequested)) {
                    endTimer = awaitStreamEnd(endTimer);
                }
            }
        } catch (IOException e) {
            if (!streamEndWaited) {
                throw e;
            }
            // the grace after the finish reason ran out: the answer is complete, the stream was closed for it
        } finally {
            if (endTimer != null) {
                endTimer.cancel(false);
            }
        }
        throwIfAborted();
        if (!sawDone && acc.finishReason() == null) {
            throw malformed("the stream ended before the answer was complete (no finish_reason and no [DONE]) after "
                    + acc.chunks() + " chunks", null);
        }
        List<ToolCall> calls = validated(acc.toolCalls());
        return response(acc.id(), acc.model(), acc.content(), acc.reasoning(), calls, acc.finishReason(),
                acc.usage(), acc.countedTokens(), acc.toCompletion());
    }

    /**
     * (Re)starts the wait for the end of a stream whose answer is complete (its finish reason arrived, and its usage
     * when the request asked for it; servers may send the usage chunk well after the finish chunk): when
     * {@code streamEndGrace} passes without {@code [DONE]}, the close or another event, the response is closed and
     * the answer taken as it is.
     */
    private ScheduledFuture<?> awaitStreamEnd(ScheduledFuture<?> previous) {
        if (previous != null) {
            previous.cancel(false);
        }
        return Timers.after(settings.streamEndGrace(), () -> {
            if (!done.get() && connection.body() != null) {
                streamEndWaited = true;
                connection.closeBody();
            }
        });
    }

    /**
     * The chunk that stream event number {@code number} (read up to line {@code line}) holds.
     *
     * @throws LlmException a server error for an error event ({@code event: error}, or data with an {@code error}
     *                      object), a malformed answer for data that is not a JSON object
     */
    private JsonNode chunkOf(SseEvent event, long number, long line) {
        if ("error".equals(event.event())) {
            throw streamError(event.data());
        }
        JsonNode chunk = answerObject(event.data(), "stream event " + number, " (line " + line + ")");
        if (chunk.has("error")) {
            throw streamError(event.data());
        }
        return chunk;
    }

    /**
     * Notes what a chunk of the stream tells beyond the answer: the server's usage, the time of the first token (which
     * stops the first-token timer), and, when the call is recorded, the chunk with its time.
     */
    private void noteChunk(JsonNode chunk, StreamAccumulator acc) {
        if (chunk.hasNonNull("usage") && chunk.get("usage").isObject()) {
            reportedUsage = chunk.get("usage");
        }
        long now = System.nanoTime();
        if (!firstTokenSeen && acc.hasTokens()) {
            firstTokenSeen = true;
            firstTokenNanos = now - attemptStartNanos;
            cancelFirstTokenTimer();
        }
        if (settings.recorder() != null) {
            chunks.add(new TraceEntry.Chunk((now - attemptStartNanos) / 1e6, chunk));
        }
    }

    private Optional<SseEvent> nextEvent(SseReader sse, StreamAccumulator acc) throws IOException {
        try {
            return sse.next();
        } catch (SseReader.EventTooLargeException e) {
            throw malformed("stream event " + (acc.chunks() + 1) + " (line " + (sse.linesRead() + 1)
                    + ") exceeds the client's limit of " + e.limit() + " characters (maxResponseBytes)", e);
        }
    }

    private ChatResponse readBody(HttpResponse<InputStream> response) throws IOException {
        String text = ResponseBodies.text(response, settings.maxResponseBytes());
        throwIfAborted();
        firstTokenSeen = true;
        firstTokenNanos = System.nanoTime() - attemptStartNanos;
        JsonNode root = answerObject(text, "the response body", "");
        if (root.path("usage").isObject()) {
            reportedUsage = root.get("usage");
        }
        if (root.has("error")) {
            throw answeredWithError(text);
        }
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject() || !choice.path("message").isObject()) {
            throw malformed("the response has no choices[0].message: " + WireFormat.abbreviate(text), null);
        }
        JsonNode message = choice.get("message");
        List<ToolCall> calls;
        try {
            calls = WireFormat.toolCalls(message);
        } catch (LlmException e) {
            throw fromEndpoint(e);
        }
        String content = WireFormat.text(message.get("content"));
        return response(root.path("id").asText(""), root.path("model").asText(model), content,
                WireFormat.reasoning(message), calls, choice.hasNonNull("finish_reason")
                        ? choice.get("finish_reason").asText() : null, root.get("usage"),
                content.isEmpty() && calls.isEmpty() ? 0 : Math.max(1, (content.length() + 3) / 4), root);
    }

    /**
     * The JSON object of {@code text}, the answer's {@code subject}.
     *
     * @throws LlmException a malformed answer when {@code text} is empty (white space only: a 204, a proxy's empty
     *                      200), not JSON (its problem named after {@code subject} and {@code position}) or not an
     *                      object
     */
    private JsonNode answerObject(String text, String subject, String position) {
        if (text.isBlank()) {
            throw malformed(subject + position + " is empty (HTTP " + lastStatus + ")", null);
        }
        JsonNode root;
        try {
            root = AnswerJson.parse(text);
        } catch (JsonProcessingException e) {
            throw malformed(subject + position + " " + AnswerJson.problem(e) + ": " + WireFormat.abbreviate(text), e);
        }
        if (root == null || !root.isObject()) {
            throw malformed(subject + " is not a JSON object: " + WireFormat.abbreviate(text), null);
        }
        return root;
    }

    private List<ToolCall> validated(List<ToolCall> calls) {
        for (ToolCall c : calls) {
            try {
                c.arguments();
            } catch (LlmException e) {
                throw fromEndpoint(e);
            }
        }
        return calls;
    }

    /** {@code e} (about the answer) with the endpoint that sent it and the status. */
    private LlmException fromEndpoint(LlmException e) {
        return new LlmException(e.kind(), lastStatus, url + " answered with a "
                + e.getMessage(), null, e.getCause());
    }

    private ChatResponse response(String id, String responseModel, String content, String reasoning,
                                  List<ToolCall> calls, String finish, JsonNode usage, long countedTokens,
                                  JsonNode raw) {
        long now = System.nanoTime();
        boolean reported = usage != null && usage.isObject();
        Usage priced = reported ? priced(usage) : settings.prices().priceOf(model).price(estimatedPrompt, 0,
                countedTokens);
        long reasoningTokens = reported ? usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0) : 0;
        return new ChatResponse(id, responseModel == null || responseModel.isEmpty() ? model : responseModel, content,
                reasoning, calls, finish, priced, reasoningTokens, reported, firstTokenNanos,
                now - attemptStartNanos, raw);
    }

    @Override
    long generatedTokens() {
        StreamAccumulator acc = accumulator;
        return acc == null ? 0 : acc.countedTokens();
    }

    @Override
    void record(String outcome, String error, Usage spent) {
        record(outcome, error, null, spent);
    }

    /** Stops the call because of {@code cause} (a timeout): the worker fails with it. */
    private void abort(LlmException cause) {
        if (done.get() || !abortCause.compareAndSet(null, cause)) {
            return;
        }
        connection.stopSending();
        connection.close();
    }

    private void throwIfAborted() {
        LlmException cause = abortCause.get();
        if (cause != null) {
            throw cause;
        }
        throwIfEnded();
    }

    private void succeed(ChatResponse response) {
        if (done.compareAndSet(false, true)) {
            finalUsage = response.usage();
            record("completed", null, response, response.usage());
            result.complete(response);
        }
    }

    private void failWith(Throwable t) {
        if (done.get()) {
            return;
        }
        LlmException aborted = abortCause.get();
        LlmException error;
        if (aborted != null) {
            error = aborted;
        } else if (t instanceof LlmException llm) {
            error = llm;
        } else if (t instanceof UnreadableBodyException unreadable) {
            error = malformed(unreadable.getMessage(), unreadable.getCause());
        } else if (t instanceof IOException io) {
            error = new LlmException(Kind.CONNECTION, lastStatus,
                    ConnectFailure.broke(url, io), null, io);
        } else if (t instanceof InterruptedException) {
            error = new LlmException(Kind.CONNECTION, lastStatus, "interrupted", null, t);
        } else {
            error = new LlmException(Kind.MALFORMED_RESPONSE, lastStatus, "unexpected failure reading "
                    + url + ": " + t, null, t);
        }
        fail(error);
    }

    /** An error event ({@code event: error}, or data with an {@code error} object) in a stream. */
    private LlmException streamError(String data) {
        return new LlmException(Kind.SERVER_ERROR, lastStatus, url
                + " sent an error in the stream: " + WireFormat.errorMessage(data), null, null);
    }

    private LlmException malformed(String message, Throwable cause) {
        return new LlmException(Kind.MALFORMED_RESPONSE, lastStatus, "malformed response from "
                + url + ": " + message, null, cause);
    }

    private void cancelFirstTokenTimer() {
        ScheduledFuture<?> timer = firstTokenTimer;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void record(String outcome, String error, ChatResponse response, Usage usage) {
        if (settings.recorder() == null) {
            return;
        }
        StreamAccumulator acc = accumulator;
        JsonNode raw = response != null ? response.raw() : acc != null ? acc.toCompletion() : null;
        long end = System.nanoTime();
        long attemptStart = attemptStartNanos == 0 ? startNanos : attemptStartNanos;
        JsonNode u = reportedUsage;
        try {
            settings.recorder().record(new TraceEntry(startedAt.toString(), settings.endpoint().baseUrl().toString(),
                    RequestHash.of(body), body, lastStatus, outcome, error,
                    firstTokenNanos < 0 ? -1 : firstTokenNanos / 1e6, (end - attemptStart) / 1e6,
                    new ArrayList<>(chunks), raw, usage, u != null && u.isObject()));
        } catch (RuntimeException e) {
            // a trace that cannot be written must not change the call's result
            System.getLogger(HttpChatCall.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot record a trace entry: " + e.getMessage());
        }
    }
}
