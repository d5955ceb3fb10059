package dev.specagent.envs.planning.openagi;

import dev.specagent.core.planning.PlanningFailedException;
import dev.specagent.core.planning.sweep.PolicyRun;

import java.util.List;

/**
 * A live planning run stopped at a task whose planning failed: a target step's call failed (after the client's
 * retries), its answer named no tool ({@link LlmStepAgent}), or it timed out. It carries what was finished before, so the plans already paid for are not lost: the plans
 * of the tasks completed before the failed one, and the figures of every call made, the failed task's
 * included.
 */
public final class LivePlanningFailedException extends RuntimeException {

    private final transient PolicyRun finished;

    LivePlanningFailedException(PolicyRun finished, PlanningFailedException cause) {
        super(cause.getMessage() + " (after " + finished.plans().size() + " finished tasks)", cause);
        this.finished = finished;
    }

    /** The run up to the failure: the finished tasks' plans, and the ledger of every call made. */
    public PolicyRun finished() {
        return finished;
    }

    /** The steps committed in the failed task before its failure. */
    public List<String> committedInFailedTask() {
        return ((PlanningFailedException) getCause()).committed();
    }
}
