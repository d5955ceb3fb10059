package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
    }
}
