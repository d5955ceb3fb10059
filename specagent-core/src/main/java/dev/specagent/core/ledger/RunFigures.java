package dev.specagent.core.ledger;

import dev.specagent.core.clock.Clock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The figures every run reports, all computed from ledger entries.
 *
 * <ul>
 *   <li>{@code sequentialSeconds}: the sum of the durations of the committed authority calls, which
 *       is what the plain sequential run spends waiting on the same calls;</li>
 *   <li>{@code speculativeSeconds} (also {@link #wallSeconds()}): from the first start to the last end of
 *       any attempt, that is the run's wall time whatever its policy (so a sequential run's measured time
 *       is its {@code wallSeconds()}, and its {@code sequentialSeconds} is about the same);</li>
 *   <li>{@code savedPct}: {@code 100 × (sequentialSeconds − speculativeSeconds) / sequentialSeconds},
 *       the time this run saved against waiting for its committed calls one after the other;</li>
 *   <li>{@code hitRate}: committed branch calls over all committed authority calls;</li>
 *   <li>{@code unnecessaryCostUsd}: the cost of every attempt that is not a committed authority call,
 *       that is, what speculation added to the sequential run's bill;</li>
 *   <li>{@code peakConcurrency}: the most attempts in flight at one instant;</li>
 *   <li>{@code averageDepth}: the mean speculative depth of the branch and approximation calls.</li>
 * </ul>
 */
public record RunFigures(double sequentialSeconds, double speculativeSeconds, double savedPct, double hitRate,
                         long committedCalls, long hits, long attempts,
                         long promptTokens, long completionTokens, double costUsd,
                         double sequentialCostUsd, double unnecessaryCostUsd,
                         long wastedAttempts, long cancelledAttempts,
                         int peakConcurrency, double averageDepth) {

    /** The run's wall time in seconds, whatever its policy: the same figure as {@code speculativeSeconds}. */
    public double wallSeconds() {
        return speculativeSeconds;
    }

    /** The figures of the given entries. */
    public static RunFigures of(Collection<LedgerEntry> entries) {
        long seqNanos = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long committed = 0;
        long hits = 0;
        long prompt = 0;
        long completion = 0;
        double cost = 0;
        double seqCost = 0;
        long wasted = 0;
        long cancelled = 0;
        long depthSum = 0;
        long depthCount = 0;
        for (LedgerEntry e : entries) {
            first = Math.min(first, e.startNanos());
            last = Math.max(last, e.endNanos());
            prompt += e.usage().promptTokens();
            completion += e.usage().completionTokens();
            cost += e.usage().costUsd();
            boolean committedAuthority = e.role().isAuthority() && e.fate() == Fate.COMMITTED;
            if (committedAuthority) {
                committed++;
                seqNanos += e.durationNanos();
                seqCost += e.usage().costUsd();
                if (e.role() == Role.BRANCH) {
                    hits++;
                }
            }
            if (e.fate() == Fate.WASTED) {
                wasted++;
            } else if (e.fate() == Fate.CANCELLED) {
                cancelled++;
            }
            if (e.role() == Role.BRANCH || e.role() == Role.APPROXIMATION) {
                depthSum += e.depth();
                depthCount++;
            }
        }
        double seq = Clock.seconds(seqNanos);
        double spec = entries.isEmpty() ? 0 : Clock.seconds(last - first);
        return new RunFigures(seq, spec, seq > 0 ? 100.0 * (seq - spec) / seq : 0,
                committed > 0 ? (double) hits / committed : 0, committed, hits, entries.size(),
                prompt, completion, cost, seqCost, Math.max(0, cost - seqCost), wasted, cancelled,
                peakConcurrency(entries), depthCount > 0 ? (double) depthSum / depthCount : 0);
    }

    /** The most intervals open at one instant; an interval ending at t does not overlap one starting at t. */
    static int peakConcurrency(Collection<LedgerEntry> entries) {
        List<long[]> events = new ArrayList<>(entries.size() * 2);
        for (LedgerEntry e : entries) {
            if (e.endNanos() > e.startNanos()) {
                events.add(new long[]{e.startNanos(), 1});
                events.add(new long[]{e.endNanos(), -1});
            }
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int peak = entries.isEmpty() ? 0 : 1;
        for (long[] ev : events) {
            open += (int) ev[1];
            peak = Math.max(peak, open);
        }
        return peak;
    }
}
