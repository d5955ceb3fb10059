package dev.specagent.cli.dsp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.cli.report.RunSections;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.sweep.PolicyRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code dsp live} says of its runs besides their table rows: what a run spent, from its ledger (every agent
 * call attempt, committed, wasted, cancelled or failed; its tokens and cost; the part of the cost that is no committed
 * target call; its wall time), in words and as JSON; whether the policy's plans are the target-only run's; and how many
 * plans the step limit cut.
 */
final class LiveSummary {

    private LiveSummary() {
    }

    /**
     * The lines under the text table, keyed by what each names: whether the plans are the target-only run's, what
     * each run spent and both together.
     */
    static List<RunSections.Line> lines(PolicyRun baseline, PolicyRun run) {
        boolean same = baseline.plans().stream().map(p -> p.steps()).toList()
                .equals(run.plans().stream().map(p -> p.steps()).toList());
        List<RunSections.Line> lines = new ArrayList<>();
        lines.add(new RunSections.Line("plans", same ? "identical to target-only"
                : "DIFFER from target-only (the models are not deterministic at temperature 0)"));
        for (PolicyRun r : List.of(baseline, run)) {
            lines.add(new RunSections.Line(r.policy() + " spent", spentFigures(r)));
        }
        lines.add(new RunSections.Line("both runs", String.format(Locale.ROOT, "$%.6f",
                baseline.figures().costUsd() + run.figures().costUsd())));
        return lines;
    }

    /** What {@code run} spent, named: {@code POLICY spent: N agent calls, TOKENS, $C (unnecessary $U), S s}. */
    static String spent(PolicyRun run) {
        return run.policy() + " spent: " + spentFigures(run);
    }

    /** What {@code run} spent, from its ledger, as the JSON object of a failed or stopped run. */
    static ObjectNode spentJson(PolicyRun run) {
        RunFigures f = run.figures();
        ObjectNode o = JsonOutput.object();
        o.put("time_seconds", f.speculativeSeconds()).put("agent_calls", agentCalls(run));
        SpentFormatter.GENERATED.put(o, f).put("unnecessary_cost_usd", f.unnecessaryCostUsd());
        return o;
    }

    /** How many of the run's plans the step limit cut before a TERMINATE. */
    static long cutPlans(PolicyRun run) {
        return run.plans().stream().filter(p -> p.steps().isEmpty() || !PlanSteps.isTerminate(p.steps().getLast()))
                .count();
    }

    /** {@link #spent} without the run's name. */
    private static String spentFigures(PolicyRun run) {
        RunFigures f = run.figures();
        long calls = agentCalls(run);
        return String.format(Locale.ROOT, "%d agent call%s, %s (unnecessary %s), %.3f s",
                calls, calls == 1 ? "" : "s", SpentFormatter.GENERATED.format(f),
                SpentFormatter.GENERATED.dollars(f.unnecessaryCostUsd()), f.speculativeSeconds());
    }

    /** The run's draft and target call attempts (the ledger's depth and embeddings entries are no agent call). */
    private static long agentCalls(PolicyRun run) {
        return run.ledger().stream().filter(e -> e.role() == Role.TARGET || e.role() == Role.APPROXIMATION).count();
    }
}
