package dev.specagent.envs.planning.synthetic;

import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.TokenPricing;
import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import dev.specagent.envs.planning.openagi.OpenAgiTools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic OpenAGI-like planning tasks whose agreement structure is controlled: each task names a
 * source ("photo", "scan", "sketch", "satellite"), and the source fixes how likely the approximation
 * drafts the target's step ({@link #AGREEMENT}); plans hold 2–9 tools ending with TERMINATE. The state
 * text therefore carries the signal a depth predictor can learn, which makes the world suited to
 * tests and to the predictor's learning curves. Latencies and tokens follow the default profiles of a
 * direct-prompting approximation and a ReAct target.
 *
 * <p>Each draft is right independently with the task's source probability a (a Bernoulli draw per
 * position); a wrong draft is a random tool (TERMINATE if that tool happens to be the target's step).
 * The world's hindsight oracle also knows the exact probability that a draft is right given the task,
 * its position and its text ({@link #drawProbability}; for yardsticks).
 */
public final class SyntheticPlanningWorld {

    /** The 15 OpenAGI tools. */
    public static final List<String> TOOLS = OpenAgiTools.NAMES;

    /** Sources and the probability that the approximation drafts the target's step on tasks from them. */
    public static final List<String> SOURCES = List.of("photo", "scan", "sketch", "satellite");
    public static final double[] AGREEMENT = {0.95, 0.8, 0.5, 0.15};

    /** The most tasks a world draws: every task is held in memory, so two billion would exhaust any heap. */
    public static final int MAX_TASKS = 100_000;

    private static final int MIN_LENGTH = 2;
    private static final int MAX_LENGTH = 9;
    private static final String[] DEGRADATIONS = {"low-resolutioned", "noisy", "blurry", "grayscale"};
    private static final String[] GOALS = {"return the regular image", "describe it in English",
            "answer a question about it", "translate its caption into German"};

    private SyntheticPlanningWorld() {
    }

    /** The scripts of {@code tasks} tasks drawn from {@code seed}. */
    public static List<TaskScript> scripts(int tasks, long seed) {
        return draw(tasks, seed).stream().map(Drawn::script).toList();
    }

    /** A script and the source agreement its drafts were drawn with. */
    private record Drawn(TaskScript script, double agreement) {
    }

    private static List<Drawn> draw(int tasks, long seed) {
        if (tasks < 0 || tasks > MAX_TASKS) {
            throw new IllegalArgumentException("a synthetic world draws 0.." + MAX_TASKS + " tasks, not " + tasks);
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<Drawn> out = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int source = r.nextInt(SOURCES.size());
            StringBuilder what = new StringBuilder();
            for (String d : DEGRADATIONS) {
                if (r.nextBoolean()) {
                    what.append(d).append(' ');
                }
            }
            String description = "Given " + what + SOURCES.get(source) + " image, how to "
                    + GOALS[r.nextInt(GOALS.length)] + " step by step?";
            int length = MIN_LENGTH + r.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
            List<String> plan = new ArrayList<>(length);
            List<String> drafts = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                String step = i == length - 1 ? PlanSteps.TERMINATE : TOOLS.get(r.nextInt(TOOLS.size()));
                plan.add(step);
                String miss = TOOLS.get(r.nextInt(TOOLS.size()));
                drafts.add(r.nextDouble() < AGREEMENT[source] ? step : miss.equals(step) ? PlanSteps.TERMINATE : miss);
            }
            out.add(new Drawn(new TaskScript(new PlanningTask("syn-" + t, description), plan, drafts), AGREEMENT[source]));
        }
        return out;
    }

    /** A fresh world of {@code tasks} tasks drawn from {@code seed}. */
    public static ScriptedPlanningWorld world(int tasks, long seed, TokenPricing pricing) {
        List<String> vocabulary = new ArrayList<>(TOOLS);
        vocabulary.add(PlanSteps.TERMINATE);
        List<Drawn> drawn = draw(tasks, seed);
        Map<String, Double> agreement = new HashMap<>();
        drawn.forEach(d -> agreement.put(d.script().task().id(), d.agreement()));
        return new ScriptedPlanningWorld(drawn.stream().map(Drawn::script).toList(), CallProfile.directDefault(),
                CallProfile.reactDefault(), pricing, vocabulary, seed,
                (task, prefix, draft) -> {
                    Double a = agreement.get(task.id());
                    if (a == null) { // as the world's other answers refuse a task it does not hold
                        throw new IllegalArgumentException("unknown task " + task.id());
                    }
                    return drawProbability(a, prefix.size(), draft);
                });
    }

    /**
     * The probability that {@code draft} is the target's step at {@code position} (0-based), given that the
     * prefix before it is right and the task's source agreement is {@code agreement}: Bayes over the
     * generator. The plan's length is uniform on 2..9, so position i is the last (TERMINATE) with hazard
     * h = 0 at i = 0 and 1 / (9 − i) after; with a = agreement and n = 15 tools,
     * P(right | TERMINATE) = h a / (h a + (1 − h)(1 − a)/n) and
     * P(right | a tool) = (1 − h) a / ((1 − h) a + (1 − h)(1 − a)(n − 1)/n + h (1 − a)).
     */
    public static double drawProbability(double agreement, int position, String draft) {
        double h = position <= 0 ? 0 : position >= MAX_LENGTH - 1 ? 1 : 1.0 / (MAX_LENGTH - position);
        double n = TOOLS.size();
        double a = agreement;
        if (PlanSteps.isTerminate(draft)) {
            double right = h * a;
            double wrong = (1 - h) * (1 - a) / n;
            return right + wrong == 0 ? 0 : right / (right + wrong);
        }
        if (!TOOLS.contains(draft)) {
            return 0;
        }
        double right = (1 - h) * a;
        double wrong = (1 - h) * (1 - a) * (n - 1) / n + h * (1 - a);
        return right + wrong == 0 ? 0 : right / (right + wrong);
    }
}
