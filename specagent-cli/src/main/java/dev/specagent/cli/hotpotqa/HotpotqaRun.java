package dev.specagent.cli.hotpotqa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.FiguresJson;
import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.RunSections;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.envs.hotpotqa.EpisodeResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code hotpotqa} run ended with, and how it says so: as text (a line per question as it ends, the totals at
 * the end), as the one {@code --json} object, and as the HTML report.
 *
 * @param speculator the observation speculator of the run
 * @param k          the drafted next actions per guessed observation
 * @param answered   the questions answered, in order
 * @param failures   one line per question whose run failed: {@code id: why (spent ...)}
 * @param failedCost what the failed questions' runs cost together (and the one a signal stopped)
 * @param stopped    why the run ended before its last question (a signal), or null
 */
record HotpotqaRun(HotpotqaCommand.ObservationSpeculator speculator, int k, List<EpisodeResult> answered,
                   List<String> failures, double failedCost, String stopped) {

    /** The line of one answered question: its score, answer, steps, times, hits and cost. */
    static void printQuestion(EpisodeResult r, PrintWriter out) {
        RunFigures f = r.run().figures();
        out.printf(Locale.ROOT,
                "%s  EM %d  F1 %.2f  answer %s  (gold %s)  steps %d  time %.2f s vs sequential %.2f s  hits %d  "
                        + "cost $%.4f%n", r.question().id(), r.score().exactMatch() ? 1 : 0, r.score().f1(),
                r.answer() == null ? "(none)" : "'" + r.answer() + "'", "'" + r.question().answer() + "'",
                r.run().finalState().steps().size(), f.speculativeSeconds(), f.sequentialSeconds(), f.hits(),
                f.costUsd());
        out.flush();
    }

    /** The text after the questions' lines: the totals, each failure and what the failed runs cost. */
    void print(PrintWriter out) {
        if (answered.isEmpty()) {
            out.println("no question answered");
            out.printf(Locale.ROOT, "failed runs cost $%.4f%n", failedCost);
            return;
        }
        HotpotqaTotals t = HotpotqaTotals.of(answered);
        out.printf(Locale.ROOT,
                "%n%d questions (speculator %s, k %d): EM %.3f  F1 %.3f  time %s  hits %d  cost $%.4f (of which "
                        + "speculation $%.4f)%n", t.questions(), speculator, k, t.exactMatch(), t.f1(), t.time(), t.hits(),
                t.costUsd(), t.speculationCostUsd());
        failures.forEach(f -> out.println("failed: " + f));
        if (!failures.isEmpty()) {
            out.printf(Locale.ROOT, "failed runs cost $%.4f (not in the figures above)%n", failedCost);
        }
    }

    /** The HTML report: a row per answered question, the summary ({@link #lines}), every question's timeline. */
    HtmlReport html() {
        HtmlReport html = new HtmlReport("specagent hotpotqa", answered.size() + " questions, speculator " + speculator
                + ", k " + k);
        HotpotqaReportSections.questions(html, answered);
        RunSections.summary(html, "All questions", null, lines());
        HotpotqaReportSections.episodes(html, answered);
        return html;
    }

    /**
     * The figures of the text summary, label and value: the totals of the answered questions, each failure, and what
     * the failed runs cost.
     */
    List<RunSections.Line> lines() {
        List<RunSections.Line> lines = new ArrayList<>();
        lines.add(new RunSections.Line("questions", answered.size() + " (speculator " + speculator + ", k " + k + ")"));
        if (!answered.isEmpty()) {
            HotpotqaTotals t = HotpotqaTotals.of(answered);
            lines.add(new RunSections.Line("EM", String.format(Locale.ROOT, "%.3f", t.exactMatch())));
            lines.add(new RunSections.Line("F1", String.format(Locale.ROOT, "%.3f", t.f1())));
            lines.add(new RunSections.Line("time", t.time()));
            lines.add(new RunSections.Line("hits", String.valueOf(t.hits())));
            lines.add(new RunSections.Line("cost", String.format(Locale.ROOT, "$%.4f (of which speculation $%.4f)",
                    t.costUsd(), t.speculationCostUsd())));
        }
        failures.forEach(f -> lines.add(new RunSections.Line("failed", f)));
        lines.add(new RunSections.Line("failed runs cost", String.format(Locale.ROOT, "$%.4f (not in the figures above)",
                failedCost)));
        return lines;
    }

    /**
     * The {@code --json} object: speculator and k, per answered question its text, gold and answer, scores, steps and
     * figures; the totals (when a question was answered), {@code stopped} (when a signal stopped the run), the failures
     * and what they cost.
     */
    ObjectNode toJson() {
        ObjectNode root = JsonOutput.object();
        root.put("speculator", speculator.toString());
        root.put("k", k);
        ArrayNode qs = root.putArray("questions");
        for (EpisodeResult r : answered) {
            ObjectNode o = qs.addObject();
            o.put("id", r.question().id());
            o.put("question", r.question().question());
            o.put("gold", r.question().answer());
            if (r.answer() == null) {
                o.putNull("answer");
            } else {
                o.put("answer", r.answer());
            }
            o.put("exact_match", r.score().exactMatch());
            o.put("f1", r.score().f1());
            ArrayNode steps = o.putArray("steps");
            r.run().finalState().steps().forEach(s -> steps.addObject().put("thought", s.thought())
                    .put("action", s.action()).put("observation", s.observation()));
            o.set("figures", FiguresJson.of(r.run().figures()));
        }
        if (!answered.isEmpty()) { // the text output's last line; --json had only the per-question figures
            root.set("totals", HotpotqaTotals.of(answered).toJson());
        }
        if (stopped != null) {
            root.put("stopped", stopped);
        }
        ArrayNode f = root.putArray("failures");
        failures.forEach(f::add);
        root.put("failed_cost_usd", failedCost);
        return root;
    }
}
