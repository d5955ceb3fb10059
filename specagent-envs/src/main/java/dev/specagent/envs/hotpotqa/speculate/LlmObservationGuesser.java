package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.react.ReactPrompt;
import dev.specagent.envs.hotpotqa.tools.ReactText;
import dev.specagent.llm.agent.AnswerText;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;

import java.util.Objects;

/**
 * The paper's observation speculator: an LLM writes a Wikipedia-style page about the searched entity
 * ({@link ReactPrompt#guessPrompt}), shown as a search would show it (its first five sentences by the
 * reference's rule). Cancelling closes the HTTP stream.
 */
public final class LlmObservationGuesser implements ObservationGuesser {

    private final ChatClient client;

    public LlmObservationGuesser(ChatClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public CallHandle guess(HotpotQuestion question, String entity, Clock clock, Completion<String> done) {
        ChatRequest request = ChatRequest.builder().user(ReactPrompt.guessPrompt(entity)).temperature(0.0)
                .maxTokens(200).build();
        return ChatForwarding.forward(client.start(request), LlmObservationGuesser::observation, done);
    }

    /**
     * The guessed observation of {@code response}: the page it writes as a search shows it, a reasoning model's leading
     * {@code <think>…</think>} block left out (it is no sentence of the page).
     */
    static String observation(ChatResponse response) {
        return ReactText.pageObservation(AnswerText.withoutThinking(response.content())); // "" for no content
    }

    @Override
    public String name() {
        return "llm:" + client.endpoint().model();
    }
}
