package dev.specagent.envs.ostune.workload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SysbenchReportParserTest {

    @Test
    void readsTheP95OfInterimReportsOnly() {
        assertThat(SysbenchReportParser.p95("[ 1s ] thds: 4 eps: 4284.42 lat (ms,95%): 12.30")).hasValue(12.30);
        assertThat(SysbenchReportParser.p95("[ 12s ] thds: 3 eps: 344.58 lat (ms,95%): 42.61")).hasValue(42.61);
        assertThat(SysbenchReportParser.p95("         95th percentile:                        0.26")).isEmpty();
        assertThat(SysbenchReportParser.p95("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)")).isEmpty();
        assertThat(SysbenchReportParser.p95("[ 1s ] thds: 4 eps: 1.0 lat (ms,95%): ")).isEmpty();
    }

    /**
     * A second in which no event ended (the workload starved, or events longer than a second) has no p95: sysbench 1.0.20
     * prints 0.00 for it (measured: {@code sysbench cpu --cpu-max-prime=5000000 --report-interval=1}, 1.03 s events),
     * which was read as a 0 ms p95, the best reading possible, for the worst second.
     */
    @Test
    void aSecondInWhichNoEventEndedGivesNoReading() {
        assertThat(SysbenchReportParser.p95("[ 1s ] thds: 1 eps: 0.00 lat (ms,95%): 0.00")).isEmpty();
        assertThat(SysbenchReportParser.p95("[ 2s ] thds: 1 eps: 1.00 lat (ms,95%): 1032.01")).hasValue(1032.01);
        assertThat(SysbenchReportParser.p95("[ 3s ] thds: 3 eps: 0.40 lat (ms,95%): 2500.00")).hasValue(2500.0);
    }

    /** An infinite term was taken as positive, and every reading of the simulated workload was infinite. */
    @Test
    void aLatencyModelTermThatIsNotFiniteIsRefusedByName() {
        assertThatThrownBy(() -> new LatencyModel(Double.POSITIVE_INFINITY, 2.39, 5.35)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency model term switching must be finite and positive, got Infinity");
        assertThatThrownBy(() -> new LatencyModel(86, Double.POSITIVE_INFINITY, 5.35))
                .hasMessage("latency model term queueing must be finite and positive, got Infinity");
        assertThatThrownBy(() -> new LatencyModel(86, 2.39, Double.POSITIVE_INFINITY))
                .hasMessage("latency model term floor must be finite and at least 0, got Infinity");
        assertThatThrownBy(() -> new LatencyModel(86, 2.39, -1)).hasMessage("latency model term floor must be finite and at least 0, got -1.0");
        assertThatThrownBy(() -> new LatencyModel(Double.NaN, 2.39, 5.35)).hasMessageContaining("term switching");
        assertThatThrownBy(() -> new LatencyModel(86, 0, 5.35)).hasMessageContaining("term queueing");
        assertThat(new LatencyModel(86, 2.39, 0).p95(1)).isEqualTo(88.39);
    }

    @Test
    void theModelHasItsOptimumWhereItSays() {
        LatencyModel m = LatencyModel.DEFAULT;
        assertThat(m.p95(m.optimum())).isLessThan(m.p95(m.optimum() * 1.1)).isLessThan(m.p95(m.optimum() * 2));
        assertThat(m.p95(40)).isBetween(100.0, 106.0);
        assertThat(m.best()).isBetween(32.0, 36.0);
    }
}
