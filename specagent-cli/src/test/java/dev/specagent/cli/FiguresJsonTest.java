package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's figures in JSON: its ratios over nothing are null, not the 0 that {@link RunFigures} keeps. */
class FiguresJsonTest {

    @Test
    void theRatiosOfARunWithNoCommittedCallAreNull() {
        RunFigures none = RunFigures.of(List.of()); // a run stopped before its first answer
        assertThat(none.hitRate()).isZero();
        assertThat(none.savedPct()).isZero();
        JsonNode o = FiguresJson.of(none);
        assertThat(o.get("hit_rate").isNull()).isTrue();
        assertThat(o.get("saved_pct").isNull()).isTrue();
        assertThat(o.get("committed_calls").asLong()).isZero();
        assertThat(o.get("cost_usd").isNumber()).isTrue();
        assertThat(o.get("average_depth").isNull()).isTrue();
    }

    /** A run that speculated nothing has no mean depth (not 0); one that did has its mean, a depth of 0 included. */
    @Test
    void theAverageDepthOfARunWithoutSpeculationIsNull() {
        long s = 1_000_000_000L;
        Ledger sequential = new Ledger();
        sequential.open(Role.ACTOR, "a", 0, 0, -1).close(s, Usage.ofCost(1), Fate.COMMITTED);
        JsonNode none = FiguresJson.of(RunFigures.of(sequential.entries()));
        assertThat(none.get("average_depth").isNull()).isTrue();
        assertThat(none.get("depth_entries").asLong()).isZero();
        assertThat(none.get("hit_rate").asDouble()).isZero(); // a ratio over one committed call: a number

        Ledger drafted = new Ledger();
        drafted.open(Role.APPROXIMATION, "d", 0, 0, -1).close(s, Usage.ofCost(0.1), Fate.COMMITTED);
        drafted.open(Role.TARGET, "t", 0, 0, -1).close(s, Usage.ofCost(1), Fate.COMMITTED);
        JsonNode some = FiguresJson.of(RunFigures.of(drafted.entries()));
        assertThat(some.get("average_depth").isNumber()).isTrue();
        assertThat(some.get("average_depth").asDouble()).isZero();
    }
}
