package dev.specagent.envs.planning.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.sim.TaskScript;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports the authors' value-function data set ({@code dataset_value_func_cot*.json}: a list of
 * {@code {"trajectory": [{"state", "reward", "k"}, …]}}) into one {@link TaskScript} per task.
 *
 * <p>Per task, the state with the longest history shows the target's verified steps and the
 * approximation's drafts in the order they happened. The target's plan is the sequence of
 * {@code Target Step j} lines. The approximation's draft at position j is the first {@code Approximation
 * Step j} line drafted on the target's own prefix: in a chain an episode started on the verified prefix,
 * every earlier draft equals the target's step (see {@code draftsOnThePlan}; a cancelled chain's leftovers
 * do not count). Garbled tool names are kept as recorded (they are mismatches).
 *
 * <p>Where the record is silent (see docs/dsp.md): the record ends before the plan does, so the last
 * state's label k (drafts right after it, plus one) extends the plan by k − 1 agreed steps, whose names
 * are not recorded and are drawn from the tool vocabulary by hashing, followed by TERMINATE, which the
 * approximation misses (it drafts a tool instead). Tasks with no recorded target step are skipped.
 * Every position filled in this way (no draft on the target's prefix recorded, or past the recorded plan) is
 * listed in the script's {@link TaskScript#filledPositions()}; the others are recorded (for yardsticks that
 * know the recorded outcomes, {@link dev.specagent.core.planning.depth.HindsightOracle#recordedOutcome}).
 */
public final class RecordedPlans {

    private static final Pattern LINE = Pattern.compile("^(Approximation|Target) Step (\\d+): ?(.*)$");

    private RecordedPlans() {
    }

    /** The imported tasks and the tool vocabulary seen in the record. */
    public record Imported(List<TaskScript> scripts, List<String> vocabulary, int skippedTasks) {
    }

    /** Imports {@code file}; a malformed entry is reported with its index and field. */
    public static Imported read(Path file) {
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + JsonErrors.describe(e), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON array of episodes");
        }
        Map<String, String> longest = new LinkedHashMap<>();
        Map<String, Integer> longestK = new LinkedHashMap<>();
        for (int e = 0; e < root.size(); e++) {
            JsonNode trajectory = root.get(e).get("trajectory");
            if (trajectory == null || !trajectory.isArray()) {
                throw new IllegalArgumentException(file + ": episode " + e + ": missing array field 'trajectory'");
            }
            for (int s = 0; s < trajectory.size(); s++) {
                JsonNode state = trajectory.get(s);
                JsonNode text = state.get("state");
                JsonNode k = state.get("k");
                if (text == null || !text.isTextual() || k == null || !k.isIntegralNumber() || !k.canConvertToInt()) {
                    throw new IllegalArgumentException(file + ": episode " + e + " state " + s
                            + ": needs a text field 'state' and an integer field 'k'");
                }
                checkStepNumbers(file + ": episode " + e + " state " + s, text.textValue());
                String task = text.textValue().split("\n", 2)[0].trim();
                String previous = longest.get(task);
                if (previous == null || text.textValue().length() > previous.length()) {
                    longest.put(task, text.textValue());
                    longestK.put(task, k.asInt());
                }
            }
        }
        Map<String, Integer> toolCounts = new TreeMap<>();
        List<List<String>> plans = new ArrayList<>();
        List<Map<Integer, String>> draftMaps = new ArrayList<>();
        List<String> taskTexts = new ArrayList<>();
        for (Map.Entry<String, String> entry : longest.entrySet()) {
            List<String> target = new ArrayList<>();
            List<RecordedDraft> recorded = new ArrayList<>();
            for (String line : entry.getValue().split("\n")) {
                Matcher m = LINE.matcher(line.trim());
                if (!m.matches()) {
                    continue;
                }
                String step = m.group(3).trim();
                if (m.group(1).equals("Target")) {
                    target.add(step);
                } else {
                    recorded.add(new RecordedDraft(Integer.parseInt(m.group(2)) - 1, step, target.size()));
                }
            }
            if (target.isEmpty()) {
                continue;
            }
            Map<Integer, String> drafts = draftsOnThePlan(recorded, target);
            for (String step : target) {
                toolCounts.merge(step, 1, Integer::sum);
            }
            plans.add(target);
            draftMaps.add(drafts);
            taskTexts.add(entry.getKey());
        }
        List<String> vocabulary = toolCounts.entrySet().stream()
                .filter(t -> t.getValue() >= 3 && !PlanSteps.isTerminate(t.getKey()))
                .map(Map.Entry::getKey).toList();
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException(file + ": no tool names found in the histories");
        }
        List<TaskScript> scripts = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            scripts.add(complete(new PlanningTask("task-" + (i + 1), taskTexts.get(i)), plans.get(i), draftMaps.get(i),
                    longestK.get(taskTexts.get(i)), vocabulary));
        }
        return new Imported(scripts, vocabulary, longest.size() - plans.size());
    }

    /** Bad input naming {@code where} unless every step line of {@code state} numbers a position (1 or more). */
    private static void checkStepNumbers(String where, String state) {
        for (String line : state.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches() && !isPosition(m.group(2))) {
                throw new IllegalArgumentException(where + ": field 'state': step number " + m.group(2) + " is not 1 to "
                        + Integer.MAX_VALUE + " in '" + line.trim() + "'");
            }
        }
    }

    /** Whether {@code digits} is a step number from 1 to the largest int. */
    private static boolean isPosition(String digits) {
        String n = digits.replaceFirst("^0+", "");
        return !n.isEmpty() && n.length() <= 10 && Long.parseLong(n) <= Integer.MAX_VALUE;
    }

    /** An approximation step of a history: its 0-based position, and how many target steps were verified then. */
    private record RecordedDraft(int position, String step, int verified) {
    }

    /**
     * The draft at each position of {@code target} made on the target's own prefix, as far as the history shows.
     * An episode's drafts form a chain of consecutive positions that starts at the verified prefix's end; a chain
     * stays on the plan while its drafts equal the target's steps. After a rejection the cancelled chain may still
     * log drafts (leftovers), interleaved with the next episode's chain: a leftover continues the old numbering,
     * and when it falls on the new chain's first position too, the new chain's draft is the last one logged there
     * before the next target step.
     */
    private static Map<Integer, String> draftsOnThePlan(List<RecordedDraft> recorded, List<String> target) {
        Map<Integer, Integer> lastStart = new HashMap<>(); // by position, which equals the verified count there
        for (int i = 0; i < recorded.size(); i++) {
            RecordedDraft d = recorded.get(i);
            if (d.position() == d.verified()) {
                lastStart.put(d.position(), i);
            }
        }
        Map<Integer, String> drafts = new TreeMap<>();
        int expected = -1;
        boolean onPlan = false;
        for (int i = 0; i < recorded.size(); i++) {
            RecordedDraft d = recorded.get(i);
            int position = d.position();
            if (position == d.verified() && lastStart.get(position) == i) {
                onPlan = true; // a new episode's chain
            } else if (position != expected) {
                continue; // a leftover of another chain
            }
            if (onPlan && position < target.size()) {
                drafts.putIfAbsent(position, d.step());
            }
            onPlan &= position < target.size() && d.step().equals(target.get(position));
            expected = position + 1;
        }
        return drafts;
    }

    private static TaskScript complete(PlanningTask task, List<String> recorded, Map<Integer, String> draftMap,
                                       int lastK, List<String> vocabulary) {
        List<String> plan = new ArrayList<>(recorded);
        List<String> drafts = new ArrayList<>();
        Set<Integer> filled = new HashSet<>();
        for (int j = 0; j < recorded.size(); j++) {
            // A position with no draft on the target's prefix in the record: assume the approximation missed it.
            if (!draftMap.containsKey(j)) {
                filled.add(j);
            }
            drafts.add(draftMap.getOrDefault(j, pick(vocabulary, task, j, recorded.get(j))));
        }
        if (!PlanSteps.isTerminate(recorded.getLast())) {
            for (int j = 0; j < Math.max(0, lastK - 1); j++) {
                String step = pick(vocabulary, task, plan.size(), null);
                plan.add(step);
                drafts.add(step);
            }
            plan.add(PlanSteps.TERMINATE);
            drafts.add(pick(vocabulary, task, plan.size() + 1000, null));
        }
        for (int j = recorded.size(); j < plan.size(); j++) {
            filled.add(j);
        }
        return new TaskScript(task, plan, drafts, filled);
    }

    /** A tool from the vocabulary chosen by hashing, different from {@code avoid}. */
    private static String pick(List<String> vocabulary, PlanningTask task, int position, String avoid) {
        int h = Math.floorMod((task.description().hashCode() * 31 + position) * 0x9E3779B1, vocabulary.size());
        String tool = vocabulary.get(h);
        return tool.equals(avoid) ? vocabulary.get((h + 1) % vocabulary.size()) : tool;
    }
}
