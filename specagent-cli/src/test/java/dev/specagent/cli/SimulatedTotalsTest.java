package dev.specagent.cli;

import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sim.Proposition1;
import dev.specagent.core.sim.SyntheticWorld;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ratios of the runs finished so far are those {@link Proposition1#measure} gives for as many runs. */
class SimulatedTotalsTest {

    @Test
    void theRatiosOfTheRunsSoFarAreProposition1s() {
        List<SpeculationPolicy> policies = List.of(new Algorithm1Policy(3), new ChainedPolicy(3));
        SimulatedTotals totals = SimulatedTotals.none(policies);
        for (int r = 0; r < 3; r++) {
            totals = totals.plus(SyntheticWorld.Config.proposition1(0.7, 5, 1, 12, 42 + r));
        }
        assertThat(totals.runs()).isEqualTo(3);
        assertThat(totals.ratios()).isEqualTo(Proposition1.measure(0.7, 5, 1, 12, 3, 42, policies));
        assertThat(totals.ratios().keySet()).containsExactly("algorithm1", "chained");
        assertThat(totals.ratios().values()).allSatisfy(ratio -> assertThat(ratio).isBetween(0.1, 1.0));
    }
}
