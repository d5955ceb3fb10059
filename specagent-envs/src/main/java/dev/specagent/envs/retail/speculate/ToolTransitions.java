package dev.specagent.envs.retail.speculate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tool an agent calls next, learned from the calls observed: P(tool | last two tools), smoothed to
 * P(tool | last tool) and then to the tool's frequency (add-one over the tools known). A conversation's first
 * call follows a start marker. Not thread-safe.
 */
final class ToolTransitions {

    private static final String START = "<start>";

    private final Map<String, Map<String, Integer>> transitions = new HashMap<>();
    private final Map<String, Integer> toolCounts = new HashMap<>();
    private int totalCalls;

    /** Counts {@code tool} as called after the calls of {@code soFar}. */
    void observe(Transcript soFar, String tool) {
        transitions.computeIfAbsent(previousTool(soFar), p -> new HashMap<>()).merge(tool, 1, Integer::sum);
        transitions.computeIfAbsent(previousTools(soFar), p -> new HashMap<>()).merge(tool, 1, Integer::sum);
        toolCounts.merge(tool, 1, Integer::sum);
        totalCalls++;
    }

    /** The contexts a next call of {@code soFar} is predicted from, most general first (computed once per proposal). */
    static List<String> contexts(Transcript soFar) {
        return List.of(previousTool(soFar), previousTools(soFar));
    }

    /**
     * The probability that {@code tool} is called next in {@code contexts} (from {@link #contexts}), with
     * {@code toolsKnown} tools to choose from and {@code smoothing} pseudo-counts at each back-off step.
     */
    double probability(List<String> contexts, String tool, int toolsKnown, double smoothing) {
        double p = (toolCounts.getOrDefault(tool, 0) + 1.0) / (totalCalls + Math.max(1, toolsKnown));
        for (String context : contexts) {
            Map<String, Integer> after = transitions.getOrDefault(context, Map.of());
            int n = after.values().stream().mapToInt(Integer::intValue).sum();
            p = (after.getOrDefault(tool, 0) + smoothing * p) / (n + smoothing);
        }
        return p;
    }

    private static String previousTools(Transcript t) {
        List<ToolCallRecord> calls = t.calls();
        String before = calls.size() < 2 ? START : calls.get(calls.size() - 2).name();
        return before + ">" + previousTool(t);
    }

    private static String previousTool(Transcript t) {
        List<ToolCallRecord> calls = t.calls();
        return calls.isEmpty() ? START : calls.getLast().name();
    }
}
