package dev.specagent.cli.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.price.PriceTable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the model calls a command's agents started had consumed, for what a signal's snapshot says was spent. A
 * command's agents charge a call some time after it ends (the retail LLM speculator when its proposal ends, the
 * OS-tuning agents when a decision's report reaches the control loop), and the calls under way when a signal ends the
 * JVM never are, though their prompts were sent. The models handed to the agents are wrapped so that the snapshot
 * counts every call itself, once: those ended at their final usage (the answer's; a failure's
 * {@link LlmException#spent()}; what {@code cancel()} returned), those under way at what they had consumed
 * ({@link ChatCall#spentSoFar()}, the same figure as {@code cancel()} returns: the llm module's rule for a cancelled
 * call). Reading the agents' own charged total as well would count a call twice or not at all when it is charged
 * between the two reads.
 */
public final class CallsUnderWay {

    /**
     * What the calls under way had consumed.
     *
     * @param calls how many were under way
     * @param spent what every call started consumed: those under way so far, the others in full
     */
    public record Snapshot(int calls, Usage spent) {

        /** {@code charged} (read before this snapshot was taken) and what the calls under way had consumed. */
        public Snapshot after(Usage charged) {
            return new Snapshot(calls, charged.plus(spent));
        }
    }

    private final Set<ChatCall> held = ConcurrentHashMap.newKeySet();
    /** What the calls no longer held consumed; moved from {@link #held} under this lock. */
    private Usage ended = Usage.ZERO;

    /** {@code models}, each wrapped so that its calls are counted here. */
    public List<ChatModel> track(List<? extends ChatModel> models) {
        return models.stream().map(this::track).toList();
    }

    /** {@code model}, wrapped so that its calls are counted here. */
    public ChatModel track(ChatModel model) {
        return new Tracked(model);
    }

    /** The calls under way, and what every call started had consumed. */
    public synchronized Snapshot snapshot() {
        Usage spent = ended;
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
            return new HeldCall(model.start(request));
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

    /** A call held from its start until it ends. */
    private final class HeldCall implements ChatCall {
        private final ChatCall call;
        private final CompletableFuture<ChatResponse> response;

        HeldCall(ChatCall call) {
            this.call = call;
            held.add(this);
            this.response = call.response().whenComplete((answer, error) -> {
                Throwable cause = LlmCall.failureOf(error);
                if (answer != null) {
                    end(answer.usage());
                } else if (!(cause instanceof CancellationException)) { // cancelled: cancel() ends it
                    end(cause instanceof LlmException llm ? llm.spent() : call.spentSoFar());
                }
            });
        }

        /** No longer held, its final usage counted (once: a call that ended is not ended again by a later cancel). */
        private void end(Usage usage) {
            synchronized (CallsUnderWay.this) {
                if (held.remove(this)) {
                    ended = ended.plus(usage);
                }
            }
        }

        @Override
        public CompletableFuture<ChatResponse> response() {
            return response;
        }

        @Override
        public Usage cancel() {
            Usage used = call.cancel();
            end(used);
            return used;
        }

        @Override
        public Usage spentSoFar() {
            return call.spentSoFar();
        }
    }
}
