package dev.specagent.core.planning.sweep;

import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.SpeculativePlanner;

import java.util.List;

/**
 * One policy planned over every task of a sweep.
 *
 * @param policy        the policy's name
 * @param figures       the run's figures, from its ledger
 * @param averageDepth  K: the mean depth chosen per episode (the depth field of the ledger's predictor entries)
 * @param plans         the committed plan of each task
 * @param lossless      whether every plan was produced with an exact matcher
 * @param ledger        every call attempt of the run, which {@code figures} were computed from (for timelines)
 */
public record PolicyRun(String policy, RunFigures figures, double averageDepth, List<PlanResult> plans,
                        boolean lossless, List<LedgerEntry> ledger) {

    public PolicyRun {
        plans = List.copyOf(plans);
        ledger = List.copyOf(ledger);
    }

    /** The run of {@code policy} whose calls are in {@code ledger} and whose plans are {@code plans}. */
    public static PolicyRun of(String policy, Ledger ledger, List<PlanResult> plans) {
        List<LedgerEntry> entries = ledger.entries();
        return new PolicyRun(policy, RunFigures.of(entries), averageEpisodeDepth(entries), plans,
                plans.stream().allMatch(PlanResult::lossless), entries);
    }

    /** K of a ledger: the mean depth of its episodes' depth entries ({@link Role#PREDICTOR}, one per episode). */
    public static double averageEpisodeDepth(List<LedgerEntry> entries) {
        return entries.stream().filter(e -> e.role() == Role.PREDICTOR && e.label().equals(SpeculativePlanner.DEPTH_LABEL))
                .mapToInt(LedgerEntry::depth).average().orElse(0);
    }
}
