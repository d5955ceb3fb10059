package dev.specagent.envs.retail.speculate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The values no transcript supplied: scored by their share of the parameter's fills, enum values with a prior. */
class ConstantValuesTest {

    @Test
    void aValueScoresByHowOftenTheParameterTookItWithoutASource() {
        ConstantValues constants = new ConstantValues();
        for (int i = 0; i < 6; i++) {
            constants.observe("cancel", "reason", "\"no longer needed\"", false);
        }
        constants.observe("cancel", "reason", "\"ordered by mistake\"", false);
        constants.observe("cancel", "reason", "\"#W1\"", true); // sourced from the transcript: no constant
        var scores = constants.scores("cancel", "reason", List.of(), 2.0);
        assertThat(scores).containsOnlyKeys("\"no longer needed\"", "\"ordered by mistake\"");
        assertThat(scores.get("\"no longer needed\"")).isGreaterThan(scores.get("\"ordered by mistake\"") * 3);
    }

    @Test
    void anotherToolsParameterOfTheSameNameLendsItsValuesAndEnumValuesStartWithAPrior() {
        ConstantValues constants = new ConstantValues();
        constants.observe("book", "cabin", "\"economy\"", false);
        var scores = constants.scores("upgrade", "cabin", List.of("economy", "business"), 2.0);
        assertThat(scores).containsOnlyKeys("\"economy\"", "\"business\"");
        assertThat(scores.get("\"economy\"")).isGreaterThan(scores.get("\"business\""));
        assertThat(new ConstantValues().scores("book", "cabin", List.of(), 2.0)).isEmpty();
    }
}
