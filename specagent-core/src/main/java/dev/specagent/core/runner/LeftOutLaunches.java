package dev.specagent.core.runner;

import dev.specagent.core.call.Call;

import java.util.HashMap;
import java.util.Map;

/**
 * The speculative launches a run left out, each counted once. A launch is a speculator's proposal about one call
 * node, or a branch below one call node to one call; it is left out when a limit ({@link LaunchBudget.Limit})
 * refused it and no later attempt started it (or, for a branch, joined a live call with its key). The runner retries
 * a refused launch when its node moves up after a commit, when its node is adopted and its guesses are judged again,
 * and when a branch finishes and continues with its own value; a refused launch therefore counts once however often
 * it is retried, is no longer counted once a retry starts it, and counts under the limit that refused it last.
 * What is refused at a node is remembered on the node ({@link CallNode#leftOut}), so it goes with the node.
 * Confined to the event loop.
 */
final class LeftOutLaunches {

    /** What a limit refused at one node and nothing has started since; allocated at the node's first refusal. */
    static final class AtNode {
        /** The limit that last refused the node's proposal; null when none did, or a retry started it. */
        LaunchBudget.Limit proposal;
        /** The limit that last refused each branch below the node, by the branch's call; null until one is refused. */
        Map<Call, LaunchBudget.Limit> branches;
    }

    private long atInFlightCap;
    private long overSpendBudget;

    /** {@code limit} refused the proposal about {@code node}. */
    void proposalRefused(CallNode<?> node, LaunchBudget.Limit limit) {
        AtNode at = at(node);
        count(at.proposal, limit);
        at.proposal = limit;
    }

    /** The proposal about {@code node} started: if a limit refused it before, it is no longer left out. */
    void proposalStarted(CallNode<?> node) {
        AtNode at = node.leftOut;
        if (at != null && at.proposal != null) {
            count(at.proposal, null);
            at.proposal = null;
        }
    }

    /** {@code limit} refused the branch to {@code call} below {@code parent}. */
    void branchRefused(CallNode<?> parent, Call call, LaunchBudget.Limit limit) {
        AtNode at = at(parent);
        if (at.branches == null) {
            at.branches = new HashMap<>();
        }
        count(at.branches.put(call, limit), limit);
    }

    /** The branch to {@code call} below {@code parent} started or joined a live call: it is no longer left out. */
    void branchStarted(CallNode<?> parent, Call call) {
        AtNode at = parent.leftOut;
        if (at != null && at.branches != null) {
            LaunchBudget.Limit before = at.branches.remove(call);
            if (before != null) {
                count(before, null);
            }
        }
    }

    /** Distinct launches left out because {@link RunLimits#maxInFlight()} attempts were in flight. */
    long atInFlightCap() {
        return atInFlightCap;
    }

    /** Distinct launches left out because their estimated maximum cost did not fit the speculative spend budget. */
    long overSpendBudget() {
        return overSpendBudget;
    }

    private static AtNode at(CallNode<?> node) {
        if (node.leftOut == null) {
            node.leftOut = new AtNode();
        }
        return node.leftOut;
    }

    /** Moves one launch from the count of {@code before} (none when null) to that of {@code now} (none when null). */
    private void count(LaunchBudget.Limit before, LaunchBudget.Limit now) {
        if (before == now) {
            return;
        }
        if (before != null) {
            add(before, -1);
        }
        if (now != null) {
            add(now, 1);
        }
    }

    private void add(LaunchBudget.Limit limit, int delta) {
        switch (limit) {
            case IN_FLIGHT -> atInFlightCap += delta;
            case SPEND -> overSpendBudget += delta;
        }
    }
}
