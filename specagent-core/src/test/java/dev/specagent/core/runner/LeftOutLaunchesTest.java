package dev.specagent.core.runner;

import dev.specagent.core.call.Call;
import org.junit.jupiter.api.Test;

import static dev.specagent.core.runner.LaunchBudget.Limit.IN_FLIGHT;
import static dev.specagent.core.runner.LaunchBudget.Limit.SPEND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LeftOutLaunches} counts each refused launch once, under the limit that refused it last, and not at all once
 * it started; a launch is a proposal about one node, or a branch below one node to one call.
 */
class LeftOutLaunchesTest {

    private static final Call X = Call.of("step", "t", 1);
    private static final Call Y = Call.of("step", "t", 2);

    private static CallNode<String> node(Call call) {
        return new CallNode<>(call, "state", new CallNode.Key(call, 0), null, null, 1, 1.0, 1.0, true, 0);
    }

    @Test
    void aProposalRefusedAgainAndAgainCountsOnce() {
        LeftOutLaunches leftOut = new LeftOutLaunches();
        CallNode<String> n = node(X);
        leftOut.proposalRefused(n, IN_FLIGHT);
        leftOut.proposalRefused(n, IN_FLIGHT);
        leftOut.proposalRefused(n, IN_FLIGHT);
        assertThat(leftOut.atInFlightCap()).isEqualTo(1);
        assertThat(leftOut.overSpendBudget()).isZero();
    }

    @Test
    void aLaunchStartedAfterARefusalIsNotLeftOut() {
        LeftOutLaunches leftOut = new LeftOutLaunches();
        CallNode<String> n = node(X);
        leftOut.proposalRefused(n, IN_FLIGHT);
        leftOut.branchRefused(n, Y, SPEND);
        leftOut.proposalStarted(n);
        leftOut.branchStarted(n, Y);
        assertThat(leftOut.atInFlightCap()).isZero();
        assertThat(leftOut.overSpendBudget()).isZero();
        // starting again (a join, say) after that takes nothing off
        leftOut.proposalStarted(n);
        leftOut.branchStarted(n, Y);
        assertThat(leftOut.atInFlightCap()).isZero();
        assertThat(leftOut.overSpendBudget()).isZero();
    }

    @Test
    void aLaunchCountsUnderTheLimitThatRefusedItLast() {
        LeftOutLaunches leftOut = new LeftOutLaunches();
        CallNode<String> n = node(X);
        leftOut.branchRefused(n, Y, IN_FLIGHT);
        leftOut.branchRefused(n, Y, SPEND);
        assertThat(leftOut.atInFlightCap()).isZero();
        assertThat(leftOut.overSpendBudget()).isEqualTo(1);
        leftOut.branchRefused(n, Y, IN_FLIGHT);
        assertThat(leftOut.atInFlightCap()).isEqualTo(1);
        assertThat(leftOut.overSpendBudget()).isZero();
    }

    @Test
    void distinctLaunchesCountApart() {
        LeftOutLaunches leftOut = new LeftOutLaunches();
        CallNode<String> a = node(X);
        CallNode<String> b = node(X);
        leftOut.proposalRefused(a, IN_FLIGHT);
        leftOut.proposalRefused(b, IN_FLIGHT); // another node, though of the same call
        leftOut.branchRefused(a, X, IN_FLIGHT);
        leftOut.branchRefused(a, Y, IN_FLIGHT);
        leftOut.branchRefused(b, Y, IN_FLIGHT); // the same call below another node
        assertThat(leftOut.atInFlightCap()).isEqualTo(5);
        leftOut.branchStarted(b, Y);
        assertThat(leftOut.atInFlightCap()).as("only b's branch to Y started").isEqualTo(4);
    }
}
