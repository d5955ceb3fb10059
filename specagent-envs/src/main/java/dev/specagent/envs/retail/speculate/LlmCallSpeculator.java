package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.llm.agent.AnswerText;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Speculative Actions paper's LLM speculator for tool calls (§3.2): each model first guesses the
 * customer's next message from the conversation so far, then the tool calls the agent will need next,
 * as JSON {@code {"calls": [{"name", "arguments", "confidence"}]}}. The models run in parallel, each its two stages
 * on its own virtual thread, and their guesses are merged: a model's calls are ordered by confidence before its
 * first {@code k} are taken; equal calls (canonical JSON) of several models combine their confidences by noisy-or,
 * {@code 1 - Π(1 - c_i)}, while a call proposed by one model keeps its confidence exactly. The tools it may propose
 * are those of the schemas it is given plus those it has seen called.
 *
 * <p>A model contributes nothing (logged), never an error, when it fails, answers no JSON or no calls, or its
 * {@code start} throws; one call answered without its list (the answer itself, or its {@code calls}, a call object) is
 * that call; a single call of an answer is skipped (the others count) when its name or arguments are unusable, or its
 * confidence is not a number in [0, 1] (a missing confidence counts as 0.5, missing or null arguments as none, as
 * for a tool without parameters); a number beyond the range of a double
 * in the arguments (such as {@code 1e999}) is infinity, as Python's json reads it. With a {@code memberTimeout}, a model that has not given its calls
 * that long after the proposal started is cancelled (its connection closed) and contributes nothing, so one hung
 * or rate-limited model does not hold back the others' guesses; without one, a proposal waits for its slowest model
 * (up to its client's total timeout). Usage of every call, cancelled ones included, is summed in
 * {@link #usage()} (tokens and dollars, as each client priced them), and the proposals each model failed or timed out
 * in {@link #memberTallies()}, so that a run's figures can say which models they rest on. Thread-compatible: one proposal at a time.
 */
public final class LlmCallSpeculator implements CallSpeculator {

    private static final System.Logger LOG = System.getLogger(LlmCallSpeculator.class.getName());
    private static final int MAX_OUTPUT_CHARS = 1500;
    /** The confidence of a call whose answer gives none. */
    static final double DEFAULT_CONFIDENCE = 0.5;

    private final List<ChatModel> models;
    private final ToolCatalog catalog;
    private final long memberTimeoutNanos;
    private final AtomicReference<Usage> spent = new AtomicReference<>(Usage.ZERO);
    private final int[] failed; // per model: proposals in which its calls failed (or its start threw)
    private final int[] timedOut; // per model: proposals in which it was cancelled at the member timeout
    private int proposals;

    /** A speculator asking every model and waiting for the slowest; {@code toolSchemas} (OpenAI format) may be null. */
    public LlmCallSpeculator(List<? extends ChatModel> models, JsonNode toolSchemas) {
        this(models, toolSchemas, null);
    }

    /**
     * A speculator asking every model, giving up on a model after {@code memberTimeout} (null: waits for every model);
     * {@code toolSchemas} (OpenAI format) may be null.
     *
     * @throws IllegalArgumentException when there is no model or the timeout is not positive, or too long to count in
     *                                  nanoseconds (292 years)
     */
    public LlmCallSpeculator(List<? extends ChatModel> models, JsonNode toolSchemas, Duration memberTimeout) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the LLM speculator needs at least one model");
        }
        if (memberTimeout != null && (memberTimeout.isNegative() || memberTimeout.isZero())) {
            throw new IllegalArgumentException("the LLM speculator's member timeout must be positive, got " + memberTimeout);
        }
        this.models = List.copyOf(models);
        this.catalog = new ToolCatalog().addSchemas(toolSchemas);
        this.memberTimeoutNanos = memberTimeout == null ? 0 : Clock.nanos("the LLM speculator's member timeout",
                memberTimeout);
        this.failed = new int[this.models.size()];
        this.timedOut = new int[this.models.size()];
    }

    /**
     * How one model fared over the proposals so far: in how many it gave no calls because its call failed (or its
     * {@code start} threw) or because it was cancelled at the member timeout. An answer that gives no usable call is
     * an answer (its guesses were wrong), not a failure.
     */
    public record MemberTally(String model, int proposals, int failed, int timedOut) {
        /** The proposals this model did not answer. */
        public int unanswered() {
            return failed + timedOut;
        }
    }

    private static String nameOf(ChatModel model) {
        try {
            return model.endpoint().model();
        } catch (RuntimeException e) {
            return "(unnamed: " + e + ")";
        }
    }

    /** Each model's {@link MemberTally}, in the order the models were given. */
    public List<MemberTally> memberTallies() {
        List<MemberTally> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            out.add(new MemberTally(nameOf(models.get(i)), proposals, failed[i], timedOut[i]));
        }
        return out;
    }

    @Override
    public String name() {
        return "llm";
    }

    /** Dollars spent by all proposals so far. */
    public double costUsd() {
        return spent.get().costUsd();
    }

    /** What all proposals so far spent: prompt and completion tokens and dollars, cancelled calls included. */
    public Usage usage() {
        return spent.get();
    }

    @Override
    public void observe(Transcript soFar, ToolCallRecord actual) {
        catalog.observe(actual);
    }

    @Override
    public List<ScoredCall> propose(Transcript soFar, int k) {
        long deadline = System.nanoTime() + memberTimeoutNanos;
        List<ModelRun> runs = new ArrayList<>();
        List<List<ScoredCall>> perModel = new ArrayList<>();
        try {
            for (ChatModel model : models) {
                ModelRun run = new ModelRun(model);
                runs.add(run);
                Thread.ofVirtual().name("specagent-llm-speculator").start(() -> run.run(soFar, k));
            }
            for (ModelRun run : runs) {
                perModel.add(run.await(deadline));
            }
        } finally {
            runs.forEach(ModelRun::finish); // a model still running is cancelled; every call is charged once
            proposals++;
            for (int i = 0; i < runs.size(); i++) {
                switch (runs.get(i).outcome()) {
                    case FAILED -> failed[i]++;
                    case TIMED_OUT -> timedOut[i]++;
                    default -> { }
                }
            }
        }
        return merge(perModel, k);
    }

    /**
     * Merges the calls of several models (each list distinct, best first): equal calls combine their confidences by
     * noisy-or; a call proposed once keeps its confidence exactly ({@code 1 - (1 - c)} in floating point would turn
     * 0.1 into 0.09999999999999998). The first {@code k} by merged confidence, ties in the order first proposed.
     */
    static List<ScoredCall> merge(List<List<ScoredCall>> perModel, int k) {
        Map<Call, ScoredCall> first = new LinkedHashMap<>();
        Map<Call, Double> missProduct = new HashMap<>();
        Map<Call, Integer> proposals = new HashMap<>();
        for (List<ScoredCall> guesses : perModel) {
            for (ScoredCall guess : guesses) {
                Call call = guess.call().call();
                first.putIfAbsent(call, guess);
                missProduct.merge(call, 1 - guess.score(), (a, b) -> a * b);
                proposals.merge(call, 1, Integer::sum);
            }
        }
        List<ScoredCall> out = new ArrayList<>();
        first.forEach((call, guess) -> out.add(proposals.get(call) == 1 ? guess
                : new ScoredCall(guess.call(), Math.min(1, Math.max(0, 1 - missProduct.get(call))))));
        out.sort(Comparator.comparingDouble((ScoredCall s) -> -s.score())); // stable: ties keep their order
        return List.copyOf(out.subList(0, Math.min(Math.max(0, k), out.size())));
    }

    /**
     * One model's two stages in one proposal, on its own thread; {@link #finish} (on the proposing thread) stops it
     * and charges each of its calls once, so a model past the member timeout cannot start its second stage.
     */
    private final class ModelRun {
        private final ChatModel model;
        private final CompletableFuture<List<ScoredCall>> result = new CompletableFuture<>();
        private final List<ChatCall> calls = new ArrayList<>(); // guarded by this
        private boolean stopped; // guarded by this
        private Outcome outcome = Outcome.UNSETTLED; // guarded by this; the first settled one stays

        ModelRun(ChatModel model) {
            this.model = model;
        }

        void run(Transcript soFar, int k) {
            try {
                String predicted = message(text(start(messageRequest(soFar))));
                String answer = predicted == null ? null : text(start(callsRequest(soFar, predicted, k)));
                List<ScoredCall> guesses = parse(answer, k, modelName());
                settle(Outcome.ANSWERED);
                result.complete(guesses);
            } catch (Throwable t) { // whatever the model does, the proposal must get an answer from this run
                if (settle(Outcome.FAILED)) {
                    LOG.log(System.Logger.Level.WARNING, "LLM speculator " + modelName() + " could not propose, so no "
                            + "calls from it: " + t);
                }
                result.complete(List.of());
            }
        }

        /** Settles how this run ended, unless it is settled or stopped already; whether it did. */
        private synchronized boolean settle(Outcome how) {
            if (stopped || outcome != Outcome.UNSETTLED) {
                return false;
            }
            outcome = how;
            return true;
        }

        synchronized Outcome outcome() {
            return outcome;
        }

        private String modelName() {
            return nameOf(model);
        }

        /** Starts {@code request}, or returns null once the run is stopped. */
        private synchronized ChatCall start(ChatRequest request) {
            if (stopped) {
                return null;
            }
            ChatCall call = model.start(request);
            calls.add(call);
            return call;
        }

        /** The answer's text, or null (logged) when the call failed or was cancelled. */
        private String text(ChatCall call) {
            if (call == null) {
                return null;
            }
            try {
                return call.await().content();
            } catch (RuntimeException e) {
                if (settle(Outcome.FAILED)) {
                    LOG.log(System.Logger.Level.WARNING, "LLM speculator " + modelName() + " failed: " + e.getMessage());
                }
                return null;
            }
        }

        /**
         * The predicted customer message of a stage-1 answer: a reasoning model's leading {@code <think>…</think>}
         * block (and the blank lines after it) is left out, the customer says none of it; any other answer as it is.
         */
        private static String message(String answer) {
            String message = AnswerText.withoutThinking(answer);
            return message == null || message.equals(answer) ? answer : message.strip();
        }

        /** This model's calls, or none when the member timeout passes first (it is then stopped by {@link #finish}). */
        List<ScoredCall> await(long deadline) {
            try {
                if (memberTimeoutNanos <= 0) {
                    return result.get();
                }
                return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (!settle(Outcome.TIMED_OUT)) { // it ended at the deadline: what it gave counts
                    return result.getNow(List.of());
                }
                LOG.log(System.Logger.Level.WARNING, "LLM speculator " + modelName() + " gave no calls within the "
                        + "member timeout of " + memberTimeoutNanos / 1_000_000 + " ms: cancelled, no calls from it");
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } catch (ExecutionException e) {
                return List.of(); // run() completes normally whatever happens; kept for the compiler
            }
        }

        /** Stops the run: cancels its running call (closing its connection) and adds what each call spent. */
        void finish() {
            List<ChatCall> started;
            synchronized (this) {
                stopped = true;
                started = List.copyOf(calls);
            }
            for (ChatCall call : started) {
                try {
                    Usage used = call.cancel(); // after the end, cancel returns the call's full usage
                    spent.accumulateAndGet(used, Usage::plus);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "LLM speculator " + modelName() + ": cannot cancel a call: " + e);
                }
            }
        }
    }

    /** How a model's run in one proposal ended. */
    private enum Outcome { UNSETTLED, ANSWERED, FAILED, TIMED_OUT }

    /** Stage 1: the customer's next message (a reasoning model's leading think block is left out of it). */
    public ChatRequest messageRequest(Transcript soFar) {
        return ChatRequest.builder()
                .system("You watch a conversation between a customer and a customer-service agent that uses tools. "
                        + "Predict the customer's next message (or, if the agent is in the middle of its work, what the "
                        + "customer last asked for). Answer with the message only.")
                .user(render(soFar))
                .temperature(0.0)
                .maxTokens(120)
                .build();
    }

    /** Stage 2: the next tool calls, given the predicted customer message. */
    public ChatRequest callsRequest(Transcript soFar, String predictedMessage, int k) {
        StringBuilder tools = new StringBuilder();
        for (ToolCatalog.Tool t : catalog.tools()) {
            tools.append("- ").append(t.name()).append('(');
            List<String> params = new ArrayList<>();
            t.params().forEach(p -> params.add(p.name() + (p.array() ? ": list" : "")
                    + (p.enumValues().isEmpty() ? "" : " in " + p.enumValues())));
            tools.append(String.join(", ", params)).append(")\n");
        }
        return ChatRequest.builder()
                .system("You predict the next tool calls of a customer-service agent. Tools:\n" + tools
                        + "Answer JSON only: {\"calls\": [{\"name\": TOOL, \"arguments\": {...}, \"confidence\": 0..1}]}, "
                        + "at most " + k + " calls, most likely first. Use exact values (ids, names) from the conversation.")
                .user(render(soFar) + "\nPredicted next customer message: " + predictedMessage
                        + "\nWhich tool call will the agent make next?")
                .temperature(0.0)
                .maxTokens(400)
                .jsonObject()
                .build();
    }

    /**
     * The conversation as text: messages, and each tool call with its (shortened) output. The agent's instructions
     * ({@code system}, or {@code developer}, its newer name) are left out: long, and the same before every call.
     */
    static String render(Transcript soFar) {
        StringBuilder s = new StringBuilder();
        for (Transcript.Entry e : soFar.entries()) {
            if (e.isCall()) {
                String output = e.call().output() == null ? "" : e.call().output();
                if (output.length() > MAX_OUTPUT_CHARS) {
                    output = output.substring(0, MAX_OUTPUT_CHARS) + "...";
                }
                s.append("agent called ").append(e.call().name()).append(' ')
                        .append(CanonicalJson.toCanonicalString(e.call().kwargs())).append(" -> ").append(output)
                        .append('\n');
            } else if (!e.role().equals("system") && !e.role().equals("developer")) {
                s.append(e.role()).append(": ").append(e.text()).append('\n');
            }
        }
        return s.isEmpty() ? "(the conversation has not started)" : s.toString();
    }

    /**
     * The calls of a stage-2 answer, best first: at most {@code k}, distinct, ordered by confidence (ties in the
     * answer's order) before they are cut to {@code k}. A single call not in a list (the answer itself, or its
     * {@code calls}, an object with a string {@code name}) is that one call. What models put around the JSON is set
     * aside ({@link AnswerText#json}): a leading {@code <think>…</think>} block, a code fence (also on one line), a
     * sentence of prose before or after it, a trailing comma. An answer that is no JSON (two values, a bracket in the prose around the
     * value), or has no {@code calls} array, gives none (logged); an unusable call is skipped with a warning naming it
     * ({@code calls[i]...}). Never throws.
     */
    static List<ScoredCall> parse(String answer, int k, String model) {
        if (answer == null) {
            return List.of();
        }
        JsonNode root;
        try {
            root = AnswerText.jsonValue(answer);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "LLM speculator " + model + " answered no JSON: " + answer);
            return List.of();
        }
        JsonNode calls = root.isArray() ? root : root.path("calls");
        if (calls.isMissingNode() && isCall(root) || isCall(calls)) { // one call, not in a list: that call
            calls = JsonNodeFactory.instance.arrayNode().add(calls.isMissingNode() ? root : calls);
        }
        if (!calls.isArray()) {
            LOG.log(System.Logger.Level.WARNING, "LLM speculator " + model + " answered no calls: "
                    + (calls.isMissingNode() ? "no field 'calls'" : "field 'calls' must be an array of calls, got "
                    + calls.getNodeType().name().toLowerCase(Locale.ROOT)) + ": " + answer);
            return List.of();
        }
        Map<Call, ScoredCall> distinct = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode c = calls.get(i);
            String where = "calls[" + i + "]";
            JsonNode args = c.has("arguments") ? c.get("arguments") : c.path("kwargs");
            if (args.isMissingNode() || args.isNull()) {
                args = JsonNodeFactory.instance.objectNode(); // a tool of no arguments, its empty object left out
            }
            if (args.isTextual()) {
                try {
                    args = CanonicalJson.parse(args.textValue());
                } catch (IllegalArgumentException notJson) {
                    skip(model, where + ".arguments is a string that is not JSON", args);
                    continue;
                }
            }
            if (!c.path("name").isTextual()) {
                continue; // not a call at all: nothing worth a warning
            }
            if (!args.isObject()) {
                skip(model, where + ".arguments must be an object", args);
                continue;
            }
            JsonNode confidence = c.get("confidence");
            double score = DEFAULT_CONFIDENCE;
            if (confidence != null && !confidence.isNull()) {
                if (!confidence.isNumber() || !(confidence.doubleValue() >= 0 && confidence.doubleValue() <= 1)) {
                    skip(model, where + ".confidence must be a number in [0, 1]", confidence);
                    continue;
                }
                score = confidence.doubleValue();
            }
            ToolCallRecord record = ToolCallRecord.pending(c.get("name").textValue(), (ObjectNode) args);
            Call call;
            try {
                call = record.call(); // canonical JSON; whatever it cannot take is one skipped call, not an error
            } catch (RuntimeException e) {
                skip(model, where + ".arguments cannot be compared with the agent's calls (" + e.getMessage() + ")", args);
                continue;
            }
            ScoredCall guess = new ScoredCall(record, score);
            distinct.merge(call, guess, (a, b) -> a.score() >= b.score() ? a : b);
        }
        List<ScoredCall> out = new ArrayList<>(distinct.values());
        out.sort(Comparator.comparingDouble((ScoredCall s) -> -s.score())); // stable: ties keep the answer's order
        return List.copyOf(out.subList(0, Math.min(Math.max(0, k), out.size())));
    }

    /** Whether {@code node} is one call: an object with a string {@code name}. */
    private static boolean isCall(JsonNode node) {
        return node.isObject() && node.path("name").isTextual();
    }

    private static void skip(String model, String why, JsonNode value) {
        String text = String.valueOf(value);
        LOG.log(System.Logger.Level.WARNING, "LLM speculator " + model + ": " + why + ", so that call is skipped: "
                + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }
}
