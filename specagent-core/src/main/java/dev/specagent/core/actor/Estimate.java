package dev.specagent.core.actor;

/**
 * What a call is expected to take before it runs: mean latency in seconds, mean cost and an upper
 * bound of its cost in US dollars. The bound is what budget checks reserve, so it must not be
 * exceeded by the real call; an infinite bound says there is none (a finite speculative budget then never admits the
 * call). {@link #UNKNOWN} means free and instantaneous as far as anyone knows. No field may be NaN.
 */
public record Estimate(double latencySeconds, double costUsd, double maxCostUsd) {

    public static final Estimate UNKNOWN = new Estimate(0, 0, 0);

    public Estimate {
        // NaN fails these checks too: a NaN max cost reserved against the budget would refuse all later speculation
        if (!(latencySeconds >= 0) || !(costUsd >= 0) || !(maxCostUsd >= costUsd)) {
            throw new IllegalArgumentException("bad estimate: latency " + latencySeconds + " s, cost " + costUsd
                    + ", max cost " + maxCostUsd);
        }
    }
}
