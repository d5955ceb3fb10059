package dev.specagent.core.planning.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Policy names: every form with parameters and every fixed name resolves to a policy of that name; a name of a
 * known form with a malformed part is refused naming the name and the part; any other name is unknown, with the
 * known forms listed.
 */
class PolicyNamesTest {

    @Test
    void everyFormAndFixedNameResolvesToAPolicyOfThatName() {
        List<String> names = new ArrayList<>(List.of("fix-1", "fix-20", "dyn-sched-v0.3-d0.1",
                "dyn-sched-v0.1-l0.01-d0.005", "dyn-sched-v0.01-d0.01-w4-e", "dyn-tsched-v0.0003-d0.0001",
                "dyn-tpsched-v0.05-l0.01-d0.005-w4-e", "rate-oracle-theta0.25", "clf-oracle-sched-v0.3-fnr0.02-fpr0.2-e",
                "clf-oracle-sched-v1-fnr0-fpr1", "rate-oracle-sched-v0.1", "partial-oracle-sched-v0.5-d0.1-w4",
                "bayes-oracle-sched-v1", "rate-oracle-sched-v1.0-l1-d0.5"));
        PolicySpec.paperRows().forEach(p -> names.add(p.name()));
        PolicySpec.ourRows().forEach(p -> names.add(p.name()));
        for (String name : names) {
            assertThat(PolicySpec.named(name).name()).isEqualTo(name);
            assertThat(PolicySpec.byName(name)).isPresent();
        }
    }

    @Test
    void aMalformedPartIsNamedWithThePolicy() {
        Map<String, String> why = Map.ofEntries(
                Map.entry("dyn-tsched-vx-d0.05", "dyn-tsched-vx-d0.05: in 'vx', the verify gate 'x' is not a number"),
                Map.entry("dyn-tpsched-v0.005-d0.0x5", "in 'd0.0x5', the draft gate '0.0x5' is not a number"),
                Map.entry("dyn-sched-v1.5-d0.1", "in 'v1.5', the verify gate must be in (0, 1), not 1.5"),
                Map.entry("dyn-sched-v0.1-d0.1234567", "the draft gate 0.1234567 has more than 6 decimals"),
                Map.entry("dyn-sched-v0.1-d0.1-w9", "in 'w9', the window must be in 1..8, not 9"),
                Map.entry("dyn-sched-v0.1-d0.1-wx", "the window 'x' is not a whole number"),
                Map.entry("dyn-sched-v0.1", "dyn-sched-v0.1: the draft gate (-d<draft gate>) is missing from "
                        + "dyn-sched-v<verify gate>[-l<late gate>]-d<draft gate>[-w<window>][-e]"),
                Map.entry("dyn-sched-v0.1-x3-d0.05", "'x3' is not a part of dyn-sched-v<verify gate>"),
                Map.entry("dyn-sched-d0.05-v0.1", "'v0.1' is out of place (or given twice)"),
                Map.entry("dyn-tsched-v0.01-d0.1", "the draft gate 0.1 is above the verify gate 0.01"),
                Map.entry("dyn-sched-v0.1-l0.2-d0.05", "the late gate 0.2 is above the verify gate 0.1"),
                Map.entry("fix-x", "fix-x: the depth k 'x' is not a whole number"),
                Map.entry("fix-25", "fix-25: the depth k must be in 1..20, not 25"),
                Map.entry("fix-007", "fix-007: the depth k '007' has a leading zero; write fix-7"),
                Map.entry("fix-+3", "fix-+3: the depth k '+3' is not a whole number"),
                Map.entry("fix-3.", "fix-3.: the depth k '3.' is not a whole number"),
                Map.entry("dyn-sched-v00.1-d0.05", "dyn-sched-v00.1-d0.05: in 'v00.1', the verify gate '00.1' has a "
                        + "leading zero; write dyn-sched-v0.1-d0.05"),
                Map.entry("dyn-sched-v0.1-d0.05-w04", "in 'w04', the window '04' has a leading zero; write "
                        + "dyn-sched-v0.1-d0.05-w4"),
                Map.entry("rate-oracle-theta1", "in 'theta1', the theta must be in (0, 1), not 1"),
                Map.entry("clf-oracle-sched-v0.3-fnr0.02", "the false alarm rate (-fpr<false alarm rate>) is missing"),
                Map.entry("partial-oracle-sched-v0.5-dx", "in 'dx', the draft gate 'x' is not a number"));
        why.forEach((name, message) -> {
            assertThatThrownBy(() -> PolicySpec.named(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message).hasMessageNotContaining("unknown policy");
            assertThat(PolicySpec.byName(name)).as(name).isEmpty();
        });
    }

    @Test
    void aNameOfNoKnownFormIsUnknownAndTheKnownFormsAreListed() {
        for (String name : List.of("nonsense", "dyn-tau0.x", "dyn-xsched-v0.01-d0.01", "fixed-2")) {
            assertThatThrownBy(() -> PolicySpec.named(name)).as(name)
                    .hasMessageStartingWith("unknown policy '" + name + "'; known: fix-<k> (k in 1..20), dyn-sched-v");
            assertThat(PolicySpec.byName(name)).isEmpty();
        }
    }
}
