package dev.specagent.llm.internal;

import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.trace.TraceRecorder;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything a call of a {@link dev.specagent.llm.client.ChatClient} needs, as its builder set it.
 *
 * @param apiKey the key sent as {@code Authorization: Bearer}, or null
 * @param limit  the endpoint's concurrency limit
 * @param seed   the seed of the retry jitter
 * @param maxResponseBytes the largest whole body (decoded) and, in characters, the largest stream event the client reads
 * @param streamEndGrace how long a stream may go on without an event once its finish reason arrived
 * @param closed  set when the client is closed: a try that fails afterwards failed by the close, not by the server
 */
public record ClientSettings(HttpClient http, LlmEndpoint endpoint, String apiKey, Map<String, String> headers,
                             PriceTable prices, TraceRecorder recorder, Duration firstTokenTimeout,
                             Duration totalTimeout, int maxRetries, Duration backoffBase, Duration backoffMax,
                             Semaphore limit, long seed, int maxResponseBytes,
                             Duration streamEndGrace, AtomicBoolean closed) {

    /** Settings of a client that is open until {@link #closed} is set. */
    public ClientSettings(HttpClient http, LlmEndpoint endpoint, String apiKey, Map<String, String> headers,
                          PriceTable prices, TraceRecorder recorder, Duration firstTokenTimeout,
                          Duration totalTimeout, int maxRetries, Duration backoffBase, Duration backoffMax,
                          Semaphore limit, long seed, int maxResponseBytes, Duration streamEndGrace) {
        this(http, endpoint, apiKey, headers, prices, recorder, firstTokenTimeout, totalTimeout, maxRetries,
                backoffBase, backoffMax, limit, seed, maxResponseBytes, streamEndGrace, new AtomicBoolean());
    }
}
