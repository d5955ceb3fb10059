package dev.specagent.llm.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.price.PriceTable;

/**
 * Something that answers chat requests: the HTTP {@link ChatClient}, or a
 * {@link dev.specagent.llm.replay.SimulatedChatModel} that answers from a trace in simulated time.
 * {@link dev.specagent.llm.agent.LlmActor} and {@link dev.specagent.llm.agent.LlmSpeculator} run on
 * either.
 */
public interface ChatModel {

    /** Starts {@code request}; returns at once with a cancellable call. */
    ChatCall start(ChatRequest request);

    /** The endpoint (model name and request defaults) requests are built for. */
    LlmEndpoint endpoint();

    /** The prices that usages are costed with. */
    PriceTable prices();

    /**
     * The JSON body this model puts on the wire for {@code request} (endpoint defaults filled in,
     * streaming fields included when it streams): what a trace entry for it must hold.
     */
    default ObjectNode requestBody(ChatRequest request) {
        return WireFormat.requestBody(request, endpoint());
    }

    /** Runs {@code request} and waits for its answer (not on a simulated clock's loop). */
    default ChatResponse complete(ChatRequest request) {
        return start(request).await();
    }
}
