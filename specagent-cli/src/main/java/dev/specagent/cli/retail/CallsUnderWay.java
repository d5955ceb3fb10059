package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LLM speculator's calls not yet charged, for what a signal's snapshot says was spent. The speculator charges the
 * calls of a proposal when the proposal ends ({@link ChatCall#cancel()}, which returns a finished call's full usage);
 * the calls of the proposal under way when a signal ends the JVM never are, though their prompts were sent. The models
 * handed to the speculator are wrapped so that every call started is held here until it is charged; the snapshot
 * charges those still held what they had consumed ({@link ChatCall#spentSoFar()}, the same figure as
 * {@code cancel()} returns: the llm module's rule for a cancelled call).
 */
final class CallsUnderWay {

    /**
     * What the calls under way had consumed.
     *
     * @param calls how many were under way
     * @param spent their usage so far
     */
    record Snapshot(int calls, Usage spent) {
    }

    private final Set<ChatCall> held = ConcurrentHashMap.newKeySet();

    /** {@code models}, each wrapped so that its calls are held here until charged. */
    List<ChatModel> track(List<? extends ChatModel> models) {
        return models.stream().map(m -> (ChatModel) new Tracked(m)).toList();
    }

    /** The calls started and not yet charged, and what they had consumed. */
    Snapshot snapshot() {
        Usage spent = Usage.ZERO;
        int calls = 0;
        for (ChatCall call : held) {
            spent = spent.plus(call.spentSoFar());
            calls++;
        }
        return new Snapshot(calls, spent);
    }

    private final class Tracked implements ChatModel {
        private final ChatModel model;

        Tracked(ChatModel model) {
            this.model = model;
        }

        @Override
        public ChatCall start(ChatRequest request) {
            ChatCall call = model.start(request);
            ChatCall charged = new ChatCall() {
                @Override
                public CompletableFuture<ChatResponse> response() {
                    return call.response();
                }

                @Override
                public Usage cancel() {
                    Usage used = call.cancel();
                    held.remove(this); // the speculator adds what it returns to its spend
                    return used;
                }

                @Override
                public Usage spentSoFar() {
                    return call.spentSoFar();
                }
            };
            held.add(charged);
            return charged;
        }

        @Override
        public LlmEndpoint endpoint() {
            return model.endpoint();
        }

        @Override
        public PriceTable prices() {
            return model.prices();
        }

        @Override
        public ObjectNode requestBody(ChatRequest request) {
            return model.requestBody(request);
        }
    }
}
