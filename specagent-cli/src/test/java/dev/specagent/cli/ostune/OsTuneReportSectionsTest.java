package dev.specagent.cli.ostune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.envs.ostune.Mode;
import dev.specagent.envs.ostune.OsTuneReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** The p95 chart of {@code ostune}: one line per run named by its mode, and the reaction figures in its note. */
class OsTuneReportSectionsTest {

    private static OsTuneReport run(Mode mode, OptionalDouble reactionMeanP95, double... p95) {
        OsTuneReport r = OsTuneSummaryTest.report(OptionalDouble.of(20));
        List<MetricSample> samples = new ArrayList<>();
        for (int i = 0; i < p95.length; i++) {
            samples.add(new MetricSample((i + 1) * 1_000_000_000L, p95[i], 64, true));
        }
        LossyResult res = r.result();
        return new OsTuneReport(r.knob(), r.unit(), r.knobKind(), mode, r.agents(), r.workload(), r.restoredValue(),
                r.convergenceSeconds(), r.settledP95(), r.perturbAtSeconds(), 30, reactionMeanP95,
                r.reactionConvergenceSeconds(), new LossyResult(samples, res.writes(), res.ledger(), res.figures(),
                res.originalValue(), res.seconds()));
    }

    @Test
    void eachRunIsALineNamedByItsModeAndTheNoteGivesTheReaction() throws Exception {
        HtmlReport report = new HtmlReport("t", "s");
        OsTuneReportSections.p95OverTime(report, "p95", List.of(run(Mode.NONE, OptionalDouble.of(102.974), 100, 104),
                run(Mode.ACTOR_ONLY, OptionalDouble.empty(), 90), run(Mode.SPECULATOR_ONLY, OptionalDouble.empty()),
                run(Mode.BOTH, OptionalDouble.of(37.93), 40.5)));
        JsonNode series = ReportPages.sections(report).get(0);
        assertThat(series.get("lines").toString()).isEqualTo("[{\"name\":\"untuned\",\"points\":[[1.0,100.0],[2.0,104.0]]},"
                + "{\"name\":\"actor-only\",\"points\":[[1.0,90.0]]},{\"name\":\"speculator-only\",\"points\":[]},"
                + "{\"name\":\"actor + speculator\",\"points\":[[1.0,40.5]]}]");
        assertThat(series.get("note").asText()).isEqualTo("Knob sched_migration_cost_ns (sysctl); one p95 reading per "
                + "second. Perturbed at 20 s; mean p95 over the next 30 s: untuned 102.97 ms, actor + speculator 37.93 ms");
    }
}
