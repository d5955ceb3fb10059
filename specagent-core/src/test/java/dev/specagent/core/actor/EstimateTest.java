package dev.specagent.core.actor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An estimate that is not a number is refused where it is made, naming the field: a NaN maximum cost reserved against
 * the speculative budget would make every later budget check false, refusing all speculation for the rest of the run
 * as over budget, and a NaN latency or cost would make every adaptive choice false.
 */
class EstimateTest {

    @ParameterizedTest
    @CsvSource({"NaN, 0, 0, latency", "1, NaN, 1, cost", "1, 0, NaN, max cost", "-1, 0, 0, latency",
            "1, -1, 0, cost", "1, 2, 1, max cost"})
    void anEstimateThatIsNoNumberOrOutOfRangeIsRefusedNamingTheField(double latency, double cost, double max,
                                                                       String field) {
        assertThatThrownBy(() -> new Estimate(latency, cost, max)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad estimate").hasMessageContaining(field);
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 0", "2.5, 0.01, 0.02", "1, 0, Infinity"})
    void aNumberInRangeIsAnEstimate(double latency, double cost, double max) {
        assertThat(new Estimate(latency, cost, max).maxCostUsd()).isEqualTo(max);
    }
}
