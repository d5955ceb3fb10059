package dev.specagent.envs.hotpotqa;

import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.envs.hotpotqa.react.LlmThinker;
import dev.specagent.envs.hotpotqa.react.ReactState;
import dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator;
import dev.specagent.envs.hotpotqa.speculate.LlmActionDrafter;
import dev.specagent.envs.hotpotqa.speculate.LlmObservationGuesser;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unusable think answer is answered in the same conversation with why, over the project's replay server on real
 * HTTP; the server matches requests exactly, so the second answer is served only to the request carrying the feedback.
 */
class LlmThinkerCorrectionTest {

    @Test
    void anEmptyAnswerIsFollowedByARequestThatSaysWhyAndItsAnswerIsTheStep() throws Exception {
        LlmEndpoint endpoint = LlmEndpoint.of("http://127.0.0.1:1/v1", "actor-m");
        ChatRequest first = ChatRequest.builder()
                .user(HotpotLlmReplayTest.PROMPT.actorPrompt(ReactState.start(HotpotIsolationTest.Q)))
                .temperature(0.0).maxTokens(400).build();
        ChatRequest corrected = first.toBuilder().assistant("").user("Your answer was refused: the answer is empty. "
                + "Reply briefly with one line \"Thought 1: ...\" and one line \"Action 1: ...\" whose action is "
                + "Search[entity], Lookup[keyword] or Finish[answer].").build();
        List<TraceEntry> entries = List.of(
                TraceEntry.text(endpoint, first, "", 100, 30, 10, 20),
                TraceEntry.text(endpoint, corrected, "Thought 1: The mayor is Bob.\nAction 1: Finish[Bob]", 130, 20, 10, 20));
        try (ReplayServer server = ReplayServer.builder(entries).start();
             ChatClient actor = HotpotLlmReplayTest.client(server, "actor-m");
             ChatClient other = HotpotLlmReplayTest.client(server, "unused-m");
             RealClock clock = new RealClock()) {
            DraftingSpeculator speculator = new DraftingSpeculator(new LlmObservationGuesser(other),
                    new LlmActionDrafter(other, HotpotLlmReplayTest.PROMPT));
            EpisodeResult result = new HotpotEpisode(new WikiTools(HotpotIsolationTest.WIKI), ToolLatency.fixed(0.01, 0.01),
                    LlmThinker.of(actor, HotpotLlmReplayTest.PROMPT, Duration.ofMillis(20)), speculator,
                    new SequentialPolicy(), RunLimits.DEFAULT.withMaxAttempts(1), 7).run(HotpotIsolationTest.Q, clock);

            assertThat(result.answer()).isEqualTo("Bob");
            assertThat(server.misses()).isZero();
            assertThat(server.served()).isEqualTo(2);
            // one think, charged both attempts
            assertThat(result.run().ledger().stream().filter(e -> e.role() == Role.ACTOR)
                    .mapToLong(e -> e.usage().promptTokens()).sum()).isEqualTo(230);
        }
    }
}
