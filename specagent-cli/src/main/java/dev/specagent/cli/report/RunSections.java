package dev.specagent.cli.report;

import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.runner.RunResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Report sections comparing runs of the same agent under different policies, from their ledgers:
 * time and cost bars per run, and the timeline of the last run.
 */
public final class RunSections {

    private RunSections() {
    }

    /** Bars of wall time (first start to last end) and cost per run, then the timeline of the last run. */
    public static void compare(HtmlReport report, String heading, List<RunResult<?>> runs) {
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("seconds", runs.stream().map(r -> r.figures().speculativeSeconds()).toList());
        bars.put("cost $", runs.stream().map(r -> r.figures().costUsd()).toList());
        report.bars(heading + ": time and cost per policy", null, runs.stream().map(RunResult::policy).toList(), bars,
                "seconds", "cost $", List.of("cost $"));
        RunResult<?> last = runs.get(runs.size() - 1);
        RunFigures f = last.figures();
        report.timeline(heading + ": every call of the " + last.policy() + " run",
                String.format(Locale.ROOT,
                        "%.2f s, %d of %d committed calls from a branch, $%.6f of which $%.6f not on the committed path.",
                        f.speculativeSeconds(), f.hits(), f.committedCalls(), f.costUsd(), f.unnecessaryCostUsd()),
                last.ledger());
    }
}
