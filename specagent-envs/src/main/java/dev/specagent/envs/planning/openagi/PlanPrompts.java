package dev.specagent.envs.planning.openagi;

import dev.specagent.core.planning.PlanningTask;
import dev.specagent.llm.client.ChatRequest;

import java.util.List;

/**
 * The chat requests of the OpenAGI planning agents. Deterministic: the same task, prefix and earlier
 * answers give the same request (temperature 0, fixed seed), so a recorded trace replays them.
 */
public final class PlanPrompts {

    private static final String SYSTEM = "You plan how to solve a task with tools. A plan is a sequence of tools "
            + "from this list, one per step, and ends with TERMINATE:\n" + OpenAgiTools.promptList();
    private static final long SEED = 42;

    private PlanPrompts() {
    }

    /** The task and the plan so far, as the user sees it. */
    static String state(PlanningTask task, List<String> prefix) {
        StringBuilder sb = new StringBuilder("Task: ").append(task.description()).append('\n');
        if (prefix.isEmpty()) {
            sb.append("Steps so far: none\n");
        } else {
            sb.append("Steps so far:\n");
            for (int i = 0; i < prefix.size(); i++) {
                sb.append("Step ").append(i + 1).append(": ").append(prefix.get(i)).append('\n');
            }
        }
        return sb.toString();
    }

    private static ChatRequest.Builder base(int maxTokens) {
        return ChatRequest.builder().system(SYSTEM).temperature(0.0).maxTokens(maxTokens).seed(SEED);
    }

    /** Direct prompting: the tool name only. */
    public static ChatRequest direct(PlanningTask task, List<String> prefix) {
        return base(16).user(state(task, prefix) + "What is step " + (prefix.size() + 1)
                + "? Answer with the tool name only.").build();
    }

    /** Chain of thought: brief reasoning, then {@code Tool: <name>} on the last line. */
    public static ChatRequest cot(PlanningTask task, List<String> prefix) {
        return base(200).user(state(task, prefix) + "Think step by step, briefly, about what step " + (prefix.size() + 1)
                + " should be. Then write the tool on the last line as 'Tool: <name>'.").build();
    }

    /** ReAct, first call: the thought. */
    public static ChatRequest reactThought(PlanningTask task, List<String> prefix) {
        return base(250).user(state(task, prefix) + "Thought: reason about what step " + (prefix.size() + 1)
                + " should be, in at most three sentences. Do not write the action yet.").build();
    }

    /** ReAct, second call: the action, given the thought. */
    public static ChatRequest reactAction(PlanningTask task, List<String> prefix, String thought) {
        return reactThought(task, prefix).toBuilder().maxTokens(16).assistant(thought)
                .user("Action: name the tool of step " + (prefix.size() + 1) + " only.").build();
    }

    /** Multi-agent debate, round 1, agent A: its thought and answer. */
    public static ChatRequest debateOpen(PlanningTask task, List<String> prefix) {
        return base(200).user(state(task, prefix) + "You will discuss with another agent what step " + (prefix.size() + 1)
                + " should be. Give your thought and end with 'Tool: <name>'.").build();
    }

    /** Multi-agent debate, round 1, agent B: answers having read A. */
    public static ChatRequest debateReply(PlanningTask task, List<String> prefix, String other) {
        return base(200).user(state(task, prefix) + "You are discussing what step " + (prefix.size() + 1)
                + " should be. The other agent said:\n" + other + "\nWeigh it, give your thought and end with 'Tool: <name>'.")
                .build();
    }

    /** Multi-agent debate, round 2: an agent reflects on its own and the other's idea. */
    public static ChatRequest debateReflect(PlanningTask task, List<String> prefix, String own, String other) {
        return base(200).user(state(task, prefix) + "You are discussing what step " + (prefix.size() + 1)
                + " should be. Your idea:\n" + own + "\nThe other agent's idea:\n" + other
                + "\nSummarise, reflect and update your thought; end with 'Tool: <name>'.").build();
    }

    /** Multi-agent debate, final answer of agent A. */
    public static ChatRequest debateFinal(PlanningTask task, List<String> prefix, String own, String other) {
        return base(16).user(state(task, prefix) + "Your idea about step " + (prefix.size() + 1) + ":\n" + own
                + "\nThe other agent's idea:\n" + other + "\nName the tool of this step only.").build();
    }
}
