package dev.specagent.envs.chess.uci;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A search gave no {@code bestmove} within its timeout. The engine was sent {@code stop}; {@link #killed()}
 * says whether it still gave no {@code bestmove} within the stop grace and its process was killed. A search
 * that timed out fails even when {@code stop} made it answer, since its move is cut short and not the one its
 * limit asks for.
 */
public final class SearchTimeoutException extends IOException {

    private final Path engine;
    private final Duration timeout;
    private final SearchLimit limit;
    private final boolean killed;

    public SearchTimeoutException(Path engine, Duration timeout, SearchLimit limit, boolean killed) {
        this(engine, timeout, limit, killed, "", null);
    }

    private SearchTimeoutException(Path engine, Duration timeout, SearchLimit limit, boolean killed, String more,
                                   SearchTimeoutException cause) {
        super("the chess engine " + engine + " gave no bestmove within the search timeout of "
                + UciEngine.seconds(timeout) + " s (search limit " + limit + ")"
                + (killed ? "; it did not answer 'stop' either and was killed" : "; it was stopped") + more, cause);
        this.engine = engine;
        this.timeout = timeout;
        this.limit = limit;
        this.killed = killed;
    }

    /**
     * The failure of a later search of the same position that was not started, because this one hung there:
     * the same fields, the message saying so, this exception as its cause.
     */
    public SearchTimeoutException notSearchedAgain() {
        return new SearchTimeoutException(engine, timeout, limit, killed,
                " (an earlier search at this position; not searched again)", this);
    }

    /** The engine program. */
    public Path engine() {
        return engine;
    }

    /** The timeout the search exceeded. */
    public Duration timeout() {
        return timeout;
    }

    /** The search's limit. */
    public SearchLimit limit() {
        return limit;
    }

    /** Whether the process was killed (it did not answer {@code stop} in time) rather than stopped. */
    public boolean killed() {
        return killed;
    }
}
