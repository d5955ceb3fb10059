package dev.specagent.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.Embeddings;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.trace.RequestHash;
import dev.specagent.llm.trace.TraceEntry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One blocking embeddings request ({@code POST {baseUrl}/embeddings}) with the client's key, headers,
 * concurrency limit, retries of 429, 408 and 5xx and of a connection that failed before the request was on the wire
 * ({@link ConnectionRetry}, as a chat call's), and total timeout (retries included); recorded to the client's trace
 * when it has a recorder. Not cancellable: an embedding is short and nothing is gained by cutting it.
 */
public final class HttpEmbeddings {

    private HttpEmbeddings() {
    }

    /**
     * The vectors of {@code inputs} from {@code settings}' endpoint and model.
     *
     * @throws LlmException when it fails, its message starting {@code model M: }
     */
    public static Embeddings embed(ClientSettings settings, List<String> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an embeddings request needs at least one input");
        }
        ObjectNode body = requestBody(settings.endpoint().model(), inputs);
        byte[] bodyBytes = body.toString().getBytes(StandardCharsets.UTF_8);
        URI url = settings.endpoint().embeddingsUrl();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        int status = 0;
        long deadline = start + settings.totalTimeout().toNanos();
        try {
            // the total timeout covers the wait for a permit too
            if (!settings.limit().tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new HttpTimeoutException("total timeout");
            }
            try {
                Random jitter = new Random(settings.seed() ^ start);
                for (int attempt = 0; ; attempt++) {
                    Duration left = Duration.ofNanos(deadline - System.nanoTime());
                    if (left.isNegative() || left.isZero()) {
                        throw new HttpTimeoutException("total timeout");
                    }
                    SendAttempt sending = new SendAttempt(bodyBytes);
                    HttpResponse<InputStream> response;
                    try {
                        response = exchange(settings, request(settings, url, sending, left), sending, deadline);
                    } catch (LlmException failed) {
                        Thread.sleep(ConnectionRetry.delayOrThrow(failed, sending, attempt, settings, deadline,
                                jitter));
                        continue;
                    }
                    UnreachableEndpoints.SHARED.reached(settings.endpoint().baseUrl());
                    Reply reply = read(settings, response, deadline);
                    status = reply.status();
                    if (status / 100 == 2) {
                        JsonNode root = json(url, reply.text());
                        Embeddings answer = parse(settings, url, root, inputs.size());
                        record(settings, startedAt, start, body, status, "completed", null, root, answer.usage());
                        return answer;
                    }
                    if (RetryDelay.retryable(status) && attempt < settings.maxRetries()) {
                        Duration delay = RetryDelay.delay(attempt, reply.retryAfter(),
                                settings.backoffBase(), settings.backoffMax(), jitter);
                        if (System.nanoTime() + delay.toNanos() >= deadline) {
                            throw new HttpTimeoutException("total timeout"); // the retry could not start in time
                        }
                        Thread.sleep(delay);
                        continue;
                    }
                    throw new LlmException(RetryDelay.retryable(status) ? Kind.SERVER_ERROR : Kind.CLIENT_ERROR, status,
                            "HTTP " + status + " from " + url
                                    + (attempt > 0 ? " (after " + attempt + " retries)" : "") + ": "
                                    + WireFormat.errorMessage(reply.text()), null, null);
                }
            } finally {
                settings.limit().release();
            }
        } catch (LlmException e) {
            throw failed(settings, startedAt, start, body, status, e);
        } catch (UnreadableBodyException e) {
            throw failed(settings, startedAt, start, body, status, malformed(url, e.getMessage()));
        } catch (HttpTimeoutException e) {
            throw failed(settings, startedAt, start, body, status, new LlmException(Kind.TIMEOUT, status,
                    "no answer from " + url + " within " + settings.totalTimeout().toMillis() + " ms", null, e));
        } catch (IOException e) {
            throw failed(settings, startedAt, start, body, status, new LlmException(Kind.CONNECTION, status,
                    "cannot reach " + url + ": " + e, null, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(settings, startedAt, start, body, status, new LlmException(Kind.CONNECTION, status,
                    "interrupted while waiting for " + url, null, e));
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

    /** One attempt's answer: its status, {@code Retry-After} and body text (of an error, the start). */
    private record Reply(int status, Optional<String> retryAfter, String text) {
    }

    /**
     * Sends one attempt ({@code request}, whose body is {@code sending}'s) and waits for its answer's headers until
     * {@code deadline}; on the deadline the exchange is aborted.
     *
     * @throws LlmException of kind {@code CONNECTION} when the connection failed before any answer, for
     *                      {@link ConnectionRetry} to decide whether to try again
     */
    private static HttpResponse<InputStream> exchange(ClientSettings settings, HttpRequest request, SendAttempt sending,
                                                      long deadline) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<InputStream>> answer = settings.http().sendAsync(request, sending.handler());
        try {
            return answer.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("total timeout");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // the request's own timeout is the total time left: when it fires, even while connecting, time is up
            if (cause instanceof HttpTimeoutException timedOut
                    && (!(cause instanceof HttpConnectTimeoutException) || System.nanoTime() >= deadline)) {
                throw timedOut;
            }
            throw new LlmException(Kind.CONNECTION, -1, ConnectFailure.message(request.uri(), cause), null, cause);
        }
    }

    /**
     * The answer's status, {@code Retry-After} and body, read until {@code deadline} (a server may send the headers
     * long before the body): closing the body at the deadline aborts a slow one.
     */
    private static Reply read(ClientSettings settings, HttpResponse<InputStream> response, long deadline)
            throws IOException {
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
            return new Reply(status, response.headers().firstValue("retry-after"), text);
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
    private static HttpRequest request(ClientSettings settings, URI url, SendAttempt sending, Duration left) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(left)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(sending.body());
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        settings.headers().forEach(request::header);
        return request.build();
    }

    /** The vectors of an OpenAI embeddings answer, by their {@code index}, and its priced usage. */
    static Embeddings parse(ClientSettings settings, URI url, JsonNode root, int inputs) {
        JsonNode data = root.path("data");
        if (!data.isArray() || data.size() != inputs) {
            throw malformed(url, "expected \"data\" with " + inputs + " embeddings, got " + data);
        }
        double[][] vectors = new double[inputs][];
        for (int i = 0; i < inputs; i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= inputs || vectors[index] != null || !embedding.isArray() || embedding.isEmpty()) {
                throw malformed(url, "data[" + i + "] needs a new \"index\" below " + inputs
                        + " and a non-empty number array \"embedding\"");
            }
            double[] v = new double[embedding.size()];
            for (int j = 0; j < v.length; j++) {
                if (!embedding.get(j).isNumber()) {
                    throw malformed(url, "data[" + i + "].embedding[" + j + "] is not a number: " + embedding.get(j));
                }
                v[j] = embedding.get(j).asDouble();
            }
            vectors[index] = v;
        }
        long prompt = root.path("usage").path("prompt_tokens").asLong(0);
        String model = root.path("model").asText(settings.endpoint().model());
        return new Embeddings(List.of(vectors), settings.prices().priceOf(model).price(prompt, 0, 0));
    }

    /** The answer's JSON. @throws LlmException when it is not JSON */
    private static JsonNode json(URI url, String text) {
        try {
            return AnswerJson.parse(text);
        } catch (JsonProcessingException e) {
            throw malformed(url, "the body " + AnswerJson.problem(e) + ": " + WireFormat.abbreviate(text));
        }
    }

    private static LlmException malformed(URI url, String what) {
        return new LlmException(Kind.MALFORMED_RESPONSE, 200, "malformed embeddings answer from " + url + ": " + what,
                null, null);
    }

    /**
     * {@code e} with the model first in its message, as a chat call's errors have it (the URL, which the chat and
     * embeddings models of one server share, does not say which model failed); recorded to the trace. The one place
     * the model is named, so it never is twice.
     */
    private static LlmException failed(ClientSettings settings, Instant startedAt, long start, ObjectNode body,
                                       int status, LlmException e) {
        String prefix = "model " + settings.endpoint().model() + ": ";
        String message = e.getMessage() == null ? e.kind().toString() : e.getMessage();
        LlmException named = e;
        if (!message.startsWith(prefix)) {
            named = new LlmException(e.kind(), e.status(), prefix + message, e.spent(), e.getCause());
            named.setStackTrace(e.getStackTrace());
        }
        record(settings, startedAt, start, body, status, "failed", named.getMessage(), null, Usage.ZERO);
        return named;
    }

    private static void record(ClientSettings settings, Instant startedAt, long start, ObjectNode body, int status,
                               String outcome, String error, JsonNode response, Usage usage) {
        if (settings.recorder() == null) {
            return;
        }
        double ms = (System.nanoTime() - start) / 1e6;
        try {
            settings.recorder().record(new TraceEntry(startedAt.toString(), settings.endpoint().baseUrl().toString(),
                    RequestHash.of(body), body, status, outcome, error, ms, ms, new ArrayList<>(), response, usage,
                    response != null && response.path("usage").isObject()));
        } catch (RuntimeException e) {
            System.getLogger(HttpEmbeddings.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot record a trace entry: " + e.getMessage());
        }
    }
}
