package dev.specagent.core.ledger;

import dev.specagent.core.clock.Clock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The figures every run reports, all computed from ledger entries. The <em>committed authority calls</em> are the
 * entries of an authority role ({@link Role#ACTOR}, {@link Role#BRANCH}, {@link Role#TARGET}) whose fate is
 * {@link Fate#COMMITTED}: the calls whose results make up the trajectory or plan, one per committed step.
 *
 * <p>Counts named <em>calls</em> ({@code committedCalls}, {@code hits}) are of the committed authority calls only;
 * counts named <em>attempts</em> are of every entry, whatever its role (actor, branch, target, speculator,
 * approximation, predictor), and split it by fate: {@code committedAttempts + wastedAttempts + cancelledAttempts ==
 * attempts}. {@code committedAttempts} exceeds {@code committedCalls} by the confirmed guesses, accepted drafts and
 * depth entries, which end {@link Fate#COMMITTED} without being authority calls.
 *
 * @param sequentialSeconds  seconds: the sum of the durations of the committed authority calls, which is what the
 *                           plain sequential run spends waiting on the same calls
 * @param speculativeSeconds seconds from the first start to the last end of any entry (also {@link #wallSeconds()}):
 *                           the run's wall time whatever its policy, so a sequential run's measured time is its
 *                           {@code wallSeconds()}, and its {@code sequentialSeconds} is about the same
 * @param savedPct           percent, {@code 100 × (sequentialSeconds − speculativeSeconds) / sequentialSeconds}: the
 *                           time this run saved against waiting for its committed calls one after the other (negative
 *                           when it took longer); 0, never NaN, when {@code sequentialSeconds} is 0 (no committed
 *                           calls, or only instant ones), which is no measurement: a caller printing it for such a run
 *                           prints "-" (or JSON null), as the demo's table does
 * @param hitRate            a fraction from 0 to 1, not a percentage: {@code hits / committedCalls} (0 without
 *                           committed calls)
 * @param committedCalls     how many committed authority calls there are
 * @param hits               how many committed calls were speculative branches ({@link Role#BRANCH}): calls whose
 *                           result a branch launched on a guess had, or was computing, when the committed path reached
 *                           them
 * @param attempts           how many entries there are, of every role and fate (retries, speculator calls, drafts and
 *                           the planner's zero-length depth entries included)
 * @param promptTokens       prompt tokens of every entry, whatever its role and fate (a cancelled call counts what it
 *                           reported up to the cancel)
 * @param completionTokens   generated tokens of every entry, counted as {@code promptTokens} is
 * @param costUsd            US dollars spent by every entry, whatever its role and fate: the run's bill
 * @param sequentialCostUsd  US dollars spent by the committed authority calls: what the plain sequential run pays for
 *                           the same calls
 * @param unnecessaryCostUsd US dollars, {@code costUsd − sequentialCostUsd} (never below 0): the cost of every entry
 *                           that is not a committed authority call (speculator calls, wrong or cancelled branches,
 *                           drafts, failed attempts): what speculation added to the sequential run's bill, plus any
 *                           failed attempt the runner made again (which a sequential run meeting the same failure
 *                           would pay too)
 * @param committedAttempts  how many entries ended {@link Fate#COMMITTED}, of every role: the committed authority
 *                           calls and the speculator calls, drafts and depth entries whose work was used
 * @param wastedAttempts     how many entries ended {@link Fate#WASTED}, of every role: finished or failed, but not
 *                           used
 * @param cancelledAttempts  how many entries ended {@link Fate#CANCELLED}, of every role: stopped before they
 *                           finished
 * @param peakConcurrency    the most entries in flight at one instant, of every role (one ending at t does not overlap
 *                           one starting at t; 1 for a ledger of zero-length entries only, 0 for an empty one)
 * @param averageDepth       the mean speculative depth of the {@link Role#BRANCH} and {@link Role#APPROXIMATION}
 *                           entries (0 without any: see {@code depthEntries})
 * @param depthEntries       how many {@link Role#BRANCH} and {@link Role#APPROXIMATION} entries {@code averageDepth}
 *                           is the mean of; 0 when nothing was speculated, which makes {@code averageDepth} no
 *                           measurement (printed "n/a", JSON null)
 */
public record RunFigures(double sequentialSeconds, double speculativeSeconds, double savedPct, double hitRate,
                         long committedCalls, long hits, long attempts,
                         long promptTokens, long completionTokens, double costUsd,
                         double sequentialCostUsd, double unnecessaryCostUsd,
                         long committedAttempts, long wastedAttempts, long cancelledAttempts,
                         int peakConcurrency, double averageDepth, long depthEntries) {

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
        long committedAny = 0;
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
            switch (e.fate()) {
                case COMMITTED -> committedAny++;
                case WASTED -> wasted++;
                case CANCELLED -> cancelled++;
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
                prompt, completion, cost, seqCost, Math.max(0, cost - seqCost), committedAny, wasted, cancelled,
                peakConcurrency(entries), depthCount > 0 ? (double) depthSum / depthCount : 0, depthCount);
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
