package dev.specagent.cli.ostune;

import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.agent.CorrectingChat;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link CallsUnderWay} of {@code ostune} (and of the retail commands) around a {@link CorrectingChat} on the replay server:
 * the refused first answer's usage, which the chat charges only when it ends, is in a snapshot taken during the
 * correction, and after the cancel the snapshot holds what the cancel returned, neither call counted twice.
 */
class OsTuneCallsUnderWayTest {

    @Test
    void aSnapshotDuringACorrectionCountsTheRefusedAnswerOnceAndTheCancelChangesNothing() throws Exception {
        TraceEntry refused = OsTuneLlmCommandTest.entry("gpt-4.1", "no number here", 50);
        TraceEntry hanging = TraceEntry.completed(refused.request(), refused.response(), 15_000, 30_000);
        CallsUnderWay underWay = new CallsUnderWay();
        try (ReplayServer server = ReplayServer.builder(List.of(refused, hanging)).fallback(ReplayServer.Fallback.ORDER)
                .start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "gpt-4.1")).build()) {
            CorrectingChat<String> chat = CorrectingChat.start(underWay.track(client),
                    ChatRequest.builder().user("a number, please").build(), OsTuneCallsUnderWayTest::number, 1,
                    why -> "refused: " + why, new CorrectingChat.Outcome<>() {
                        @Override
                        public void answered(String value, Usage total) {
                        }

                        @Override
                        public void refused(IllegalArgumentException why, ChatResponse last, Usage total) {
                        }

                        @Override
                        public void failed(Throwable error, Usage total) {
                        }
                    });
            assertThat(server.awaitRequests(2, Duration.ofSeconds(10))).isTrue();
            // the server can read the request before start() has returned the call for CallsUnderWay to hold
            CallsUnderWay.Snapshot during = underWay.snapshot();
            for (long deadline = System.nanoTime() + 10_000_000_000L; during.calls() == 0 && System.nanoTime() < deadline; ) {
                Thread.sleep(5);
                during = underWay.snapshot();
            }
            assertThat(during.calls()).isEqualTo(1);
            assertThat(during.spent().completionTokens()).isEqualTo(40); // the refused answer's; was 0
            assertThat(during.spent().promptTokens()).isGreaterThan(300);

            Usage total = chat.cancel();
            assertThat(total).isEqualTo(during.spent()); // the hanging call had streamed nothing
            assertThat(underWay.snapshot()).isEqualTo(new CallsUnderWay.Snapshot(0, total));
        }
    }

    private static String number(ChatResponse response) {
        if (!response.content().matches(".*\\d.*")) {
            throw new IllegalArgumentException("no number in the answer");
        }
        return response.content();
    }
}
