package dev.specagent.envs.hotpotqa.react;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.sandbox.View;
import dev.specagent.llm.agent.AnswerText;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmException;

import java.time.Duration;
import java.util.Optional;

/**
 * The ReAct actor through the LLM backend: a {@code think} call becomes the paper's 6-shot prompt
 * with the trajectory so far ({@link ReactPrompt#actorPrompt}), sent at temperature 0 so that the
 * same call gives the same step; the answer is parsed into a {@link ThoughtAction}. Needs a real clock.
 *
 * <p>An answer without a valid action is the model's step, answered {@code Invalid action: …} as in the
 * reference; but an empty answer (e.g. a reasoning model that spent its tokens thinking) or one cut at the
 * request's token limit before any action is no step of the model's: the model is told why and asked again (twice at
 * most) in the same conversation, still at temperature 0 ({@link dev.specagent.llm.agent.CorrectingChat}; the same request
 * again would get the same answer), and a third such answer fails the call. Every failure names the question and
 * the step besides the model.
 */
public final class LlmThinker {

    /** The actor's token limit per step. */
    static final int MAX_TOKENS = 400;
    /** How often a refused answer is answered with why before the think fails. */
    static final int CORRECTIONS = 2;

    private LlmThinker() {
    }

    /** The actor answering think calls with {@code client}. */
    public static Actor of(ChatClient client, ReactPrompt prompt, Duration expectedLatency) {
        LlmActor llm = LlmActor.builder(client)
                .prompt(call -> request(prompt, call))
                .answer(LlmThinker::value)
                .expected(expectedLatency, 80)
                .corrections(CORRECTIONS, (call, why) -> ReactPrompt.correction(ReactAgent.stateOf(call).steps().size() + 1, why))
                .build();
        return new Actor() {
            @Override
            public CallHandle start(Call call, CallContext context) {
                return llm.start(call, new Located(context, where(call)));
            }

            @Override
            public Estimate estimate(Call call) {
                return llm.estimate(call);
            }
        };
    }

    private static ChatRequest request(ReactPrompt prompt, Call call) {
        ReactState state = ReactAgent.stateOf(call);
        return ChatRequest.builder().user(prompt.actorPrompt(state)).temperature(0.0).maxTokens(MAX_TOKENS).build();
    }

    /** The think value of {@code response}; throws when the answer is empty or was cut before any action. */
    static JsonNode value(ChatResponse response) {
        ThoughtAction ta = ReactPrompt.parseActorAnswer(response.content());
        if (ta.parsed().isEmpty()) {
            boolean cut = "length".equals(response.finishReason());
            String limit = cut ? ", cut at the request's token limit (" + MAX_TOKENS + ")" : "";
            if (AnswerText.withoutThinking(response.content()).isBlank()) { // ChatResponse holds "" for no content
                throw new IllegalArgumentException("the answer is empty" + (response.content().isBlank() ? ""
                        : " after its <think> block") + limit + (response.reasoningTokens() > 0
                        ? " after " + response.reasoningTokens() + " reasoning tokens" : ""));
            }
            if (cut) {
                throw new IllegalArgumentException("the answer holds no Search/Lookup/Finish action" + limit);
            }
        }
        return ta.toJson();
    }

    /** {@code question d0, step 2} for a think call (the step it would write). */
    private static String where(Call call) {
        try {
            ReactState state = ReactAgent.stateOf(call);
            return "question " + state.question().id() + ", step " + (state.steps().size() + 1);
        } catch (IllegalArgumentException e) {
            return "call " + call.tool();
        }
    }

    /** A context whose failures name the question and step first. */
    private record Located(CallContext context, String where) implements CallContext {
        @Override
        public Clock clock() {
            return context.clock();
        }

        @Override
        public boolean speculative() {
            return context.speculative();
        }

        @Override
        public Optional<View> view() {
            return context.view();
        }

        @Override
        public void succeed(JsonNode value, Usage usage) {
            context.succeed(value, usage);
        }

        @Override
        public void fail(Throwable error, Usage spent) {
            String message = error.getMessage() == null ? error.toString() : error.getMessage();
            context.fail(error instanceof LlmException llm
                    ? new LlmException(llm.kind(), llm.status(), where + ": " + message, spent, llm)
                    : new IllegalStateException(where + ": " + message, error), spent);
        }
    }
}
