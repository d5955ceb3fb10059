package dev.specagent.cli.dsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.SweepRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The DSP report's bars say time saved and extra cost against target-only; its timeline is the first task's calls. */
class DspReportSectionsTest {

    private static final long S = 1_000_000_000L;

    private static SweepRow row(String policy, double time, double cost) {
        return new SweepRow(policy, time, 1, 1, cost, 0, 1, 1, 1, 1, 1, 1, RunFigures.of(List.of()));
    }

    @Test
    void theBarsAreTimeSavedAndExtraCostInPercent() throws Exception {
        HtmlReport report = new HtmlReport("t", "s");
        DspReportSections.sweep(report, "replay", List.of(row("target-only", 1, 1), row("fix-2", 0.75, 1.5)));
        JsonNode bars = ReportPages.sections(report).get(1);
        assertThat(bars.get("labels").toString()).isEqualTo("[\"target-only\",\"fix-2\"]");
        assertThat(bars.at("/series/0/name").asText()).isEqualTo("time saved %");
        assertThat(bars.at("/series/0/values").toString()).isEqualTo("[0.0,25.0]");
        assertThat(bars.at("/series/1/name").asText()).isEqualTo("extra cost %");
        assertThat(bars.at("/series/1/values").toString()).isEqualTo("[0.0,50.0]");
    }

    /** The calls that started while the first task was planned, its end included; none of the second task's. */
    @Test
    void theTimelineHasTheCallsOfTheFirstTaskOnly() throws Exception {
        Ledger ledger = new Ledger();
        ledger.open(Role.TARGET, "first", S, 0, -1).close(2 * S, Usage.ofCost(0), Fate.COMMITTED);
        ledger.open(Role.APPROXIMATION, "at its end", 3 * S, 1, -1).close(4 * S, Usage.ofCost(0), Fate.WASTED);
        ledger.open(Role.TARGET, "second", 3 * S + 1, 0, -1).close(5 * S, Usage.ofCost(0), Fate.COMMITTED);
        ledger.open(Role.TARGET, "before", S - 1, 0, -1).close(S, Usage.ofCost(0), Fate.COMMITTED);
        PlanningTask task = new PlanningTask("t1", "task");
        PolicyRun run = PolicyRun.of("fix-2", ledger, List.of(new PlanResult(task, List.of("a", "TERMINATE"), List.of(),
                true, S, 3 * S), new PlanResult(new PlanningTask("t2", "task"), List.of("b"), List.of(), true, 3 * S + 1, 5 * S)));
        HtmlReport report = new HtmlReport("t", "s");
        DspReportSections.firstTaskTimeline(report, run);
        JsonNode timeline = ReportPages.sections(report).get(0);
        assertThat(timeline.get("title").asText()).isEqualTo("DSP, fix-2: every call while planning the first task");
        List<String> labels = new ArrayList<>();
        timeline.get("entries").forEach(e -> labels.add(e.get("label").asText()));
        assertThat(labels).containsExactly("first", "at its end");
        assertThat(timeline.get("note").asText()).endsWith("2 steps in 3.0 s; the committed target calls alone take "
                + "1.0 s one after another; 2 attempts.");
    }
}
