package dev.specagent.cli.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.price.PriceTable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model calls not yet charged, for what a signal's snapshot says was spent. A command's agents charge a call when
 * it ends; the calls under way when a signal ends the JVM never are, though their prompts were sent. The models
 * handed to the agents are wrapped so that every call started is held here until it is charged; the snapshot charges
 * those still held what they had consumed ({@link ChatCall#spentSoFar()}, the same figure as {@code cancel()}
 * returns: the llm module's rule for a cancelled call).
 *
 * <p>When a call is charged depends on its user ({@link Charged}): the retail LLM speculator charges the calls of a
 * proposal when the proposal ends ({@link ChatCall#cancel()}, which returns a finished call's full usage); the
 * OS-tuning agents charge a decision's calls (an answer and its correction) only once the decision has ended and
 * its report reached the control loop, some time after its calls ended, so there the snapshot counts every call
 * itself ({@link Charged#NEVER}).
 */
public final class CallsUnderWay {

    /** When the user of the wrapped models charges a call, so that it is no longer held. */
    public enum Charged {
        /** Only when it is cancelled ({@link ChatCall#cancel()} returns what it spent, answered or not). */
        ON_CANCEL,
        /**
         * Never as far as the snapshot can tell (the user charges a call some time after it ended): no call is
         * released uncounted, and the snapshot's {@code spent} is what every call started consumed, those ended at
         * their final usage (the answer's; a failure's {@link LlmException#spent()}; what
         * {@code cancel()} returned), those under way so far. Add to it only what the user charged for other work.
         */
        NEVER
    }

    /**
     * What the calls under way had consumed.
     *
     * @param calls how many were under way
     * @param spent their usage so far ({@link Charged#NEVER}: with that of every call ended before)
     */
    public record Snapshot(int calls, Usage spent) {

        /** {@code charged} (read before this snapshot was taken) and what the calls under way had consumed. */
        public Snapshot after(Usage charged) {
            return new Snapshot(calls, charged.plus(spent));
        }
    }

    private final Set<ChatCall> held = ConcurrentHashMap.newKeySet();
    private final Charged charged;
    /** {@link Charged#NEVER}: what the calls no longer held consumed; moved from {@link #held} under this lock. */
    private Usage ended = Usage.ZERO;

    /** Calls held until the wrapped models' user charges them, as {@code charged} says. */
    public CallsUnderWay(Charged charged) {
        this.charged = charged;
    }

    /** {@code models}, each wrapped so that its calls are held here until charged. */
    public List<ChatModel> track(List<? extends ChatModel> models) {
        return models.stream().map(this::track).toList();
    }

    /** {@code model}, wrapped so that its calls are held here until charged. */
    public ChatModel track(ChatModel model) {
        return new Tracked(model);
    }

    /** The calls started and not yet charged, and what they had consumed ({@link Charged#NEVER}: with the ended ones). */
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

    /** A call held from its start until it is charged. */
    private final class HeldCall implements ChatCall {
        private final ChatCall call;
        private final CompletableFuture<ChatResponse> response;

        HeldCall(ChatCall call) {
            this.call = call;
            held.add(this);
            this.response = charged == Charged.ON_CANCEL ? call.response()
                    : call.response().whenComplete((answer, error) -> {
                        Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
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
            if (charged == Charged.ON_CANCEL) {
                held.remove(this); // the caller adds what it returns to its spend
            } else {
                end(used);
            }
            return used;
        }

        @Override
        public Usage spentSoFar() {
            return call.spentSoFar();
        }
    }
}
