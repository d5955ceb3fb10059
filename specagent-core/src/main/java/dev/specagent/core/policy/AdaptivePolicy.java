package dev.specagent.core.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Like {@link ChainedPolicy}, but branches are opened in order of confidence and only while the
 * probability that the branch's route is right, times the time it could save, times what a second is
 * worth, outweighs its expected cost:
 * {@code routeConfidence × latency × usdPerSecond > cost}. With free calls every guess with a
 * positive confidence is opened, down to the depth limit.
 */
public final class AdaptivePolicy implements SpeculationPolicy {

    private final int k;
    private final int maxDepth;
    private final double usdPerSecond;
    private final double minRouteConfidence;

    /**
     * @param usdPerSecond        what one second of the user's waiting is worth, in US dollars
     * @param minRouteConfidence  branches whose route is less likely than this are never opened
     */
    public AdaptivePolicy(int k, int maxDepth, double usdPerSecond, double minRouteConfidence) {
        this.k = Policies.requirePositiveK(k);
        this.maxDepth = Policies.requireDepthLimit(maxDepth);
        if (!(usdPerSecond >= 0)) {
            throw new IllegalArgumentException("usdPerSecond (the value of time) must be >= 0, got " + usdPerSecond);
        }
        if (!(minRouteConfidence >= 0 && minRouteConfidence <= 1)) {
            throw new IllegalArgumentException("minRouteConfidence (the confidence floor) must be in [0, 1], got "
                    + minRouteConfidence);
        }
        this.usdPerSecond = usdPerSecond;
        this.minRouteConfidence = minRouteConfidence;
    }

    @Override
    public String name() {
        return "adaptive";
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public boolean speculateOnCommitted(boolean adoptedFromBranch) {
        return true;
    }

    @Override
    public boolean speculateOnBranch(int depth) {
        return depth < maxDepth;
    }

    @Override
    public List<BranchCandidate> choose(List<BranchCandidate> candidates) {
        List<BranchCandidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(BranchCandidate::routeConfidence).reversed());
        List<BranchCandidate> chosen = new ArrayList<>();
        for (BranchCandidate c : sorted) {
            double value = c.routeConfidence() * c.estimate().latencySeconds() * usdPerSecond;
            boolean worthIt = c.routeConfidence() > 0 && c.routeConfidence() >= minRouteConfidence
                    && (c.estimate().costUsd() == 0 || value > c.estimate().costUsd());
            if (!worthIt) {
                break;
            }
            chosen.add(c);
        }
        return chosen;
    }
}
