package dev.specagent.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.internal.TokenEstimate;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.price.ModelPrice;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An {@link Actor} that answers a call with a chat completion. The {@code prompt} function turns a
 * call into a request (default {@link ChatCalls#requestOf}: the call's arguments are the request
 * body), the {@code answer} function turns the response into the call's value (default
 * {@link ChatCalls#valueOf}: the text, or the text and tool calls).
 *
 * <p>{@link CallHandle#cancel()} cancels the HTTP call: the connection is closed at once and the
 * usage returned is the prompt tokens plus the tokens generated so far, priced (see
 * {@link dev.specagent.llm.client.ChatCall#cancel()}). A failed call reports an {@link LlmException} with what it spent, its message naming
 * the model; an answer the {@code answer} function rejects fails the call with an
 * {@link IllegalArgumentException} naming the model and quoting the answer, charged the answer's usage; with
 * {@link Builder#corrections} the model is first told why and asked again, the attempts' usage added up.
 * Over a {@link dev.specagent.llm.client.ChatClient} it needs a real clock
 * ({@link dev.specagent.core.clock.RealClock}): the answer arrives from the network; over a
 * {@link dev.specagent.llm.replay.SimulatedChatModel} it runs on a {@link dev.specagent.core.clock.SimulatedClock}. Thread-safe.
 */
public final class LlmActor implements Actor {

    private final ChatModel client;
    private final Function<Call, ChatRequest> prompt;
    private final Function<ChatResponse, JsonNode> answer;
    private final Duration expectedLatency;
    private final long expectedCompletionTokens;
    private final int corrections;
    private final BiFunction<Call, String, String> feedback;

    private LlmActor(Builder b) {
        this.client = b.client;
        this.prompt = b.prompt;
        this.answer = b.answer;
        this.expectedLatency = b.expectedLatency;
        this.expectedCompletionTokens = b.expectedCompletionTokens;
        this.corrections = b.corrections;
        this.feedback = b.feedback;
    }

    /** An actor with the default prompt and answer mappings. */
    public static LlmActor of(ChatModel client) {
        return builder(client).build();
    }

    public static Builder builder(ChatModel client) {
        return new Builder(client);
    }

    @Override
    public CallHandle start(Call call, CallContext context) {
        ChatRequest request;
        try {
            request = prompt.apply(call);
        } catch (RuntimeException e) {
            context.fail(e, Usage.ZERO);
            return CallHandle.NONE;
        }
        String model = modelOf(request);
        return CorrectingChat.start(client, request, this::read, corrections, why -> feedback.apply(call, why), new CorrectingChat.Outcome<>() {
            @Override
            public void answered(JsonNode value, Usage total) {
                context.succeed(value, total);
            }

            @Override
            public void refused(IllegalArgumentException why, ChatResponse last, Usage total) {
                context.fail(new IllegalArgumentException("the answer of model " + model
                        + " could not be turned into the call's value: " + why.getMessage() + " (answer: "
                        + WireFormat.abbreviate(last.content()) + ")", why), total);
            }

            @Override
            public void failed(Throwable error, Usage total) {
                context.fail(named(error, model, total), total);
            }
        });
    }

    /** The call's value of {@code response}; any error of the answer function is a refusal of the answer. */
    private JsonNode read(ChatResponse response) {
        try {
            return answer.apply(response);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private String modelOf(ChatRequest request) {
        return request.model() != null && !request.model().isBlank() ? request.model() : client.endpoint().model();
    }

    /**
     * {@code error} with the model named in its message, its kind, status and spend kept: a
     * {@link dev.specagent.llm.client.ChatClient}'s errors already start with {@code model M: }, and are kept as they
     * are; another {@link ChatModel}'s may not name it.
     */
    private static Throwable named(Throwable error, String model, Usage spent) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        if (message.contains(model)) {
            return error;
        }
        if (error instanceof LlmException llm) {
            return new LlmException(llm.kind(), llm.status(), "model " + model + ": " + message, spent, llm);
        }
        return new IllegalStateException("model " + model + ": " + message, error);
    }

    /**
     * The latency given to the builder, the cost of the estimated prompt plus the expected completion,
     * and as the upper bound the prompt plus the request's max tokens (4096 when unset).
     */
    @Override
    public Estimate estimate(Call call) {
        ChatRequest request;
        try {
            request = prompt.apply(call);
        } catch (RuntimeException e) {
            return Estimate.UNKNOWN;
        }
        var body = WireFormat.requestBody(request, client.endpoint());
        long promptTokens = TokenEstimate.promptTokens(body);
        ModelPrice price = client.prices().priceOf(body.get("model").asText());
        Integer max = request.maxTokens() != null ? request.maxTokens() : client.endpoint().maxTokens();
        long maxTokens = max != null ? max : 4096;
        double cost = price.cost(promptTokens, 0, Math.min(expectedCompletionTokens, maxTokens));
        // in seconds, not through toNanos(): a latency past 292 years (ChronoUnit.FOREVER's duration) overflows a long
        double latencySeconds = expectedLatency.getSeconds() + expectedLatency.getNano() / 1e9;
        return new Estimate(latencySeconds, cost, Math.max(cost, price.cost(promptTokens, 0, maxTokens)));
    }

    /** The model this actor calls. */
    public ChatModel client() {
        return client;
    }

    /** Configures an {@link LlmActor}. */
    public static final class Builder {
        private final ChatModel client;
        private Function<Call, ChatRequest> prompt = ChatCalls::requestOf;
        private Function<ChatResponse, JsonNode> answer = ChatCalls::valueOf;
        private Duration expectedLatency = Duration.ZERO;
        private long expectedCompletionTokens = 256;
        private int corrections;
        // never applied: feedback is asked for only after a refusal with corrections left, and corrections(n, feedback)
        // is the one way to have corrections; this placeholder only keeps the field non-null when there are none
        private BiFunction<Call, String, String> feedback = (call, why) -> why;

        private Builder(ChatModel client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** How a call becomes a request. */
        public Builder prompt(Function<Call, ChatRequest> value) {
            prompt = Objects.requireNonNull(value);
            return this;
        }

        /** How a response becomes the call's value (throw to fail the call with a clear message). */
        public Builder answer(Function<ChatResponse, JsonNode> value) {
            answer = Objects.requireNonNull(value);
            return this;
        }

        /**
         * What {@link #estimate} reports: the mean latency and the mean generated tokens.
         *
         * @throws IllegalArgumentException when either is negative (an estimate of it would fail the run as soon as
         *                                  a policy asked for it)
         */
        public Builder expected(Duration latency, long completionTokens) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative() || completionTokens < 0) {
                throw new IllegalArgumentException("expected latency and completion tokens must be >= 0: " + latency
                        + ", " + completionTokens);
            }
            expectedLatency = latency;
            expectedCompletionTokens = completionTokens;
            return this;
        }

        /**
         * Answers a refused answer (one the answer function throws on) up to {@code n} times in the same conversation
         * with {@code feedback} of the call and the refusal's message, before the call fails (see {@link CorrectingChat}); 0 by default.
         */
        public Builder corrections(int n, BiFunction<Call, String, String> feedback) {
            if (n < 0) {
                throw new IllegalArgumentException("corrections must be >= 0, got " + n);
            }
            corrections = n;
            this.feedback = Objects.requireNonNull(feedback, "feedback");
            return this;
        }

        public LlmActor build() {
            return new LlmActor(this);
        }
    }
}
