package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.hotpotqa.react.ReactPrompt;
import dev.specagent.envs.hotpotqa.react.ReactState;
import dev.specagent.envs.hotpotqa.tools.ReactAction;
import dev.specagent.llm.agent.AnswerText;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.internal.WireFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Drafts the next action(s) with an LLM (the actor's model in the paper) from the trajectory and the
 * guessed observation ({@link ReactPrompt#draftPrompt}): the answer's actions, in order of
 * appearance from the first {@code Action} label of its last labelled line ({@link #parse}), distinct, at most {@code k}.
 */
public final class LlmActionDrafter implements ActionDrafter {

    /** The word that labels the drafted actions ({@code Action 3: ...}). */
    private static final String LABEL = "Action";

    private final ChatClient client;
    private final ReactPrompt prompt;

    public LlmActionDrafter(ChatClient client, ReactPrompt prompt) {
        this.client = Objects.requireNonNull(client, "client");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    @Override
    public CallHandle draft(ReactState state, String guessedObservation, int k, Clock clock,
                            Completion<List<String>> done) {
        ChatRequest request = ChatRequest.builder().user(prompt.draftPrompt(state, guessedObservation, k))
                .temperature(0.0).maxTokens(300).build();
        return ChatForwarding.forward(client.start(request), r -> drafts(r, k, client.endpoint().model()), done);
    }

    /** The drafts of {@code response}; throws, naming {@code model} and quoting the answer, when it names no action. */
    static List<String> drafts(ChatResponse response, int k, String model) {
        List<String> out = parse(response.content(), k);
        if (out.isEmpty()) {
            String content = response.content(); // ChatResponse holds "" for no content
            throw new IllegalArgumentException("model " + model + ": the answer names no "
                    + "Search/Lookup/Finish action" + ("length".equals(response.finishReason())
                    ? " (cut at the request's token limit)" : "") + ": "
                    + (content.isBlank() ? "(empty)" : "'" + WireFormat.abbreviate(content) + "'"));
        }
        return out;
    }

    /**
     * The distinct actions written in {@code text} from the first {@code Action} label of its last line that holds one
     * (candidates may each have their label, {@code Action 1: Search[A], Action 1: Search[B]}, as the paper's runs
     * recorded), or in the whole text when it has no label; at most {@code k}. A label is the word {@code Action} outside
     * an action's brackets: in {@code Search[Action Comics]} it is part of the argument. A reasoning model's leading
     * {@code <think>…</think>} block is not read ({@link AnswerText#withoutThinking}).
     */
    static List<String> parse(String text, int k) {
        String t = text == null ? "" : AnswerText.withoutThinking(text);
        String tail = t.substring(draftsStart(t));
        List<String> out = new ArrayList<>();
        for (ReactAction a : ReactAction.findAll(tail)) {
            String written = a.toString();
            if (out.size() < k && out.stream().noneMatch(o -> ReactAction.strictlyMatch(o, written))) {
                out.add(written);
            }
        }
        return out;
    }

    /** Where the drafts of {@code t} start: its last labelled line's first label, or 0 without a label. */
    private static int draftsStart(String t) {
        List<Integer> labels = new ArrayList<>();
        for (int at = t.indexOf(LABEL); at >= 0; at = t.indexOf(LABEL, at + 1)) {
            if (!ReactAction.withinAction(t, at)) {
                labels.add(at);
            }
        }
        if (labels.isEmpty()) {
            return 0;
        }
        int lineStart = t.lastIndexOf('\n', labels.getLast()) + 1;
        return labels.stream().filter(at -> at >= lineStart).findFirst().orElseThrow();
    }

    @Override
    public String name() {
        return "llm:" + client.endpoint().model();
    }
}
