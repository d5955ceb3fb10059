package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * API-call prediction accuracy as the Speculative Actions paper defines it: the share of all actual calls
 * (the first of each conversation included) that were among the speculated calls with the same name and
 * JSON-equal arguments; overall and per tool. Mutable, not thread-safe.
 */
public final class PredictionTally {

    private final Map<String, int[]> perTool = new TreeMap<>();
    private int hits;
    private int calls;
    private int conversations;

    /** An independent copy of this tally as it is now. */
    public PredictionTally copy() {
        PredictionTally c = new PredictionTally();
        perTool.forEach((tool, counts) -> c.perTool.put(tool, counts.clone()));
        c.hits = hits;
        c.calls = calls;
        c.conversations = conversations;
        return c;
    }

    /** Records one actual call of {@code tool} and whether it was predicted. */
    public void add(String tool, boolean hit) {
        int[] c = perTool.computeIfAbsent(tool, t -> new int[2]);
        c[1]++;
        calls++;
        if (hit) {
            c[0]++;
            hits++;
        }
    }

    public void addConversation() {
        conversations++;
    }

    public int hits() {
        return hits;
    }

    public int calls() {
        return calls;
    }

    public int conversations() {
        return conversations;
    }

    /** hits / calls, 0 without calls. */
    public double accuracy() {
        return calls == 0 ? 0 : (double) hits / calls;
    }

    /** Per tool: {hits, calls}, read-only; a tool is listed once called, so its calls are never 0. */
    public Map<String, int[]> perTool() {
        return Collections.unmodifiableMap(perTool);
    }

    /** {@code {"tool": {"accuracy": a, "hits": h, "calls": n}}}. */
    public ObjectNode perToolJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        perTool.forEach((tool, c) -> {
            ObjectNode t = out.putObject(tool);
            t.put("accuracy", (double) c[0] / c[1]);
            t.put("hits", c[0]);
            t.put("calls", c[1]);
        });
        return out;
    }
}
