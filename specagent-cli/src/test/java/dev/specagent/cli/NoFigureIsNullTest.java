package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands driven where a figure is a ratio to nothing or a mean of nothing print it as null: their {@code --json}
 * output is read with a strict parser (Jackson's defaults refuse NaN and Infinity tokens) and holds no "NaN" or
 * "Infinity" string either, which a script reading a number could not use.
 */
class NoFigureIsNullTest {

    private static final JsonMapper STRICT = new JsonMapper();

    private static JsonNode strictJson(CliTestSupport.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("NaN").doesNotContain("Infinity");
        return STRICT.readTree(r.out());
    }

    @Test
    void dspDraftsOverTooFewDraftsToRankHasNullAucAndRates() throws Exception {
        JsonNode rows = strictJson(CliTestSupport.run("dsp", "drafts", "--world", "synthetic", "--tasks", "1", "--json"));
        assertThat(rows.size()).isPositive();
        for (JsonNode row : rows) {
            if (row.get("right").asInt() == 0 || row.get("wrong").asInt() == 0) {
                assertThat(row.get("auc").isNull()).as(row.toString()).isTrue();
                row.get("fpr_at_fnr").forEach(v -> assertThat(v.get("fpr").isNull()).as(row.toString()).isTrue());
            }
        }
    }

    @Test
    void ostuneOfOneSecondHasNullConvergenceAndReaction() throws Exception {
        JsonNode o = strictJson(CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "1",
                "--quiet", "--json"));
        for (String field : List.of("convergence_seconds", "settled_p95_ms", "perturb_at_seconds", "reaction_mean_p95_ms",
                "reaction_convergence_seconds")) {
            assertThat(o.has(field)).as(field).isTrue();
            assertThat(o.get(field).isNull()).as(field + " in " + o).isTrue();
        }
    }

    @Test
    void simulateOfOneStepPrintsFiniteRatios() throws Exception {
        JsonNode o = strictJson(CliTestSupport.run("simulate", "--p", "0", "--alpha", "1e6", "--beta", "1e6", "--steps",
                "1", "--runs", "1", "--json"));
        for (String field : List.of("algorithm1_ratio", "chained_ratio", "proposition1_ratio", "algorithm1_exact_ratio")) {
            assertThat(o.get(field).isNumber()).as(field + " in " + o).isTrue();
        }
    }
}
