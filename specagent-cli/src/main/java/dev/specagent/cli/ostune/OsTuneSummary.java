package dev.specagent.cli.ostune;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.RunSections;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.OsTuneReport;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What {@code ostune} says of a finished run, in words: the summary lines (knob, workload, agents, convergence,
 * reaction, decisions, writes, failures, tokens) with the paper's figures under them, printed as text or as the HTML
 * report's summary table, and the HTML report itself. Also the command's number format for knob values ({@link #num}).
 *
 * @param report      the run
 * @param failures    why its agents' decisions failed
 * @param llmAgentRan whether an agent of the run was an LLM (its calls may all have failed, leaving no tokens)
 */
record OsTuneSummary(OsTuneReport report, AgentFailures failures, boolean llmAgentRan) {

    /** The paper's figures, printed under the summary for comparison. */
    static final String PAPER = "paper (§4, reaction experiment, mean p95): untuned 102.97 ms, actor-only "
            + "54.00 ms, actor + speculator 37.93 ms; convergence about 10-15 s with the speculator, about 200 s actor-only";

    /** The summary as text: a blank line, one line per figure (label in 12 columns), then the paper's figures. */
    void print(PrintWriter out) {
        out.println();
        for (RunSections.Line line : lines()) {
            out.printf(Locale.ROOT, "%-12s%s%n", line.label(), line.value());
        }
        out.println(PAPER);
    }

    /** The HTML report: p95 over time, the summary, every write to the knob and every decision of the agents. */
    HtmlReport html() {
        HtmlReport html = new HtmlReport("specagent ostune", report.knob() + " (" + report.knobKind() + "), mode "
                + report.mode().option() + ", " + report.workload());
        OsTuneReportSections.p95OverTime(html, "p95 over time", List.of(report));
        RunSections.summary(html, "Summary", PAPER, lines());
        OsTuneReportSections.writes(html, report.result().writes(), report.unit());
        html.timeline("Decisions of the agents", "Every decision of the actor and the speculator: committed = "
                + "written to the knob, wasted = failed or superseded, cancelled = the run ended first.", report.result().ledger());
        return html;
    }

    /** The lines of the text summary, label and figures: the report's summary table shows the same. */
    List<RunSections.Line> lines() {
        OsTuneReport r = report;
        LossyResult res = r.result();
        RunFigures f = res.figures();
        List<RunSections.Line> lines = new ArrayList<>();
        lines.add(new RunSections.Line("knob", String.format(Locale.ROOT, "%s (%s), original %s %s, after the run %s %s (%s)",
                r.knob(), r.knobKind(), num(res.originalValue()), r.unit(), num(r.restoredValue()), r.unit(),
                r.restored() ? "restored" : "NOT RESTORED")));
        lines.add(new RunSections.Line("workload", r.workload()));
        lines.add(new RunSections.Line("mode", r.mode().option()));
        for (String a : r.agents()) {
            lines.add(new RunSections.Line("agent", a));
        }
        String phase = r.perturbAtSeconds().isPresent() ? " (before the perturbation)" : "";
        lines.add(new RunSections.Line("converged", String.format(Locale.ROOT, "%s%s, settled p95 %s ms (converged = "
                + "rolling 3-reading median within 15 %% of the settled level)", secs(r.convergenceSeconds()), phase,
                ms(r.settledP95()))));
        if (r.perturbAtSeconds().isPresent()) {
            lines.add(new RunSections.Line("reaction", String.format(Locale.ROOT, "perturbed at %s s: mean p95 %s ms "
                    + "over the next %s s, re-converged after %s", num(r.perturbAtSeconds().getAsDouble()),
                    ms(r.reactionMeanP95()), num(r.reactionWindowSeconds()), secs(r.reactionConvergenceSeconds()))));
        }
        lines.add(new RunSections.Line("decisions", "actor " + decisions(res.ledger(), Role.ACTOR) + ", speculator "
                + decisions(res.ledger(), Role.SPECULATOR)));
        lines.add(new RunSections.Line("writes", String.format(Locale.ROOT, "%d by the actor, %d by the speculator, "
                + "%d perturbations", count(res, WriteSource.ACTOR), count(res, WriteSource.SPECULATOR),
                count(res, WriteSource.EXTERNAL))));
        failures.counts().forEach((what, n) -> lines.add(new RunSections.Line("failed",
                String.format(Locale.ROOT, "%d× %s", n, what))));
        if (failures.uncounted() > 0) {
            lines.add(new RunSections.Line("failed", failures.uncounted() + " more, with other messages"));
        }
        lines.add(new RunSections.Line("tokens", String.format(Locale.ROOT, "%d prompt, %d completion; cost $%.4f%s",
                f.promptTokens(), f.completionTokens(), f.costUsd(), llmAgentRan ? "" : " (local agents: no LLM calls)")));
        return lines;
    }

    /** A knob value (or a number of seconds) as {@code ostune} prints it: whole numbers whole, others to 3 digits. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String decisions(List<LedgerEntry> ledger, Role role) {
        long all = ledger.stream().filter(e -> e.role() == role).count();
        if (all == 0) {
            return "-";
        }
        long committed = ledger.stream().filter(e -> e.role() == role && e.fate() == Fate.COMMITTED).count();
        long wasted = ledger.stream().filter(e -> e.role() == role && e.fate() == Fate.WASTED).count();
        return all + " (" + committed + " applied, " + wasted + " dropped or failed)";
    }

    private static long count(LossyResult r, WriteSource s) {
        return r.writes().stream().filter(w -> w.source() == s).count();
    }

    private static String secs(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f s", v.getAsDouble()) : "n/a (too few readings)";
    }

    private static String ms(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : "n/a";
    }
}
