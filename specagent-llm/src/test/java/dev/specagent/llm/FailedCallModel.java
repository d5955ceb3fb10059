package dev.specagent.llm;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;

import java.util.concurrent.CompletableFuture;

/**
 * A model whose every call has already failed with {@code error}, having spent {@code spentSoFar} by its own count:
 * which of the two spends a caller charges (the error's, when it is an {@link dev.specagent.llm.client.LlmException},
 * or the call's) is then visible.
 */
record FailedCallModel(LlmEndpoint endpoint, Throwable error, Usage spentSoFar) implements ChatModel {

    @Override
    public ChatCall start(ChatRequest request) {
        return new ChatCall() {
            @Override
            public CompletableFuture<ChatResponse> response() {
                return CompletableFuture.failedFuture(error);
            }

            @Override
            public Usage cancel() {
                return spentSoFar;
            }

            @Override
            public Usage spentSoFar() {
                return spentSoFar;
            }
        };
    }

    @Override
    public PriceTable prices() {
        return PriceTable.builtIn();
    }
}
