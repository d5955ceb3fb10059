package dev.specagent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay and accounting over real HTTP against the replay server: a request recorded twice is answered in
 * the recorded order, and an actor whose answer cannot be read still reports what the call cost.
 */
class ReplayAccountingTest {

    private static final String MODEL = "gpt-4o-mini";
    private static final ChatRequest SAMPLE = ChatRequest.builder().user("Pick a colour.").temperature(1.0).build();

    @Test
    void aRequestRecordedTwiceIsReplayedInTheRecordedOrder() throws Exception {
        List<TraceEntry> trace = List.of(
                Traces.text(SAMPLE, MODEL, "red", 5, 10),
                Traces.text(SAMPLE, MODEL, "blue", 5, 10));
        try (ReplayServer server = ReplayServer.builder(trace).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).build()) {
            assertThat(client.complete(SAMPLE).content()).isEqualTo("red");
            assertThat(client.complete(SAMPLE).content()).isEqualTo("blue");
        }
    }

    @Test
    void anActorWhoseAnswerCannotBeReadIsChargedWhatTheCallCost() throws Exception {
        ChatRequest question = ChatRequest.builder().user("What is the capital of France?").build();
        List<TraceEntry> trace = List.of(Traces.text(question, MODEL, "Paris, of course", 5, 10));
        try (ReplayServer server = ReplayServer.builder(trace).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).build();
             RealClock clock = new RealClock()) {
            ChatResponse direct = client.complete(question);
            assertThat(direct.usage().costUsd()).isPositive();
            LlmActor actor = LlmActor.builder(client).answer(r -> {
                throw new IllegalArgumentException("not the format the agent expects: " + r.content());
            }).build();
            CompletableFuture<Usage> charged = new CompletableFuture<>();
            actor.start(ChatCalls.callOf(question), CallContext.of(clock, false, null, new Completion<>() {
                @Override
                public void succeed(JsonNode value, Usage usage) {
                    charged.completeExceptionally(new AssertionError("an unreadable answer succeeded: " + value));
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    assertThat(error).hasMessageContaining("not the format");
                    charged.complete(spent);
                }
            }));
            assertThat(charged.get(10, TimeUnit.SECONDS)).isEqualTo(direct.usage());
        }
    }
}
