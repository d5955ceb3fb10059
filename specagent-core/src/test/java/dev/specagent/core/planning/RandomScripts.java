package dev.specagent.core.planning;

import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Random task scripts for property tests: random plans, drafts agreeing with probability p. */
final class RandomScripts {

    static final List<String> TOOLS = List.of("A", "B", "C", "D", "E", "F");

    private RandomScripts() {
    }

    static List<TaskScript> scripts(long seed, int tasks) {
        SplittableRandom r = new SplittableRandom(seed);
        List<TaskScript> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            double p = r.nextDouble();
            int length = 1 + r.nextInt(9);
            List<String> plan = new ArrayList<>();
            List<String> drafts = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                String step = i == length - 1 ? PlanSteps.TERMINATE : TOOLS.get(r.nextInt(TOOLS.size()));
                plan.add(step);
                drafts.add(r.nextDouble() < p ? step : (r.nextBoolean() ? PlanSteps.TERMINATE : "Z" + r.nextInt(3)));
            }
            Set<Integer> filled = new HashSet<>();
            for (int i = 0; i < length; i++) {
                if (r.nextInt(4) == 0) {
                    filled.add(i); // as if the world had filled the position in itself (only yardsticks look)
                }
            }
            out.add(new TaskScript(new PlanningTask("t" + t, "task " + t + " kind " + (t % 3)), plan, drafts, filled));
        }
        return out;
    }

    static ScriptedPlanningWorld world(long seed, int tasks) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        CallProfile approximation = new CallProfile(0.2 + r.nextDouble() * 2, r.nextDouble(), 300, 10, 10, 0.2);
        CallProfile target = new CallProfile(0.5 + r.nextDouble() * 8, r.nextDouble(), 900, 20, 120, 0.3);
        return new ScriptedPlanningWorld(scripts(seed, tasks), approximation, target,
                TokenPricing.GPT_4_1_MINI, TOOLS, seed);
    }
}
