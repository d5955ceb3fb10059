package dev.specagent.llm;

import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay server that runs for hours ({@code serve-replay} under an agent that cancels its speculation) sees a
 * disconnect for every answer cancelled while it streamed; it kept a record of each one for as long as it ran. It
 * counts them all and keeps the last {@link ReplayServer#DISCONNECTS_KEPT}.
 */
class ReplayServerDisconnectsTest {

    static final ChatRequest LONG = ChatClientReplayTest.LONG.toBuilder().stream(true).build();

    @Test
    void aServerCountsEveryDisconnectAndKeepsTheLastOnes() throws Exception {
        int cancelled = ReplayServer.DISCONNECTS_KEPT + 50;
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(LONG, "m-disconnects",
                "Once upon a time ".repeat(200), 5, 600_000))).heartbeat(Duration.ofMillis(20)).start()) {
            try (ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "m-disconnects"))
                    .maxConcurrency(64).build()) {
                for (int started = 0; started < cancelled; ) {
                    List<ChatCall> batch = new ArrayList<>();
                    for (int i = 0; i < 25 && started < cancelled; i++, started++) {
                        batch.add(client.start(LONG));
                    }
                    assertThat(server.awaitRequests(started, Duration.ofSeconds(20))).isTrue();
                    batch.forEach(ChatCall::cancel);
                    assertThat(server.awaitIdle(Duration.ofSeconds(20))).isTrue();
                }
            }
            assertThat(server.disconnectCount()).isEqualTo(cancelled);
            List<ReplayServer.Disconnect> kept = server.disconnects();
            assertThat(kept).hasSize(ReplayServer.DISCONNECTS_KEPT);
            assertThat(kept).isSortedAccordingTo((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        }
    }
}
