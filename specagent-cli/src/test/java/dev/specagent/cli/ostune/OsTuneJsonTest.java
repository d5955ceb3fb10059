package dev.specagent.cli.ostune;

import dev.specagent.core.call.Usage;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The object {@code ostune --json} prints: every field by name, a figure not measured null, times to 3 decimals. */
class OsTuneJsonTest {

    private static AgentFailures failures() {
        AgentFailures failures = new AgentFailures(LossyListener.NONE);
        failures.onAgentFailure(WriteSource.ACTOR, new RuntimeException("bad answer: no value"));
        failures.onAgentFailure(WriteSource.ACTOR, new RuntimeException("bad answer: no value"));
        return failures;
    }

    @Test
    void aFinishedRunHasItsFiguresDecisionsAndFailures() {
        String json = OsTuneJson.finished(OsTuneSummaryTest.report(OptionalDouble.of(15.0004)), failures()).toString();
        assertThat(json).startsWith("{\"knob\":\"sched_migration_cost_ns\",\"knob_kind\":\"sysctl\",\"unit\":\"ns\","
                + "\"mode\":\"both\",\"agents\":[\"actor: llm\",\"speculator: rule\"],\"workload\":\"stress\","
                + "\"original_value\":64.0,\"value_after_run\":64.0,\"restored\":true,\"convergence_seconds\":12.34,"
                + "\"settled_p95_ms\":40.125,\"perturb_at_seconds\":15.0,\"reaction_window_seconds\":10.0,"
                + "\"reaction_mean_p95_ms\":55.5,\"reaction_convergence_seconds\":null,\"prompt_tokens\":300,"
                + "\"completion_tokens\":30,\"cost_usd\":7.0E-4,\"actor_decisions\":3,\"speculator_decisions\":1,"
                + "\"readings\":[],\"writes\":[{\"t\":1.0,\"source\":\"actor\",\"requested\":128.0,\"applied\":128.0,"
                + "\"previous\":64.0,\"rationale\":\"why\"},");
        assertThat(json).endsWith(",\"agent_failures\":[{\"agent\":\"actor\",\"message\":\"bad answer: no value\",\"count\":2}],"
                + "\"agent_failures_uncounted\":0}");
        assertThat(OsTuneJson.finished(OsTuneSummaryTest.report(OptionalDouble.empty()), failures()).toString())
                .contains("\"perturb_at_seconds\":null");
    }

    @Test
    void aRunThatDidNotFinishSaysWhyWhatItSpentAndWhatItMeasured() {
        List<MetricSample> readings = List.of(new MetricSample(1_234_567_890L, 40.12345, 0.5, true));
        List<KnobWrite> writes = List.of(new KnobWrite(1_000_400_000L, WriteSource.SPECULATOR, 90, 96, 64, "faster"));
        String json = OsTuneJson.partial("stopped by a signal (SIGINT)", new Usage(300, 30, 0, 0.0007), OptionalInt.of(2),
                failures(), readings, writes).toString();
        assertThat(json).isEqualTo("{\"error\":\"stopped by a signal (SIGINT)\",\"prompt_tokens\":300,"
                + "\"completion_tokens\":30,\"cost_usd\":7.0E-4,\"calls_under_way\":2,\"agent_failures\":[{\"agent\":"
                + "\"actor\",\"message\":\"bad answer: no value\",\"count\":2}],\"agent_failures_uncounted\":0,"
                + "\"readings\":[{\"t\":1.235,\"p95_ms\":40.123,\"knob\":0.5,\"steady\":true}],\"writes\":[{\"t\":1.0,"
                + "\"source\":\"speculator\",\"requested\":90.0,\"applied\":96.0,\"previous\":64.0,\"rationale\":\"faster\"}]}");
        assertThat(OsTuneJson.partial("boom", Usage.ofCost(0), OptionalInt.empty(), new AgentFailures(LossyListener.NONE),
                List.of(), List.of()).toString()).doesNotContain("calls_under_way");
    }
}
