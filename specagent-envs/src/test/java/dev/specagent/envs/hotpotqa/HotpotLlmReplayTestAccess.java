package dev.specagent.envs.hotpotqa;

import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.react.ReactPrompt;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;

/** The replay-server fixtures of {@link HotpotLlmReplayTest} and its question, for tests in other packages. */
public final class HotpotLlmReplayTestAccess {

    /** The actor's and drafter's prompt prefix (examples omitted). */
    public static final ReactPrompt PROMPT = HotpotLlmReplayTest.PROMPT;
    /** The question of {@link HotpotIsolationTest}: the mayor of Alpha. */
    public static final HotpotQuestion Q = HotpotIsolationTest.Q;

    private HotpotLlmReplayTestAccess() {
    }

    /** An answer of {@code model} (100 prompt and 20 completion tokens) taking {@code totalMs}. */
    public static TraceEntry answer(String model, String content, double totalMs) {
        return HotpotLlmReplayTest.answer(model, content, totalMs);
    }

    /** A client of {@code server} asking {@code model}, without retries. */
    public static ChatClient client(ReplayServer server, String model) {
        return HotpotLlmReplayTest.client(server, model);
    }
}
