package dev.specagent.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.Embeddings;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.trace.RequestHash;
import dev.specagent.llm.trace.TraceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One embeddings request ({@code POST {baseUrl}/embeddings}) with the client's key, headers, concurrency limit,
 * retries of 408, 409, 429 and 5xx and of a connection that failed before the request was on the wire
 * ({@link ConnectionRetry}, as a chat call's), and total timeout (retries included); recorded to the client's trace
 * when it has a recorder. It runs on the calling thread ({@link #embed}) or on its own ({@link #start}), and then can be
 * cancelled from any thread as a chat call is: {@link #cancel()} closes the connection ({@link CallConnection}). A
 * cancelled or failed request is charged as a chat call is, by the same rule ({@link HttpCall#spentSoFar()}): the
 * server's usage if an accepted answer brought it, else the estimated prompt when the request was on the wire and
 * not rejected ({@link SendAttempt}), else 0. The first of completion, failure and cancellation wins ({@link #done});
 * only the winner records the trace entry. Every failure's message starts with {@code model M: } (the endpoint's
 * model).
 */
public final class HttpEmbeddings extends HttpCall<Embeddings> implements Runnable {

    private final int inputs;
    private final ObjectNode body;
    private final byte[] bodyBytes;
    private final Instant startedAt = Instant.now();
    private final long start = System.nanoTime();

    HttpEmbeddings(ClientSettings settings, List<String> inputs) {
        super(settings, settings.endpoint().model(), settings.endpoint().embeddingsUrl(),
                TokenEstimate.inputTokens(inputs));
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an embeddings request needs at least one input");
        }
        this.inputs = inputs.size();
        this.body = requestBody(model, inputs);
        this.bodyBytes = body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The vectors of {@code inputs} from {@code settings}' endpoint and model, asked on the calling thread.
     *
     * @throws LlmException when it fails, its message starting {@code model M: }
     */
    public static Embeddings embed(ClientSettings settings, List<String> inputs) {
        HttpEmbeddings call = new HttpEmbeddings(settings, inputs);
        call.run();
        return call.await();
    }

    /** Starts asking the vectors of {@code inputs} on a virtual thread of its own; returns at once. */
    public static LlmCall<Embeddings> start(ClientSettings settings, List<String> inputs) {
        return start(settings, inputs, new ClientCalls(settings.closed()));
    }

    /** As {@link #start(ClientSettings, List)}, the call tracked by {@code calls} until it ends. */
    public static LlmCall<Embeddings> start(ClientSettings settings, List<String> inputs, ClientCalls calls) {
        HttpEmbeddings call = calls.track(new HttpEmbeddings(settings, inputs));
        Thread.ofVirtual().name("specagent-llm-embeddings").start(call);
        return call;
    }

    @Override
    public void run() {
        if (!runsOnThisThread()) {
            return;
        }
        try {
            attempts();
        } catch (LlmException e) {
            fail(e);
        } catch (UnreadableBodyException e) {
            fail(malformed(e.getMessage()));
        } catch (HttpTimeoutException e) {
            fail(new LlmException(Kind.TIMEOUT, lastStatus, "no answer from " + url + " within "
                    + settings.totalTimeout().toMillis() + " ms", null, e));
        } catch (IOException e) {
            fail(new LlmException(Kind.CONNECTION, lastStatus, ConnectFailure.broke(url, e), null, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new LlmException(Kind.CONNECTION, lastStatus, "interrupted while waiting for " + url, null, e));
        } catch (CancellationException e) {
            // stopped by a cancel, which ended the call
        } catch (RuntimeException | Error e) {
            if (done.compareAndSet(false, true)) {
                finalUsage = Usage.ZERO;
                result.completeExceptionally(e);
            }
            throw e;
        }
    }

    private void attempts() throws IOException, InterruptedException {
        long deadline = start + settings.totalTimeout().toNanos();
        // the total timeout covers the wait for a permit too
        if (!settings.limit().tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            throw new HttpTimeoutException("total timeout");
        }
        try {
            Random jitter = new Random(settings.seed() ^ start);
            LlmException retried = null;
            for (int attempt = 0; ; attempt++) {
                throwIfEnded();
                long tryStart = System.nanoTime();
                Duration left = Duration.ofNanos(deadline - tryStart);
                if (left.isNegative() || left.isZero()) {
                    if (retried != null) {
                        // the wait overran: a retry is only attempted with time left (RetryDelay.leavesTime)
                        throw RetryDelay.passedWhileWaiting(retried, settings.totalTimeout());
                    }
                    throw new HttpTimeoutException("total timeout");
                }
                SendAttempt sending = new SendAttempt(bodyBytes);
                HttpResponse<InputStream> response;
                try {
                    response = connection.send(settings.http(), request(sending, left), sending, deadline,
                            this::throwIfEnded);
                } catch (LlmException failed) {
                    Duration delay = ConnectionRetry.delayOrThrow(failed, sending, attempt, settings, tryStart, deadline,
                            jitter);
                    retried = failed;
                    waitToRetry(delay, failed);
                    continue;
                }
                UnreachableEndpoints.SHARED.reached(settings.endpoint().baseUrl());
                // the status of this answer, before its body: a failure reading it must not report the try before's
                int status = response.statusCode();
                lastStatus = status;
                Reply reply = read(response, deadline);
                if (status / 100 == 2) {
                    JsonNode root = json(reply.text());
                    if (root.path("usage").isObject()) {
                        reportedUsage = root.get("usage");
                    }
                    if (root.has("error")) {
                        throw answeredWithError(reply.text());
                    }
                    succeed(root, parse(root, inputs));
                    return;
                }
                retried = StatusRetry.failure(url, status, reply.headers(), reply.text(), attempt);
                waitToRetry(StatusRetry.delayOrThrow(retried, reply.headers(), attempt, settings, tryStart,
                        deadline, jitter), retried);
            }
        } finally {
            settings.limit().release();
        }
    }

    @Override
    void record(String outcome, String error, Usage spent) {
        record(outcome, error, null, spent);
    }

    private void succeed(JsonNode root, Embeddings answer) {
        if (done.compareAndSet(false, true)) {
            finalUsage = answer.usage();
            record("completed", null, root, answer.usage());
            result.complete(answer);
        }
    }

    /**
     * The request body for {@code inputs} to {@code model}: {@code {"model", "input": [texts], "encoding_format":
     * "float"}} (floats asked for explicitly: they are what {@link #parse} reads).
     */
    public static ObjectNode requestBody(String model, List<String> inputs) {
        ObjectNode body = CanonicalJson.MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        inputs.forEach(input::add);
        body.put("encoding_format", "float");
        return body;
    }

    /** One attempt's answer: its headers and body text (of an error, the start). */
    private record Reply(HttpHeaders headers, String text) {
    }

    /**
     * The answer's {@code Retry-After} and body, read until {@code deadline} (a server may send the headers
     * long before the body): closing the body at the deadline aborts a slow one.
     */
    private Reply read(HttpResponse<InputStream> response, long deadline) throws IOException {
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> timer = Timers.after(Duration.ofNanos(deadline - System.nanoTime()), () -> {
            late.set(true);
            close(response.body());
        });
        try {
            int status = response.statusCode();
            String text = status / 100 == 2 ? ResponseBodies.text(response, settings.maxResponseBytes()) : ResponseBodies.errorText(response);
            if (late.get()) {
                throw new HttpTimeoutException("total timeout");
            }
            return new Reply(response.headers(), text);
        } catch (IOException e) {
            if (late.get()) {
                throw new HttpTimeoutException("total timeout");
            }
            throw e;
        } finally {
            timer.cancel(false);
            close(response.body());
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing is best effort: the exchange is over either way
        }
    }

    /** One attempt's request, which times out when the call's total time is up ({@code left}). */
    private HttpRequest request(SendAttempt sending, Duration left) {
        return post(sending, "application/json").timeout(left).build();
    }

    /** The vectors of an OpenAI embeddings answer, by their {@code index}, and its priced usage. */
    private Embeddings parse(JsonNode root, int inputs) {
        JsonNode data = root.path("data");
        if (!data.isArray() || data.size() != inputs) {
            throw malformed("expected \"data\" with " + inputs + " embeddings, got "
                    + WireFormat.abbreviate(data.toString()));
        }
        double[][] vectors = new double[inputs][];
        for (int i = 0; i < inputs; i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= inputs || vectors[index] != null || !embedding.isArray() || embedding.isEmpty()) {
                throw malformed("data[" + i + "] needs a new \"index\" below " + inputs
                        + " and a non-empty number array \"embedding\"");
            }
            double[] v = new double[embedding.size()];
            for (int j = 0; j < v.length; j++) {
                if (!embedding.get(j).isNumber()) {
                    throw malformed("data[" + i + "].embedding[" + j + "] is not a number: "
                            + WireFormat.abbreviate(embedding.get(j).toString()));
                }
                v[j] = embedding.get(j).asDouble();
            }
            vectors[index] = v;
        }
        long prompt;
        try {
            prompt = TokenCount.of(root.path("usage"), "prompt_tokens");
        } catch (IllegalArgumentException e) {
            throw malformed("the answer reports " + e.getMessage());
        }
        String model = root.path("model").asText(settings.endpoint().model());
        return new Embeddings(List.of(vectors), settings.prices().priceOf(model).price(prompt, 0, 0));
    }

    /** The answer's JSON. @throws LlmException when it is empty or not JSON */
    private JsonNode json(String text) {
        if (text.isBlank()) {
            throw malformed("the body is empty (HTTP " + lastStatus + ")");
        }
        try {
            return AnswerJson.parse(text);
        } catch (JsonProcessingException e) {
            throw malformed("the body " + AnswerJson.problem(e) + ": " + WireFormat.abbreviate(text));
        }
    }

    /** The answer of status {@link #lastStatus} is unusable for {@code what}. */
    private LlmException malformed(String what) {
        return new LlmException(Kind.MALFORMED_RESPONSE, lastStatus, "malformed embeddings answer from " + url + ": "
                + what, null, null);
    }

    private void record(String outcome, String error, JsonNode response, Usage usage) {
        if (settings.recorder() == null) {
            return;
        }
        double ms = (System.nanoTime() - start) / 1e6;
        try {
            settings.recorder().record(new TraceEntry(startedAt.toString(), settings.endpoint().baseUrl().toString(),
                    RequestHash.of(body), body, lastStatus, outcome, error, ms, ms, new ArrayList<>(), response, usage,
                    response != null && response.path("usage").isObject()));
        } catch (RuntimeException e) {
            System.getLogger(HttpEmbeddings.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot record a trace entry: " + e.getMessage());
        }
    }
}
