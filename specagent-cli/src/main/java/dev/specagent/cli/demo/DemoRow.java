package dev.specagent.cli.demo;

/**
 * One line of the demo's summary: an environment under a policy, how it ran (live, replayed records,
 * simulated), and its figures relative to the sequential baseline. A figure that is not finite is shown as
 * '-' (null in JSON).
 *
 * @param savedPct      time saved against sequential, in percent (NaN when the part claims no time, e.g. match rates only)
 * @param hitRate       share of committed calls served by a speculative branch, unless the part's note defines it
 *                      otherwise (prediction accuracy, accepted drafts, match rate); NaN when nothing was counted
 * @param extraCostPct  cost added by speculation (every call off the committed path), in percent of the sequential
 *                      cost (NaN when free or not claimed)
 * @param lossless      whether the committed trajectory was checked equal to the sequential one; null when not checked
 */
public record DemoRow(String environment, String policy, String mode, double savedPct, double hitRate,
                      double extraCostPct, Boolean lossless) {
}
