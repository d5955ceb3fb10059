package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The Speculative Actions paper's LLM speculator for tool calls (§3.2): each model first guesses the
 * customer's next message from the conversation so far, then the tool calls the agent will need next,
 * as JSON {@code {"calls": [{"name", "arguments", "confidence"}]}}; the models run in parallel and their
 * guesses are merged (equal calls, by canonical JSON, combine their confidences by noisy-or). A model that
 * fails or answers malformed JSON contributes nothing (logged), never an error. The tools it may propose
 * are those of the schemas it is given plus those it has seen called. Usage (tokens, dollars) is summed
 * in {@link #costUsd()}. Thread-compatible: one proposal at a time.
 */
public final class LlmCallSpeculator implements CallSpeculator {

    private static final System.Logger LOG = System.getLogger(LlmCallSpeculator.class.getName());
    private static final int MAX_OUTPUT_CHARS = 1500;

    private final List<ChatClient> models;
    private final ToolCatalog catalog;
    private final DoubleAdder cost = new DoubleAdder();

    /** A speculator asking every client's model; {@code toolSchemas} (OpenAI format) may be null. */
    public LlmCallSpeculator(List<ChatClient> models, JsonNode toolSchemas) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the LLM speculator needs at least one model");
        }
        this.models = List.copyOf(models);
        this.catalog = new ToolCatalog().addSchemas(toolSchemas);
    }

    @Override
    public String name() {
        return "llm";
    }

    /** Dollars spent by all proposals so far. */
    public double costUsd() {
        return cost.sum();
    }

    @Override
    public void observe(Transcript soFar, ToolCallRecord actual) {
        catalog.observe(actual);
    }

    @Override
    public List<ScoredCall> propose(Transcript soFar, int k) {
        List<ChatCall> first = new ArrayList<>();
        for (ChatClient model : models) {
            first.add(model.start(messageRequest(soFar)));
        }
        List<ChatCall> second = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String predicted = text(first.get(i), models.get(i));
            second.add(predicted == null ? null : models.get(i).start(callsRequest(soFar, predicted, k)));
        }
        Map<Call, double[]> merged = new LinkedHashMap<>();
        Map<Call, ToolCallRecord> records = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            String answer = second.get(i) == null ? null : text(second.get(i), models.get(i));
            for (ScoredCall guess : parse(answer, k, models.get(i).endpoint().model())) {
                Call call = guess.call().call();
                records.putIfAbsent(call, guess.call());
                double[] miss = merged.computeIfAbsent(call, c -> new double[] {1});
                miss[0] *= 1 - guess.score();
            }
        }
        List<ScoredCall> out = new ArrayList<>();
        merged.forEach((call, miss) -> out.add(new ScoredCall(records.get(call), 1 - miss[0])));
        out.sort(Comparator.comparingDouble((ScoredCall s) -> -s.score()));
        return out.subList(0, Math.min(k, out.size()));
    }

    /** Stage 1: the customer's next message. */
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

    /** The conversation as text: messages, and each tool call with its (shortened) output. */
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
            } else if (!e.role().equals("system")) {
                s.append(e.role()).append(": ").append(e.text()).append('\n');
            }
        }
        return s.isEmpty() ? "(the conversation has not started)" : s.toString();
    }

    private String text(ChatCall call, ChatClient model) {
        try {
            ChatResponse r = call.await();
            cost.add(r.usage().costUsd());
            return r.content();
        } catch (RuntimeException e) {
            cost.add(call.spentSoFar().costUsd());
            LOG.log(System.Logger.Level.WARNING, "LLM speculator " + model.endpoint().model() + " failed: " + e.getMessage());
            return null;
        }
    }

    /** The calls of a stage-2 answer; malformed answers give none. */
    static List<ScoredCall> parse(String answer, int k, String model) {
        List<ScoredCall> out = new ArrayList<>();
        if (answer == null) {
            return out;
        }
        String json = answer.strip();
        if (json.startsWith("```")) {
            json = json.replaceAll("^```[a-zA-Z]*\\s*", "").replaceAll("```\\s*$", "");
        }
        try {
            JsonNode root = CanonicalJson.parse(json);
            JsonNode calls = root.isArray() ? root : root.path("calls");
            for (JsonNode c : calls) {
                if (out.size() == k) {
                    break;
                }
                JsonNode args = c.has("arguments") ? c.get("arguments") : c.path("kwargs");
                if (args.isTextual()) {
                    try {
                        args = CanonicalJson.parse(args.textValue());
                    } catch (IllegalArgumentException notJson) {
                        continue; // this guess only: the others of the answer still count
                    }
                }
                if (!c.path("name").isTextual() || !args.isObject()) {
                    continue;
                }
                double confidence = c.path("confidence").isNumber()
                        ? Math.max(0, Math.min(1, c.get("confidence").doubleValue())) : 0.5;
                out.add(new ScoredCall(ToolCallRecord.pending(c.get("name").textValue(), (ObjectNode) args), confidence));
            }
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "LLM speculator " + model + " answered no JSON: " + answer);
        }
        return out;
    }
}
