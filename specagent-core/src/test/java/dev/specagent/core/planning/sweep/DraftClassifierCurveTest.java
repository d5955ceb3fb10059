package dev.specagent.core.planning.sweep;

import dev.specagent.core.planning.depth.DraftClassifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The FNR/FPR reading of a classifier's scores. */
class DraftClassifierCurveTest {

    @Test
    void readsTheFalseAlarmRateAtEachMissRate() {
        // 100 right drafts scored 0.00 .. 0.99; 10 wrong ones scored 0.005, 0.015, ..., 0.095 and one 0.5.
        List<Double> right = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            right.add(i / 100.0);
        }
        List<Double> wrong = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            wrong.add(0.005 + i / 100.0);
        }
        wrong.add(0.5);
        DraftClassifierCurve.Curve c = DraftClassifierCurve.curve(DraftClassifier.TARGET_POLICY, "all", right, wrong);
        // FNR 1%: threshold 0.01 holds 1 right draft (0.00); wrong ones >= 0.01: 0.015..0.095 (9) + 0.5 -> 10/11
        assertThat(c.fpr()[0]).isCloseTo(10.0 / 11, within(1e-12));
        // FNR 5%: threshold 0.05: wrong ones >= 0.05: 0.055..0.095 (5) + 0.5 -> 6/11
        assertThat(c.fpr()[3]).isCloseTo(6.0 / 11, within(1e-12));
        // FNR 30%: threshold 0.30: only 0.5
        assertThat(c.fpr()[6]).isCloseTo(1.0 / 11, within(1e-12));
        assertThat(c.right()).isEqualTo(100);
        assertThat(c.wrong()).isEqualTo(11);
        assertThat(c.auc()).isBetween(0.5, 1.0);
    }

    @Test
    void aucIsOneForSeparatedScoresAndHalfForTies() {
        assertThat(DraftClassifierCurve.curve(DraftClassifier.ACCEPTANCE, "all", List.of(0.8, 0.9), List.of(0.1, 0.2))
                .auc()).isEqualTo(1.0);
        DraftClassifierCurve.Curve ties = DraftClassifierCurve.curve(DraftClassifier.ACCEPTANCE, "all",
                List.of(0.5, 0.5), List.of(0.5));
        assertThat(ties.auc()).isEqualTo(0.5);
        assertThat(ties.fpr()[0]).as("every wrong draft ties the threshold and is verified").isEqualTo(1.0);
    }
}
