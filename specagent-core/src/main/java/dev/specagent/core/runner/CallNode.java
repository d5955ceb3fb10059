package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.sandbox.Fork;
import dev.specagent.core.sandbox.View;

import java.util.ArrayList;
import java.util.List;

/**
 * A launched call of the authority, on the committed path or on a branch: a node of the run's branch tree, whose
 * children are the calls launched on guesses of its value. Plain data, confined to the event loop.
 *
 * @param <S> the agent's state type
 */
final class CallNode<S> {

    /** What a node is cached under: the call and the version of the environment it acts on. */
    record Key(Call call, long baseVersion) {
    }

    /**
     * {@code RUNNING}: in flight; {@code DONE}: its value is known, not yet committed or dropped; {@code FAILED}: its
     * last attempt failed and is being ended; {@code ENDED}: committed or dropped, nothing more happens to it.
     */
    enum Status { RUNNING, DONE, FAILED, ENDED }

    final Call call;
    /**
     * The agent state the call follows from, which guesses of its value are judged from: on a branch a guessed
     * state, which may differ from the committed one even where the call is the same (a guess that led to
     * the right call but is not the actual value, kept in the agent's state); the committed state from the
     * moment the call is on the committed path.
     */
    S state;
    final Key key;
    final View view;
    final Fork fork;
    /** The confidence of the guess this branch follows from (1 on the committed path). */
    final double guessConfidence;
    /** The product of the guess confidences from the frontier to here; re-levelled as the frontier moves. */
    double routeConfidence;
    final double reservedUsd;
    int depth;
    Status status = Status.RUNNING;
    boolean speculative;
    Ledger.Attempt attempt;
    CallHandle handle;
    EventCompletion<JsonNode> completion;
    Clock.Timer timeout;
    int attempts;
    Outcome outcome;
    final List<CallNode<S>> children = new ArrayList<>();
    Proposal proposal;
    /** What a limit refused to launch at this node (its proposal, branches below it); null while nothing was. */
    LeftOutLaunches.AtNode leftOut;
    boolean continued;
    /** The last collect pass that found this node reachable from the frontier. */
    long reachedIn;

    CallNode(Call call, S state, Key key, View view, Fork fork, int depth, double routeConfidence,
             double guessConfidence, boolean speculative, double reservedUsd) {
        this.call = call;
        this.state = state;
        this.key = key;
        this.view = view;
        this.fork = fork;
        this.depth = depth;
        this.routeConfidence = routeConfidence;
        this.guessConfidence = guessConfidence;
        this.speculative = speculative;
        this.reservedUsd = reservedUsd;
    }

    /** The view that calls launched below this one act on. */
    View childView() {
        return fork != null ? fork : view;
    }
}
