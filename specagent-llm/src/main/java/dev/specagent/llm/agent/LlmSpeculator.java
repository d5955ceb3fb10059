package dev.specagent.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.ReasoningEffort;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link Speculator} that asks a model for its top-k guesses of a pending call's result, each with
 * a confidence, in the strict JSON shape of {@link GuessParser}. Use the actor's model with a short
 * prompt and low reasoning effort, or a smaller model.
 *
 * <p>The request is a system message (the task, the domain {@code instructions}, the answer shape
 * and k) and a user message (the {@code context} the state gives, then the pending call: its tool and
 * canonical arguments, or for a {@link ChatCalls chat call} its messages as {@code role: content} lines), with {@code response_format: json_object} unless turned off. Every guess's value goes
 * through {@code valueMapper} (to match the shape of the actor's values; a mapper that throws, an exception or an
 * {@link Error}, drops that guess). A malformed answer, or a failed call, becomes zero guesses and a logged warning,
 * never a failure of the run; cancelling closes the connection like {@link LlmActor}. Thread-safe.
 *
 * @param <S> the agent's state type
 */
public final class LlmSpeculator<S> implements Speculator<S> {

    private static final System.Logger LOG = System.getLogger(LlmSpeculator.class.getName());

    private final ChatModel client;
    private final String instructions;
    private final BiFunction<S, Call, String> context;
    private final Function<JsonNode, JsonNode> valueMapper;
    private final String reasoningEffort;
    private final Integer maxTokens;
    private final boolean jsonMode;

    private LlmSpeculator(Builder<S> b) {
        this.client = b.client;
        this.instructions = b.instructions;
        this.context = b.context;
        this.valueMapper = b.valueMapper;
        this.reasoningEffort = b.reasoningEffort;
        this.maxTokens = b.maxTokens;
        this.jsonMode = b.jsonMode;
    }

    public static <S> Builder<S> builder(ChatModel client) {
        return new Builder<>(client);
    }

    /** The request sent for a proposal (public so that traces for replays can be written from it). */
    public ChatRequest request(S state, Call pending, int k) {
        String system = "You predict the result of a pending call before it returns. "
                + (instructions.isEmpty() ? "" : instructions + " ")
                + "Answer with JSON only, exactly this shape: {\"guesses\": [{\"value\": <the predicted result as "
                + "JSON>, \"confidence\": <probability from 0 to 1 that this guess is exactly right>}]}, with at most "
                + k + " guesses, the most likely first.";
        String known = context.apply(state, pending);
        String user = (known == null || known.isBlank() ? "" : known.strip() + "\n\n")
                + "Pending call: " + (pending.tool().equals(ChatCalls.TOOL) ? ChatCalls.describe(pending)
                        : pending.tool() + " with arguments " + pending.canonicalArgs())
                + "\nGive your top " + k + " guesses of its result.";
        ChatRequest.Builder b = ChatRequest.builder().system(system).user(user)
                .reasoningEffort(reasoningEffort).maxTokens(maxTokens);
        if (jsonMode) {
            b.jsonObject();
        }
        return b.build();
    }

    @Override
    public CallHandle propose(S state, Call pending, int k, Clock clock, Completion<List<Guess>> done) {
        if (k <= 0) {
            clock.execute(() -> done.succeed(List.of(), Usage.ZERO));
            return CallHandle.NONE;
        }
        ChatCall chat;
        try {
            chat = client.start(request(state, pending, k));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "speculator could not build its request for " + pending + ": " + e);
            clock.execute(() -> done.succeed(List.of(), Usage.ZERO));
            return CallHandle.NONE;
        }
        chat.response().whenComplete((response, error) -> {
            if (error == null) {
                done.succeed(guesses(response, pending, k), response.usage());
                return;
            }
            Throwable cause = LlmCall.failureOf(error);
            if (cause instanceof CancellationException) {
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "speculator " + client.endpoint().model() + " failed for "
                    + pending.tool() + ", so no guesses: " + cause.getMessage());
            done.succeed(List.of(), cause instanceof LlmException llm ? llm.spent() : chat.spentSoFar());
        });
        return chat::cancel;
    }

    /**
     * The guesses of an answer, or none (with a warning) when it is malformed or cannot be read: whatever the answer,
     * the proposal must report, or a runner awaiting it would wait for ever.
     */
    private List<Guess> guesses(ChatResponse response, Call pending, int k) {
        try {
            GuessParser.Result parsed = GuessParser.parse(response.content(), k);
            if (parsed.problem().isPresent()) {
                String cut = "length".equals(response.finishReason()) ? " (the answer was cut at the token limit"
                        + (maxTokens != null ? ", max tokens " + maxTokens : "") + ")" : "";
                LOG.log(System.Logger.Level.WARNING, "speculator " + client.endpoint().model()
                        + " gave a malformed answer for " + pending.tool() + cut + ", so no guesses: "
                        + parsed.problem().get());
            }
            return mapped(parsed.guesses());
        } catch (RuntimeException | Error e) { // an Error too: in the answer's completion stage it would be swallowed
            LOG.log(System.Logger.Level.WARNING, "speculator " + client.endpoint().model() + " answer for "
                    + pending.tool() + " could not be read, so no guesses: " + e);
            return List.of();
        }
    }

    private List<Guess> mapped(List<Guess> guesses) {
        List<Guess> out = new ArrayList<>(guesses.size());
        for (Guess g : guesses) {
            try {
                out.add(new Guess(valueMapper.apply(g.value()), g.confidence()));
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "speculator guess dropped: " + e.getMessage());
            }
        }
        return out;
    }

    /** Configures an {@link LlmSpeculator}. */
    public static final class Builder<S> {
        private final ChatModel client;
        private String instructions = "";
        private BiFunction<S, Call, String> context = (state, pending) -> "";
        private Function<JsonNode, JsonNode> valueMapper = Function.identity();
        private String reasoningEffort;
        private Integer maxTokens = 512;
        private boolean jsonMode = true;

        private Builder(ChatModel client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** Domain instructions added to the system prompt (what the values look like, how to think). */
        public Builder<S> instructions(String value) {
            instructions = Objects.requireNonNull(value);
            return this;
        }

        /** What the model is told about the state before the pending call. */
        public Builder<S> context(BiFunction<S, Call, String> value) {
            context = Objects.requireNonNull(value);
            return this;
        }

        /** Maps each guessed value to the shape of the actor's values. */
        public Builder<S> valueMapper(Function<JsonNode, JsonNode> value) {
            valueMapper = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The reasoning effort to ask for ({@code minimal} or {@code low} for reasoning models; null sends none).
         *
         * @throws IllegalArgumentException when it is none of {@link ReasoningEffort#VALUES}, as an endpoint's
         */
        public Builder<S> reasoningEffort(String value) {
            reasoningEffort = ReasoningEffort.check(value);
            return this;
        }

        /**
         * The cap on generated tokens (default 512; null sends none).
         *
         * @throws IllegalArgumentException when it is 0 or negative (every proposal would fail at the server, and a
         *                                  failed proposal is only a logged warning and no guesses)
         */
        public Builder<S> maxTokens(Integer value) {
            if (value != null && value <= 0) {
                throw new IllegalArgumentException("max tokens must be positive (null sends none): " + value);
            }
            maxTokens = value;
            return this;
        }

        /** Whether to send {@code response_format: json_object} (default true). */
        public Builder<S> jsonMode(boolean value) {
            jsonMode = value;
            return this;
        }

        public LlmSpeculator<S> build() {
            return new LlmSpeculator<>(this);
        }
    }
}
