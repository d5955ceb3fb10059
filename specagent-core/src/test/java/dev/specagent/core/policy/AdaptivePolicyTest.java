package dev.specagent.core.policy;

import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Call;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** {@link AdaptivePolicy}'s choice, against the rule its Javadoc states. */
class AdaptivePolicyTest {

    private static BranchCandidate candidate(String name, double routeConfidence, double latency, double cost) {
        return new BranchCandidate(Guess.of(name, routeConfidence), Call.of(name), new Estimate(latency, cost, cost), 1,
                routeConfidence);
    }

    @Test
    void branchesAreOpenedInOrderOfConfidence() {
        var low = candidate("low", 0.2, 1, 0);
        var high = candidate("high", 0.7, 1, 0);
        var mid = candidate("mid", 0.5, 1, 0);
        assertThat(new AdaptivePolicy(3, 2, 0.01, 0).choose(List.of(low, high, mid))).containsExactly(high, mid, low);
    }

    /** "Branches whose route is less likely than this are never opened": one exactly at the floor is. */
    @Test
    void aRouteAtTheConfidenceFloorIsOpenedAndOneWithoutConfidenceNever() {
        var atFloor = candidate("at", 0.5, 1, 0);
        var below = candidate("below", 0.4999, 1, 0);
        assertThat(new AdaptivePolicy(2, 2, 0.01, 0.5).choose(List.of(atFloor, below))).containsExactly(atFloor);
        assertThat(new AdaptivePolicy(2, 2, 0.01, 0).choose(List.of(candidate("none", 0, 1, 0)))).isEmpty();
    }

    /** A branch is opened only when its expected value outweighs its cost: not when they are equal. */
    @Test
    void aBranchWorthExactlyItsCostIsNotOpened() {
        // 0.5 × 2 s × USD 1/s = USD 1
        assertThat(new AdaptivePolicy(1, 2, 1.0, 0).choose(List.of(candidate("even", 0.5, 2, 1.0)))).isEmpty();
        assertThat(new AdaptivePolicy(1, 2, 1.0, 0).choose(List.of(candidate("worth", 0.5, 2, 0.99)))).hasSize(1);
    }

    @Test
    void aFreeSecondAndTheEndsOfTheConfidenceRangeAreAccepted() {
        assertThatCode(() -> new AdaptivePolicy(1, 1, 0, 0)).doesNotThrowAnyException();
        assertThatCode(() -> new AdaptivePolicy(1, 1, 0, 1)).doesNotThrowAnyException();
    }
}
