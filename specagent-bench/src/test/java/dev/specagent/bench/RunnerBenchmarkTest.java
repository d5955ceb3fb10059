package dev.specagent.bench;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.RunFigures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarked runs do what the benchmark claims: the speculator's right guesses become hits on both clocks. */
class RunnerBenchmarkTest {

    @Test
    void speculativePoliciesHitOnTheSimulatedClock() {
        assertThat(figures("algorithm1", new SimulatedClock(1), false).hitRate()).isEqualTo(0.5);
        assertThat(figures("chained", new SimulatedClock(1), false).hitRate()).isGreaterThan(0.99);
    }

    @Test
    void speculativePoliciesHitOnTheRealClock() {
        try (RealClock clock = new RealClock()) {
            RunFigures sequential = figures("sequential", clock, true);
            RunFigures algorithm1 = figures("algorithm1", clock, true);
            RunFigures chained = figures("chained", clock, true);
            assertThat(sequential.committedCalls()).isEqualTo(RunnerBenchmark.STEPS);
            assertThat(algorithm1.hitRate()).isEqualTo(0.5);
            assertThat(chained.hitRate()).as("a race with the actor's thread may lose a few").isGreaterThan(0.5);
            assertThat(chained.averageDepth()).isGreaterThan(1.0);
        }
    }

    private static RunFigures figures(String policy, Clock clock, boolean realThreads) {
        return RunnerBenchmark.runner(policy, clock, realThreads).run().figures();
    }
}
