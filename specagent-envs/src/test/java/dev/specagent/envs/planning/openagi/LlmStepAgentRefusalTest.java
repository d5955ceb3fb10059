package dev.specagent.envs.planning.openagi;

import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.specagent.envs.planning.openagi.LivePlanningReplayTest.MODEL;
import static dev.specagent.envs.planning.openagi.LivePlanningReplayTest.TASK;
import static org.assertj.core.api.Assertions.assertThat;

/** How an {@link LlmStepAgent} refuses an answer that names no step (over the replay server, real HTTP). */
class LlmStepAgentRefusalTest {

    /**
     * A long answer is quoted cut to 300 characters, never inside a character: an emoji across the cut used to leave
     * half of its UTF-16 pair in the message, which prints as '?' and is no text.
     */
    @Test
    void aLongAnswerIsQuotedCutBetweenCharacters() throws Exception {
        String answer = "a".repeat(299) + "\uD83D\uDE00 and more";
        String message = refusal(answer);
        assertThat(message).startsWith("model " + MODEL + " (DIRECT agent), task 'openagi-1', step 1: the answer names "
                + "none of the 15 OpenAGI tools nor TERMINATE: '");
        String quoted = message.substring(message.indexOf('\'', message.indexOf("TERMINATE")) + 1);
        assertThat(quoted).isEqualTo("a".repeat(299) + "...'");
        assertThat(message.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }

    /** The failure message of the DIRECT agent's step 1 answered {@code answer}. */
    private static String refusal(String answer) throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(
                LivePlanningReplayTest.entry(PlanPrompts.direct(TASK, List.of()), answer, 1))).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null)
                     .maxRetries(0).build();
             RealClock clock = new RealClock()) {
            CompletableFuture<String> failure = new CompletableFuture<>();
            new LlmStepAgent(client, AgentStrategy.DIRECT).propose(TASK, List.of(), clock, new Completion<>() {
                @Override
                public void succeed(String step, Usage usage) {
                    failure.completeExceptionally(new AssertionError("accepted as " + step));
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    failure.complete(error.getMessage());
                }
            });
            return failure.get(20, TimeUnit.SECONDS);
        }
    }
}
