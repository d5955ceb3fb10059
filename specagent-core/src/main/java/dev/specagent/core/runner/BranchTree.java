package dev.specagent.core.runner;

import dev.specagent.core.runner.CallNode.Key;
import dev.specagent.core.runner.CallNode.Status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's live calls, cached by {@link Key} (call and environment version), and which of them the frontier can still
 * reach: the nodes below the frontier form a tree (a graph where branches share a call), walked by {@link #sweep}.
 * It only answers reachability; ending what is unreachable and speculating on what moved up is the runner's
 * ({@link SweepActions}).
 * Confined to the event loop.
 *
 * @param <S> the agent's state type
 */
final class BranchTree<S> {

    private final Map<Key, CallNode<S>> live = new LinkedHashMap<>();
    /** Counts {@link #sweep} calls, to mark the nodes each one reaches. */
    private long sweepEpoch;

    /** The live node cached under {@code key}, or null. */
    CallNode<S> get(Key key) {
        return live.get(key);
    }

    /** Caches a launched node under its key. */
    void add(CallNode<S> node) {
        live.put(node.key, node);
    }

    /** Drops the node cached under {@code node}'s key. */
    void remove(CallNode<S> node) {
        live.remove(node.key);
    }

    /**
     * Walks the tree from {@code frontier} (none when null or ended), breadth first, through children neither ended
     * nor failed, re-levelling the route confidence of every node reached (the frontier's is 1); then removes each
     * live node not reached and hands it to {@code actions}, in the order the nodes were added; then hands it each
     * node reached, breadth first, with its depth below the frontier. The walk's findings are its own: a sweep that
     * {@code actions} start walks anew and does not change them.
     */
    void sweep(CallNode<S> frontier, SweepActions<S> actions) {
        // membership is a mark on the node rather than a map, since this runs after nearly every event; nothing
        // allocated here leaves this method, so that the JIT can keep it off the heap
        long epoch = ++sweepEpoch;
        List<CallNode<S>> reachable = new ArrayList<>(); // in breadth-first order: the list is the queue
        int[] depths = new int[16];
        if (frontier != null && frontier.status != Status.ENDED) {
            frontier.reachedIn = epoch;
            frontier.routeConfidence = 1.0;
            reachable.add(frontier);
            for (int i = 0; i < reachable.size(); i++) {
                CallNode<S> n = reachable.get(i);
                for (CallNode<S> child : n.children) {
                    if (child.status != Status.ENDED && child.status != Status.FAILED && child.reachedIn != epoch) {
                        child.reachedIn = epoch;
                        child.routeConfidence = n.routeConfidence * child.guessConfidence;
                        if (reachable.size() == depths.length) {
                            depths = Arrays.copyOf(depths, 2 * depths.length);
                        }
                        depths[reachable.size()] = depths[i] + 1;
                        reachable.add(child);
                    }
                }
            }
        }
        List<CallNode<S>> unreachable = new ArrayList<>();
        for (CallNode<S> n : live.values()) {
            if (n.reachedIn != epoch) {
                unreachable.add(n);
            }
        }
        for (CallNode<S> n : unreachable) {
            live.remove(n.key);
            actions.unreachable(n);
        }
        for (int i = 0; i < reachable.size(); i++) {
            actions.reached(reachable.get(i), depths[i]);
        }
    }

    /** What the runner does with a {@link #sweep}'s findings. */
    interface SweepActions<S> {
        /** {@code node} can no longer be reached from the frontier; it has just been removed from the tree. */
        void unreachable(CallNode<S> node);

        /** {@code node} is reachable, {@code depth} steps below the frontier (0: the frontier itself). */
        void reached(CallNode<S> node, int depth);
    }
}
