package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** How a chat call's outcome reaches a speculation stage: the value or the failure, each with what it consumed. */
class ChatForwardingTest {

    private static final Usage ANSWERED = Usage.ofCost(0.03);
    private static final Usage SO_FAR = Usage.ofCost(0.01);

    /** A chat call under the test's control; its cancel completes it as cancelled and returns what it consumed. */
    private static final class FakeCall implements ChatCall {
        final CompletableFuture<ChatResponse> response = new CompletableFuture<>();
        int cancels;

        @Override
        public CompletableFuture<ChatResponse> response() {
            return response;
        }

        @Override
        public Usage cancel() {
            cancels++;
            response.cancel(false);
            return SO_FAR;
        }

        @Override
        public Usage spentSoFar() {
            return SO_FAR;
        }
    }

    /** Records what the stage was told: "ok value usage" or "fail message usage". */
    private static final class Recorder implements Completion<String> {
        final List<String> told = new ArrayList<>();

        @Override
        public void succeed(String value, Usage usage) {
            told.add("ok " + value + " " + usage.costUsd());
        }

        @Override
        public void fail(Throwable error, Usage usage) {
            told.add("fail " + error.getMessage() + " " + usage.costUsd());
        }
    }

    private static ChatResponse answer(String content) {
        return new ChatResponse("id", "m", content, "", null, "stop", ANSWERED, 0, true, 0, 0, null);
    }

    @Test
    void anAnswerIsMappedAndChargedItsUsage() {
        FakeCall call = new FakeCall();
        Recorder done = new Recorder();
        ChatForwarding.forward(call, r -> r.content().toUpperCase(), done);

        call.response.complete(answer("bob"));

        assertThat(done.told).containsExactly("ok BOB 0.03");
    }

    @Test
    void anAnswerTheMappingRefusesFailsTheStageStillCharged() {
        FakeCall call = new FakeCall();
        Recorder done = new Recorder();
        ChatForwarding.forward(call, r -> {
            throw new IllegalArgumentException("names no action");
        }, done);

        call.response.complete(answer("hmm"));

        assertThat(done.told).containsExactly("fail names no action 0.03");
    }

    /** An Error used to escape into the answer's completion stage, which swallowed it: nothing was ever reported. */
    @Test
    void aMappingThrowingAnErrorFailsTheStageStillCharged() {
        FakeCall call = new FakeCall();
        Recorder done = new Recorder();
        ChatForwarding.forward(call, r -> {
            throw new StackOverflowError("parser too deep");
        }, done);

        call.response.complete(answer("((((("));

        assertThat(done.told).containsExactly("fail parser too deep 0.03");
    }

    @Test
    void aFailedCallFailsTheStageWithWhatItConsumed() {
        FakeCall llmFailed = new FakeCall();
        Recorder a = new Recorder();
        ChatForwarding.forward(llmFailed, ChatResponse::content, a);
        llmFailed.response.completeExceptionally(new CompletionException(
                new LlmException(LlmException.Kind.SERVER_ERROR, 503, "busy", Usage.ofCost(0.02), null)));

        FakeCall otherFailed = new FakeCall();
        Recorder b = new Recorder();
        ChatForwarding.forward(otherFailed, ChatResponse::content, b);
        otherFailed.response.completeExceptionally(new IOException("reset"));

        assertThat(a.told).containsExactly("fail busy 0.02");
        assertThat(b.told).containsExactly("fail reset 0.01");
    }

    @Test
    void aCancelledCallReportsNothingAndItsHandleCancelsTheCall() {
        FakeCall call = new FakeCall();
        Recorder done = new Recorder();
        CallHandle handle = ChatForwarding.forward(call, ChatResponse::content, done);

        assertThat(handle.cancel()).isEqualTo(SO_FAR);

        assertThat(call.cancels).isEqualTo(1);
        assertThat(done.told).isEmpty();
    }
}
