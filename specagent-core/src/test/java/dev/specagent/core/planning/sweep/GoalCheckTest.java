package dev.specagent.core.planning.sweep;

import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The goal check judges a row by its own time and cost against fix-6's and the oracle's, each bound included. */
class GoalCheckTest {

    /** A run of one committed target call of {@code seconds} and {@code costUsd}. */
    private static PolicyRun run(String policy, long seconds, double costUsd) {
        Ledger ledger = new Ledger();
        ledger.open(Role.TARGET, "step", 0, 0, -1).close(seconds * 1_000_000_000L, Usage.ofCost(costUsd), Fate.COMMITTED);
        return PolicyRun.of(policy, ledger, List.of());
    }

    private static GoalCheck check(List<GoalCheck> checks, String policy) {
        return checks.stream().filter(c -> c.policy().equals(policy)).findFirst().orElseThrow();
    }

    /**
     * A row exactly 2% slower than fix-6, at exactly 60% of its cost, or at exactly 1.1 × the oracle's cost meets that
     * criterion. The target-only run (142 s, $0.122) is one over which the ratios of ratios land an ulp above each
     * bound (1.0200000000000002, 0.6000000000000001, 1.1000000000000003), so a check reading the rows' ratios to
     * target-only says NO on every bound.
     */
    @Test
    void aRowExactlyOnEachBoundMeetsIt() {
        PolicyRun baseline = run("target-only", 142, 0.122);
        List<PolicyRun> runs = List.of(run("fix-6", 100, 1.0), run("oracle", 90, 0.5),
                run("dyn-at-cost-bound", 102, 0.6), run("dyn-at-third-bound", 102, 0.55));
        List<SweepRow> rows = new ArrayList<>(List.of(SweepRow.of(baseline, baseline, null)));
        runs.forEach(r -> rows.add(SweepRow.of(r, baseline, null)));

        List<GoalCheck> checks = GoalCheck.of(rows);

        assertThat(checks).extracting(GoalCheck::policy).containsExactly("dyn-at-cost-bound", "dyn-at-third-bound");
        GoalCheck atCost = check(checks, "dyn-at-cost-bound");
        assertThat(atCost.timeVsFix6()).isEqualTo(1.02);
        assertThat(atCost.timeMet()).isTrue();
        assertThat(atCost.costVsFix6()).isEqualTo(0.6);
        assertThat(atCost.costMet()).isTrue();
        assertThat(atCost.oracleMet()).isFalse();
        GoalCheck atOracle = check(checks, "dyn-at-third-bound");
        assertThat(atOracle.costVsOracle()).isEqualTo(1.1);
        assertThat(atOracle.met()).isTrue();
        assertThat(atOracle.line(20)).endsWith("GOAL MET");
    }

    /** Just past each bound is not within it. */
    @Test
    void aRowJustPastABoundMissesIt() {
        PolicyRun baseline = run("target-only", 142, 0.122);
        List<SweepRow> rows = List.of(SweepRow.of(baseline, baseline, null),
                SweepRow.of(run("fix-6", 100, 1.0), baseline, null), SweepRow.of(run("oracle", 90, 0.5), baseline, null),
                SweepRow.of(run("dyn-over", 103, 0.56), baseline, null));

        GoalCheck over = check(GoalCheck.of(rows), "dyn-over");

        assertThat(over.timeMet()).isFalse();
        assertThat(over.costMet()).isTrue();
        assertThat(over.oracleMet()).isFalse();
        assertThat(over.line(20)).endsWith("goal not met");
    }
}
