package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.chess.rules.Position;

import java.util.List;

/**
 * A fast guesser of the move the player to move will make: up to k legal UCI moves, best first,
 * with confidences. Asynchronous and cancellable; a guesser that cannot guess reports an empty list.
 */
public interface MoveGuesser {

    /** Starts guessing at {@code position} for speculation; the guesses go to {@code done}. */
    CallHandle guess(Position position, int k, Clock clock, Completion<List<Guess>> done);

    /**
     * Starts guessing at {@code position} as speculation or, when not {@code speculative}, as a search measured alone
     * outside a game (a guesser sharing engines with speculation then searches at the committed path's priority); by
     * default the same guess.
     */
    default CallHandle guess(Position position, int k, boolean speculative, Clock clock,
                             Completion<List<Guess>> done) {
        return guess(position, k, clock, done);
    }

    String describe();

    default Estimate estimate() {
        return Estimate.UNKNOWN;
    }
}
