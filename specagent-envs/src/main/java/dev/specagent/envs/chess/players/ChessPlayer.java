package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.chess.rules.Position;

/**
 * A player that thinks at a position and answers a legal move in UCI: an engine or an LLM. Thinking
 * is asynchronous and cancellable, like an {@link dev.specagent.core.actor.Actor} call. Thread-safe.
 */
public interface ChessPlayer {

    /** Starts thinking at {@code position}; the move (legal there) is reported to {@code done}. */
    CallHandle play(Position position, Clock clock, Completion<String> done);

    /**
     * Starts thinking at {@code position} for the committed path or, when {@code speculative}, on a speculative
     * branch (a player sharing engines with speculation serves committed thinks first); by default the same think.
     */
    default CallHandle play(Position position, boolean speculative, Clock clock, Completion<String> done) {
        return play(position, clock, done);
    }

    /** Whether the same position always gives the same move (needed to check losslessness). */
    boolean deterministic();

    /** A short description, e.g. {@code stockfish nodes=100000}. */
    String describe();

    /** What one think is expected to take. */
    default Estimate estimate() {
        return Estimate.UNKNOWN;
    }
}
