package dev.specagent.cli.dsp;

import dev.specagent.cli.report.RunSections;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.sweep.PolicyRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code dsp live} says a run spent: its agent calls counted from the ledger, its plans compared and cut. */
class LiveSummaryTest {

    private static final long S = 1_000_000_000L;

    private static PlanResult plan(String... steps) {
        return new PlanResult(new PlanningTask("t", "task"), List.of(steps), List.of(), true, 0, S);
    }

    /** A run of one draft and two target calls, and a depth and an embeddings entry, which are no agent call. */
    private static PolicyRun run(String policy, double cost, List<PlanResult> plans) {
        Ledger ledger = new Ledger();
        ledger.open(Role.PREDICTOR, "depth", 0, 2, -1).close(0, Usage.ofCost(0), Fate.COMMITTED);
        ledger.open(Role.PREDICTOR, "embeddings", 0, 0, -1).close(0, Usage.ofCost(0), Fate.COMMITTED);
        ledger.open(Role.APPROXIMATION, "draft", 0, 1, -1).close(S, new Usage(100, 10, 0, cost / 4), Fate.WASTED);
        ledger.open(Role.TARGET, "a", 0, 0, -1).close(S, new Usage(1000, 40, 0, cost / 4), Fate.COMMITTED);
        ledger.open(Role.TARGET, "b", S, 0, -1).close(2 * S, new Usage(1000, 40, 0, cost / 2), Fate.COMMITTED);
        return PolicyRun.of(policy, ledger, plans);
    }

    @Test
    void aRunSpentItsAgentCallsNotItsDepthEntries() {
        PolicyRun run = run("fix-2", 0.004, List.of(plan("a", "TERMINATE")));
        assertThat(LiveSummary.spent(run)).isEqualTo(
                "fix-2 spent: 3 agent calls, 2100 prompt + 90 generated tokens, $0.004000 (unnecessary $0.001000), 2.000 s");
        assertThat(LiveSummary.spentJson(run).toString()).isEqualTo("{\"time_seconds\":2.0,\"agent_calls\":3,"
                + "\"prompt_tokens\":2100,\"generation_tokens\":90,\"cost_usd\":0.004,\"unnecessary_cost_usd\":0.001}");
    }

    @Test
    void theLinesSayWhetherThePlansAreTargetOnlysAndWhatBothRunsSpent() {
        PolicyRun baseline = run("target-only", 0.004, List.of(plan("a", "TERMINATE")));
        List<RunSections.Line> same = LiveSummary.lines(baseline, run("fix-2", 0.002, List.of(plan("a", "TERMINATE"))));
        assertThat(same).extracting(RunSections.Line::label)
                .containsExactly("plans", "target-only spent", "fix-2 spent", "both runs");
        assertThat(same.get(0).value()).isEqualTo("identical to target-only");
        assertThat(same.get(2).value()).startsWith("3 agent calls, ");
        assertThat(same.get(3).value()).isEqualTo("$0.006000");
        List<RunSections.Line> differ = LiveSummary.lines(baseline, run("fix-2", 0.002, List.of(plan("b", "TERMINATE"))));
        assertThat(differ.get(0).value()).startsWith("DIFFER from target-only");
    }

    @Test
    void aPlanIsCutWhenItEndsWithoutTerminate() {
        PolicyRun run = run("fix-2", 0, List.of(plan("a", "TERMINATE"), plan("a", "b"), plan(), plan("TERMINATE")));
        assertThat(LiveSummary.cutPlans(run)).isEqualTo(2);
    }

    @Test
    void oneAgentCallIsSingular() {
        Ledger ledger = new Ledger();
        ledger.open(Role.TARGET, "a", 0, 0, -1).close(S, new Usage(10, 1, 0, 0), Fate.COMMITTED);
        assertThat(LiveSummary.spent(PolicyRun.of("target-only", ledger, List.of()))).startsWith("target-only spent: 1 agent call, ");
    }
}
