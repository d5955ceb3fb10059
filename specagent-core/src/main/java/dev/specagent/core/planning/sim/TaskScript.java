package dev.specagent.core.planning.sim;

import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;

import java.util.List;
import java.util.Set;

/**
 * What a scripted world knows of one task: the plan the target produces, and the step the
 * approximation drafts after each correct prefix of it ({@code drafts.get(j)} follows
 * {@code targetPlan.subList(0, j)}).
 *
 * @param task        the task
 * @param targetPlan  the target's plan, normally ending with TERMINATE
 * @param drafts      the approximation's draft at each position, same length as the plan
 * @param filledPositions  positions (0-based) whose step or draft the world filled in itself (e.g. by
 *                         hashing) instead of taking them from a record; empty for a fully scripted task.
 *                         Only yardsticks look at it ({@link #recorded})
 */
public record TaskScript(PlanningTask task, List<String> targetPlan, List<String> drafts, Set<Integer> filledPositions) {

    public TaskScript {
        targetPlan = List.copyOf(targetPlan);
        drafts = List.copyOf(drafts);
        filledPositions = Set.copyOf(filledPositions);
        if (targetPlan.isEmpty() || targetPlan.size() != drafts.size()) {
            throw new IllegalArgumentException("task " + task.id() + ": need a non-empty plan and one draft per step, got "
                    + targetPlan.size() + " steps and " + drafts.size() + " drafts");
        }
    }

    /** A fully scripted task: every position is the script's own (none filled in). */
    public TaskScript(PlanningTask task, List<String> targetPlan, List<String> drafts) {
        this(task, targetPlan, drafts, Set.of());
    }

    /** Whether position {@code j} (0-based) of the plan and its draft come from the script or record, not filled in. */
    public boolean recorded(int j) {
        return j >= 0 && j < targetPlan.size() && !filledPositions.contains(j);
    }

    /** Whether {@code prefix} is a prefix of the target's plan. */
    public boolean onPlan(List<String> prefix) {
        return prefix.size() <= targetPlan.size() && targetPlan.subList(0, prefix.size()).equals(prefix);
    }

    /** How many drafts the target accepts in a row after the correct prefix of length {@code n}. */
    public int acceptedFrom(int n) {
        int count = 0;
        for (int j = n; j < targetPlan.size() && drafts.get(j).equals(targetPlan.get(j)); j++) {
            count++;
            if (PlanSteps.isTerminate(targetPlan.get(j))) {
                break;
            }
        }
        return count;
    }

    /** The fraction of positions where the draft equals the target's step. */
    public double agreement() {
        int same = 0;
        for (int j = 0; j < targetPlan.size(); j++) {
            if (drafts.get(j).equals(targetPlan.get(j))) {
                same++;
            }
        }
        return (double) same / targetPlan.size();
    }
}
