package dev.specagent.core.lossy;

import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.RunFigures;

import java.util.List;

/**
 * What a lossy run produced: every reading and write, the ledger of the agents' decisions (roles
 * {@code ACTOR} and {@code SPECULATOR}; a decision is {@code COMMITTED} when it was applied (a value
 * the system keeps as it is, after the envelope and its rounding, changes nothing and is no write),
 * {@code WASTED} when it failed or was superseded by a later actor write before it landed,
 * {@code CANCELLED} when the run ended first) and the figures computed from that ledger.
 *
 * @param samples       the readings, oldest first
 * @param writes        the writes, oldest first
 * @param ledger        the settled ledger entries
 * @param figures       tokens, cost and counts, from the ledger
 * @param originalValue the knob's value before the run (restored after it); NaN when the run never read it (its
 *                      clock refused the run)
 * @param seconds       how long the run lasted on its clock
 */
public record LossyResult(List<MetricSample> samples, List<KnobWrite> writes, List<LedgerEntry> ledger,
                          RunFigures figures, double originalValue, double seconds) {

    public LossyResult {
        samples = List.copyOf(samples);
        writes = List.copyOf(writes);
        ledger = List.copyOf(ledger);
    }
}
