package dev.specagent.cli.dsp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.SignalHook;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.SweepRow;
import dev.specagent.envs.planning.openagi.LivePlanningFailedException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A {@code dsp live} run that failed, or that a signal stopped, and what it cost real model calls to get: the
 * target-only row and what that run spent when it had finished, the plans of the tasks the failed (stopped) run
 * finished, the steps committed in its last task, and what it spent; a stopped run also says both runs together.
 *
 * @param failure  how the run ended, with what it had finished
 * @param baseline the finished target-only run, or null when it was the target-only run that failed or was stopped
 * @param stopped  where a signal stopped the planning ({@link #stoppedAt}), or null for a failure
 */
record UnfinishedLive(LivePlanningFailedException failure, PolicyRun baseline, String stopped) {

    /**
     * Says where a signal stopped the planning: the run, its task under way, and how many of the tasks that run had
     * finished.
     */
    static String stoppedAt(LivePlanningFailedException failure, List<PlanningTask> tasks) {
        PolicyRun finished = failure.finished();
        int done = finished.plans().size();
        return SignalHook.stopped(done, tasks.size(), "tasks") + ", during the " + finished.policy() + " run"
                + (done < tasks.size() ? " (task " + tasks.get(done).id() + ")" : "");
    }

    /** The one {@code --json} object: {@code error} or {@code stopped}, then what was finished and spent. */
    ObjectNode json() {
        PolicyRun finished = failure.finished();
        String how = how();
        ObjectNode o = JsonOutput.object();
        if (stopped == null) {
            o.put("error", failure.getMessage());
        } else {
            o.put("stopped", stopped);
        }
        o.put(how + "_run", finished.policy());
        o.set("target_only", baseline == null ? null : SweepTable.json(SweepRow.of(baseline, baseline, null)));
        o.set("target_only_spent", baseline == null ? null : LiveSummary.spentJson(baseline));
        ArrayNode plans = o.putArray("finished_plans");
        finished.plans().forEach(p -> plans.addObject().put("task", p.task().id())
                .set("steps", JsonOutput.valueToTree(p.steps())));
        o.set("committed_in_" + how + "_task", JsonOutput.valueToTree(failure.committedInFailedTask()));
        o.set(how + "_run_spent", LiveSummary.spentJson(finished));
        return o;
    }

    /** The text: {@code heading} and how the run ended, then what was finished and spent of the {@code tasks}. */
    void print(PrintWriter out, String heading, int tasks) {
        PolicyRun finished = failure.finished();
        out.printf(Locale.ROOT, "%s: %s%n", heading,
                stopped == null ? "the " + finished.policy() + " run failed" : stopped);
        if (baseline != null) {
            out.print(SweepTable.text(List.of(SweepRow.of(baseline, baseline, null))));
        }
        out.printf(Locale.ROOT,
                "plans the %s run finished before the %s (%d of %d tasks):%n", finished.policy(),
                stopped == null ? "failure" : "signal", finished.plans().size(), tasks);
        finished.plans().forEach(p -> out.printf("  %s: %s%n", p.task().id(), String.join(" -> ", p.steps())));
        out.printf("  committed in the %s task: %s%n", how(), failure.committedInFailedTask().isEmpty() ? "nothing"
                : String.join(" -> ", failure.committedInFailedTask()));
        if (baseline != null) {
            out.println(LiveSummary.spent(baseline));
        }
        if (stopped == null) {
            out.println(LiveSummary.spent(finished) + " (the failed task's calls included)");
        } else {
            out.println(LiveSummary.spent(finished) + " (the stopped task's calls included, the cancelled ones too)");
            out.printf(Locale.ROOT, "both runs so far: $%.6f%n",
                    (baseline == null ? 0 : baseline.figures().costUsd()) + finished.figures().costUsd());
        }
    }

    private String how() {
        return stopped == null ? "failed" : "stopped";
    }
}
