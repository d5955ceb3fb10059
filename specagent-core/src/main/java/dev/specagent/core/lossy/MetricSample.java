package dev.specagent.core.lossy;

/**
 * One reading of the controlled system's metric (for OS tuning: the p95 latency of the last second).
 *
 * @param atNanos   when it was read, on the run's clock, from the start of the run
 * @param metric    the metric's value (lower is better)
 * @param knobValue the knob's value in force when it was read
 * @param steady    whether the knob kept that value over the interval the reading covers, but for its first
 *                  tenth (a change that early still counts as steady), so the reading measures that value alone
 *                  (a later write in the interval mixes two values)
 */
public record MetricSample(long atNanos, double metric, double knobValue, boolean steady) {

    /** The time in seconds from the start of the run. */
    public double seconds() {
        return atNanos / 1e9;
    }
}
