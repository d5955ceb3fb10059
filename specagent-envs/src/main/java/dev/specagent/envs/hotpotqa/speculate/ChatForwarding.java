package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmException;

import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * Reports a chat call's answer, mapped, to a {@link Completion}; its handle cancels the HTTP call. A mapping that
 * throws, an exception or an {@link Error} (a parser overflowing its stack), fails the call with it.
 */
final class ChatForwarding {

    private ChatForwarding() {
    }

    static <T> CallHandle forward(ChatCall chat, Function<ChatResponse, T> map, Completion<T> done) {
        chat.response().whenComplete((response, error) -> {
            if (error == null) {
                T value;
                try {
                    value = map.apply(response);
                } catch (RuntimeException | Error e) { // an Error too: this stage would swallow it, and nothing report
                    done.fail(e, response.usage());
                    return;
                }
                done.succeed(value, response.usage());
                return;
            }
            Throwable cause = LlmCall.failureOf(error);
            if (!(cause instanceof CancellationException)) {
                done.fail(cause, cause instanceof LlmException llm ? llm.spent() : chat.spentSoFar());
            }
        });
        return chat::cancel;
    }
}
