package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.price.ModelPrice;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.trace.RequestHash;
import dev.specagent.llm.trace.TraceEntry;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ChatModel} that answers from a trace in the run's (usually simulated) time, without HTTP:
 * the deterministic counterpart of the {@link ReplayServer} for replays and property tests on a
 * {@link dev.specagent.core.clock.SimulatedClock}. Requests are matched exactly as the server matches
 * them ({@link RequestHash}, optional order fallback); an answer completes {@code totalMs × timeScale}
 * after the request on the clock; a request that matches nothing fails with a 404
 * {@link LlmException}. Cancelling removes the scheduled answer and returns the recorded prompt
 * tokens plus the share of the recorded completion tokens streamed by then (linear from the first
 * token at {@code firstTokenMs} to the end; none for a request that does not stream, whose answer would
 * come whole, as a {@link dev.specagent.llm.client.ChatClient} charges it), priced. Use it from the clock's event loop only (as an
 * actor or speculator of a run on that clock).
 */
public final class SimulatedChatModel implements ChatModel {

    private final Clock clock;
    private final TraceIndex index;
    private final LlmEndpoint endpoint;
    private final PriceTable prices;
    private final double timeScale;
    private long requests;

    /**
     * A model answering from {@code entries} on {@code clock}, as {@code endpoint} (model name and
     * request defaults) would be asked, priced by {@code prices}, at {@code timeScale} × the recorded
     * times, with the given fallback for unmatched requests.
     */
    public SimulatedChatModel(Clock clock, List<TraceEntry> entries, LlmEndpoint endpoint, PriceTable prices,
                              double timeScale, ReplayServer.Fallback fallback) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.index = new TraceIndex(entries, fallback);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.timeScale = ReplayServer.requireTimeScale(timeScale);
    }

    /** A model at the recorded pace with the built-in prices and no fallback. */
    public static SimulatedChatModel of(Clock clock, List<TraceEntry> entries, LlmEndpoint endpoint) {
        return new SimulatedChatModel(clock, entries, endpoint, PriceTable.builtIn(), 1.0, ReplayServer.Fallback.NONE);
    }

    @Override
    public ChatCall start(ChatRequest request) {
        requests++;
        ObjectNode body = WireFormat.requestBody(request, endpoint);
        String hash = RequestHash.of(body);
        String model = body.get("model").asText();
        ModelPrice price = prices.priceOf(model);
        SimulatedCall call = new SimulatedCall(clock.nanoTime(), price, request.stream());
        index.match(hash, model, false).ifPresentOrElse(entry -> {
            call.entry = entry;
            call.timer = clock.schedule(Clock.nanos(entry.totalMs() * timeScale / 1000), () -> call.finish(entry));
        }, () -> call.timer = clock.schedule(0, () -> call.result.completeExceptionally(new LlmException(
                LlmException.Kind.CLIENT_ERROR, 404, "the trace has no response for this request (model '" + model
                + "', request hash " + hash + ")", Usage.ZERO, null))));
        return call;
    }

    /** Requests started, answered or not (as {@link ReplayServer#requests()} counts those received). */
    public long requests() {
        return requests;
    }

    @Override
    public LlmEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public PriceTable prices() {
        return prices;
    }

    private final class SimulatedCall implements ChatCall {
        private final long startNanos;
        private final ModelPrice price;
        private final boolean streamed;
        private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        private TraceEntry entry;
        private Clock.Timer timer;
        private Usage finalUsage;

        SimulatedCall(long startNanos, ModelPrice price, boolean streamed) {
            this.startNanos = startNanos;
            this.price = price;
            this.streamed = streamed;
        }

        void finish(TraceEntry recorded) {
            ChatResponse response;
            try {
                response = response(recorded);
            } catch (LlmException e) {
                finalUsage = e.spent();
                result.completeExceptionally(e);
                return;
            }
            finalUsage = response.usage();
            result.complete(response);
        }

        private ChatResponse response(TraceEntry recorded) {
            JsonNode raw = recorded.response();
            JsonNode choice = raw.path("choices").path(0);
            JsonNode message = choice.path("message");
            Usage usage = usage(recorded, 1.0);
            List<ToolCall> calls;
            try {
                calls = WireFormat.toolCalls(message);
            } catch (LlmException e) {
                throw e.withSpent(usage);
            }
            return new ChatResponse(raw.path("id").asText(""), raw.path("model").asText(""),
                    WireFormat.text(message.get("content")), WireFormat.reasoning(message), calls,
                    choice.hasNonNull("finish_reason") ? choice.get("finish_reason").asText() : null, usage,
                    raw.path("usage").path("completion_tokens_details").path("reasoning_tokens").asLong(0),
                    raw.path("usage").isObject(), Clock.nanos(Math.max(0, recorded.firstTokenMs()) * timeScale / 1000),
                    Clock.nanos(recorded.totalMs() * timeScale / 1000), raw);
        }

        /** The recorded usage with {@code share} of its completion tokens, priced. */
        private Usage usage(TraceEntry recorded, double share) {
            JsonNode u = recorded.response().path("usage");
            long prompt = u.isObject() ? u.path("prompt_tokens").asLong(0) : recorded.usage().promptTokens();
            long completion = u.isObject() ? u.path("completion_tokens").asLong(0) : recorded.usage().completionTokens();
            long cached = u.isObject() ? u.path("prompt_tokens_details").path("cached_tokens").asLong(0)
                    : recorded.usage().cachedPromptTokens();
            return price.price(prompt, cached, (long) Math.floor(completion * share));
        }

        @Override
        public CompletableFuture<ChatResponse> response() {
            return result;
        }

        @Override
        public Usage cancel() {
            if (result.isDone()) {
                return spentSoFar();
            }
            if (timer != null) {
                timer.cancel();
            }
            Usage spent = spentSoFar();
            finalUsage = spent;
            result.cancel(false);
            return spent;
        }

        @Override
        public Usage spentSoFar() {
            if (finalUsage != null) {
                return finalUsage;
            }
            if (entry == null) {
                return Usage.ZERO;
            }
            if (!streamed) {
                return usage(entry, 0); // a whole answer: nothing of it has arrived before it ends
            }
            double elapsedMs = (clock.nanoTime() - startNanos) / 1e6 / Math.max(timeScale, 1e-12);
            double first = Math.max(0, entry.firstTokenMs());
            double span = entry.totalMs() - first;
            double share = elapsedMs <= first ? 0 : span <= 0 ? 1 : Math.min(1, (elapsedMs - first) / span);
            return usage(entry, share);
        }
    }
}
