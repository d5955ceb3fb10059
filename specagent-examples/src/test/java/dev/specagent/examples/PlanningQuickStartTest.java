package dev.specagent.examples;

import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.FixedDepth;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanningQuickStartTest {

    @Test
    void theSpeculativePlanIsTheTargetsOwnWithItsChecksRunningTogether() {
        try (RealClock clock = new RealClock()) {
            Ledger targetOnlyLedger = new Ledger();
            Ledger speculativeLedger = new Ledger();
            PlanResult targetOnly = PlanningQuickStart.plan(FixedDepth.targetOnly(), clock, targetOnlyLedger);
            PlanResult speculative = PlanningQuickStart.plan(new FixedDepth(3), clock, speculativeLedger);

            assertThat(targetOnly.steps()).containsExactly("Image Denoising", "Image Captioning", "Translation",
                    PlanSteps.TERMINATE);
            assertThat(speculative.steps()).isEqualTo(targetOnly.steps());
            assertThat(speculative.lossless()).isTrue();
            // episode 1 accepts the denoising and captioning drafts and corrects the third (summarization); episode 2
            // accepts the draft of TERMINATE after the target's translation
            assertThat(speculative.episodes()).extracting(EpisodeRecord::accepted).containsExactly(2, 1);
            assertThat(speculativeLedger.entries()).filteredOn(e -> e.role() == Role.APPROXIMATION)
                    .filteredOn(e -> e.fate() != Fate.COMMITTED).as("the wrong draft is not committed").hasSize(1);
            // the target's checks ran at the same time, which target-only planning never does: read from the ledgers
            assertThat(CommittedCalls.overlap(speculativeLedger.entries())).isTrue();
            assertThat(CommittedCalls.overlap(targetOnlyLedger.entries())).isFalse();
        }
    }

    @Test
    void mainPrintsThePlanAndThatItIsTheTargetsOwn() {
        String out = QuickStartTest.captured(() -> PlanningQuickStart.main(new String[0]));
        assertThat(out).contains("plan: Image Denoising -> Image Captioning -> Translation -> TERMINATE")
                .containsPattern("target-only \\d+\\.\\d\\d s, speculative \\d+\\.\\d\\d s: -?\\d+% of the time saved")
                .contains("drafts accepted: 3 of 4 steps; target checks overlapped: true")
                .contains("same plan as the target alone: true");
    }
}
