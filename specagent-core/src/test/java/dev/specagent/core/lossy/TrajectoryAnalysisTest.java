package dev.specagent.core.lossy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrajectoryAnalysisTest {

    static List<MetricSample> series(double... values) {
        List<MetricSample> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new MetricSample((long) ((i + 1) * 1e9), values[i], 1, true));
        }
        return out;
    }

    @Test
    void convergesWhenTheRollingMedianStaysNearTheSettledLevel() {
        List<MetricSample> s = series(100, 100, 90, 60, 40, 35, 36, 80, 34, 35, 34, 36, 35, 34, 35, 35);
        assertThat(TrajectoryAnalysis.settledLevel(s, 0, 100).getAsDouble()).isEqualTo(35);
        // readings 5..: 40 is within 15 % of 35? 40.25 limit -> the median of (60, 40, 35) = 40 is within
        assertThat(TrajectoryAnalysis.convergenceSeconds(s, 0, 100, 0.15).getAsDouble()).isEqualTo(4.0);
        assertThat(TrajectoryAnalysis.meanMetric(s, 0, 3.5).getAsDouble()).isCloseTo(96.67, within(0.01));
    }

    @Test
    void aLateRelapseMovesConvergenceLater() {
        List<MetricSample> s = series(35, 35, 35, 35, 90, 90, 90, 35, 35, 35, 35, 35);
        assertThat(TrajectoryAnalysis.convergenceSeconds(s, 0, 100, 0.15).getAsDouble()).isEqualTo(7.0);
    }

    @Test
    void emptyWindowsGiveNothing() {
        assertThat(TrajectoryAnalysis.meanMetric(series(1, 2), 10, 20)).isEmpty();
        assertThat(TrajectoryAnalysis.convergenceSeconds(series(1, 2), 0, 20, 0.1)).isEmpty();
    }

    @Test
    void aWindowHoldsItsStartAndNotItsEnd() {
        assertThat(TrajectoryAnalysis.meanMetric(series(1, 2, 3, 4), 2, 4).getAsDouble()).isEqualTo(2.5);
        assertThat(TrajectoryAnalysis.window(series(1, 2, 3, 4), 2, 4)).extracting(MetricSample::seconds)
                .containsExactly(2.0, 3.0);
        assertThat(TrajectoryAnalysis.settledLevel(series(1, 2), 10, 20)).isEmpty();
    }

    @Test
    void theSettledLevelOfAnEvenLastQuarterIsTheMeanOfItsMiddleReadings() {
        assertThat(TrajectoryAnalysis.settledLevel(series(90, 80, 70, 60, 50, 45, 30, 40), 0, 100).getAsDouble())
                .isEqualTo(35);
    }

    @Test
    void threeReadingsAreEnoughToConverge() {
        assertThat(TrajectoryAnalysis.convergenceSeconds(series(50, 40, 40), 0, 100, 0.1)).hasValue(1.0);
    }

    /** The time is counted from the window's start, not from the start of the run. */
    @Test
    void theTimeToConvergeIsCountedFromTheWindowsStart() {
        List<MetricSample> s = series(90, 90, 35, 35, 35, 35, 35, 35);
        assertThat(TrajectoryAnalysis.convergenceSeconds(s, 0.5, 100, 0.1).getAsDouble()).isCloseTo(1.5, within(1e-12));
    }

    /** A rolling median exactly at the limit counts as converged ("at or below"). */
    @Test
    void aRollingMedianAtTheLimitHasConverged() {
        assertThat(TrajectoryAnalysis.convergenceSeconds(series(90, 35, 35, 35, 35, 35, 35, 35), 0, 100, 0))
                .hasValue(1.0);
    }

    /** A loop that got worse in its last readings has not converged while a full rolling window of them remains. */
    @Test
    void aRelapseInTheLastRollingWindowCounts() {
        assertThat(TrajectoryAnalysis.convergenceSeconds(series(50, 50, 50, 50, 50, 50, 10), 0, 100, 0.1))
                .hasValue(6.0);
    }
}
