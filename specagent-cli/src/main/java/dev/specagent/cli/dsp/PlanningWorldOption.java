package dev.specagent.cli.dsp;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Validate;
import dev.specagent.core.planning.TokenPricing;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.envs.planning.replay.ReplayPlanningWorld;
import dev.specagent.envs.planning.synthetic.SyntheticPlanningWorld;

import java.util.Locale;
import java.util.function.Supplier;

/** The simulated worlds {@code dsp} commands can plan in ({@code --world}), named by {@link #toString()}. */
enum PlanningWorldOption {
    REPLAY, SYNTHETIC;

    /** The name on the command line: {@code replay} or {@code synthetic}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A factory of fresh worlds of {@code tasks} tasks for {@code seed}; validates the task count. */
    Supplier<ScriptedPlanningWorld> worlds(int tasks, long seed, TokenPricing pricing) {
        Validate.atLeast("--tasks", tasks, 1);
        return switch (this) {
            case SYNTHETIC -> {
                if (tasks > SyntheticPlanningWorld.MAX_TASKS) {
                    throw new BadInputException("--tasks " + tasks + ": the synthetic world draws at most "
                            + SyntheticPlanningWorld.MAX_TASKS + " tasks");
                }
                yield () -> SyntheticPlanningWorld.world(tasks, seed, pricing);
            }
            case REPLAY -> {
                ReplayPlanningWorld replay;
                try {
                    replay = ReplayPlanningWorld.fromDataDirectory();
                } catch (IllegalStateException e) {
                    throw new BadInputException("--world replay: " + e.getMessage());
                }
                if (tasks > replay.taskCount()) {
                    throw new BadInputException("--tasks " + tasks + ": the replay world records only "
                            + replay.taskCount() + " tasks");
                }
                yield () -> replay.world(tasks, seed, pricing);
            }
        };
    }
}
