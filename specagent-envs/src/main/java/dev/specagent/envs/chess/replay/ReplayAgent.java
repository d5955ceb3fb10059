package dev.specagent.envs.chess.replay;

import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;

import java.util.List;
import java.util.Optional;

/**
 * The chess agent of a replay: π(moves) is the call "the player to move thinks at the position these
 * moves reach", for the first {@code steps} plies; f appends the move.
 */
public final class ReplayAgent implements Agent<ReplayState> {

    /** The tool name of a think. */
    public static final String TOOL = "move";

    private final int steps;

    public ReplayAgent(int steps) {
        this.steps = steps;
    }

    /** The call that thinks at the position {@code state} reaches. */
    public static Call callAt(ReplayState state) {
        return Call.of(TOOL, "ply", state.moves().size(), "moves", String.join(" ", state.moves()));
    }

    @Override
    public ReplayState initialState() {
        return new ReplayState(List.of());
    }

    @Override
    public Optional<Call> nextCall(ReplayState state) {
        return state.moves().size() < steps ? Optional.of(callAt(state)) : Optional.empty();
    }

    @Override
    public ReplayState transition(ReplayState state, Outcome outcome) {
        return state.play(outcome.text());
    }
}
