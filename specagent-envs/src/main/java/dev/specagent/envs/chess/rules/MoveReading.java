package dev.specagent.envs.chess.rules;

import java.util.Optional;

/**
 * What a written move names at a {@link Position}: the one legal move it names, in UCI, or why it names none,
 * worded to follow the move as written ({@code "[Nd2] " + problem()}: "is ambiguous in this position: it could be
 * b1d2 or f3d2").
 *
 * @param uci     the legal move, or null
 * @param problem why there is none (not a legal move, ambiguous, a promotion without its piece), or null
 */
public record MoveReading(String uci, String problem) {

    static final String NOT_LEGAL = "is not a valid move in this position";

    public MoveReading {
        if ((uci == null) == (problem == null)) {
            throw new IllegalArgumentException("a move reading has either a move or a problem");
        }
    }

    static MoveReading legal(String uci) {
        return new MoveReading(uci, null);
    }

    static MoveReading refused(String problem) {
        return new MoveReading(null, problem);
    }

    /** The legal move in UCI, if the text names exactly one. */
    public Optional<String> move() {
        return Optional.ofNullable(uci);
    }
}
