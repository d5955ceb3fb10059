package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.envs.chess.uci.EnginePool;
import dev.specagent.envs.chess.uci.PooledSearch;
import dev.specagent.envs.chess.uci.SearchLimit;
import dev.specagent.envs.chess.uci.SearchResult;
import dev.specagent.envs.chess.uci.SearchTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stockfish as a player (its best move under {@code limit}) and as a guesser (the first moves of its
 * k best MultiPV lines, confidences from a softmax of their scores at 1 pawn temperature). A deep
 * limit makes an actor, a shallow one a speculator. Searches run on the clock's blocking executor,
 * on processes of a shared {@link EnginePool}, guesses and branch thinks as speculation (served after the committed
 * path's think, within the pool's speculative limit, at its lower priority), a guess measured alone outside a game
 * as committed; cancelling sends {@code stop}. A search that gives no
 * {@code bestmove} within the search timeout is stopped (its process killed if it does not answer) and fails:
 * a think fails with the {@link dev.specagent.envs.chess.uci.SearchTimeoutException}, a guess says nothing.
 *
 * <p>A position where a think's engine hung (no {@code bestmove}, deaf to {@code stop}, killed) is remembered: a
 * later think there (the runner's retry of the failed think, or the committed think after a branch hung there)
 * fails at once with {@link SearchTimeoutException#notSearchedAgain()} instead of waiting another timeout on a
 * fresh process that is given the same position. So one hang costs one timeout. An engine that was only slow
 * (it answered {@code stop}) is searched again with its full timeout.
 */
public final class StockfishPlayer implements ChessPlayer, MoveGuesser {

    private final EnginePool pool;
    private final SearchLimit limit;
    private final Duration timeout;
    /** The positions (move lists) where a think's engine hung and was killed, with that failure. */
    private final Map<List<String>, SearchTimeoutException> hungAt = new ConcurrentHashMap<>();

    /** A player whose searches time out after the limit's {@linkplain SearchLimit#defaultTimeout() default}. */
    public StockfishPlayer(EnginePool pool, SearchLimit limit) {
        this(pool, limit, limit.defaultTimeout());
    }

    /** A player whose searches fail when they give no {@code bestmove} within {@code timeout}. */
    public StockfishPlayer(EnginePool pool, SearchLimit limit, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a search timeout must be positive, got " + timeout);
        }
        this.pool = pool;
        this.limit = limit;
        this.timeout = timeout;
    }

    public SearchLimit limit() {
        return limit;
    }

    /** How long one search may go without {@code bestmove}. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public CallHandle play(Position position, Clock clock, Completion<String> done) {
        return play(position, false, clock, done);
    }

    @Override
    public CallHandle play(Position position, boolean speculative, Clock clock, Completion<String> done) {
        SearchTimeoutException hung = hungAt.get(position.moves());
        if (hung != null) {
            clock.blockingExecutor().execute(() -> done.fail(hung.notSearchedAgain(), Usage.ZERO));
            return CallHandle.NONE;
        }
        return PooledSearch.start(pool, clock.blockingExecutor(), position.moves(), limit, 1, timeout, speculative,
                new Completion<>() {
            @Override
            public void succeed(SearchResult result, Usage usage) {
                if (position.isLegal(result.bestMove())) {
                    done.succeed(result.bestMove(), usage);
                } else {
                    done.fail(new IllegalStateException("stockfish answered '" + result.bestMove()
                            + "', not a legal move at " + position.fen()), usage);
                }
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                if (error instanceof SearchTimeoutException timedOut && timedOut.killed()) {
                    hungAt.putIfAbsent(position.moves(), timedOut);
                }
                done.fail(error, spent);
            }
        });
    }

    @Override
    public CallHandle guess(Position position, int k, Clock clock, Completion<List<Guess>> done) {
        // a guess is speculation: it never holds a process the committed path's think needs
        return guess(position, k, true, clock, done);
    }

    @Override
    public CallHandle guess(Position position, int k, boolean speculative, Clock clock,
                            Completion<List<Guess>> done) {
        int lines = Math.max(1, Math.min(k, position.legalMoves().size()));
        return PooledSearch.start(pool, clock.blockingExecutor(), position.moves(), limit, lines, timeout, speculative,
                new Completion<>() {
            @Override
            public void succeed(SearchResult result, Usage usage) {
                done.succeed(guesses(result, k, position), usage);
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                done.succeed(List.of(), spent); // a speculator that cannot guess says nothing
            }
        });
    }

    static List<Guess> guesses(SearchResult result, int k, Position position) {
        List<SearchResult.Line> lines = result.lines().stream()
                .filter(l -> position.isLegal(l.move())).limit(k).toList();
        if (lines.isEmpty()) {
            return position.isLegal(result.bestMove()) ? List.of(Guess.of(result.bestMove(), 1.0)) : List.of();
        }
        double top = lines.stream().mapToInt(SearchResult.Line::scoreCp).max().orElse(0);
        double[] w = new double[lines.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(Math.max(-50, (lines.get(i).scoreCp() - top) / 100.0));
            sum += w[i];
        }
        List<Guess> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            out.add(Guess.of(lines.get(i).move(), Math.min(1, w[i] / sum)));
        }
        return out;
    }

    @Override
    public Estimate estimate() {
        return Estimate.UNKNOWN; // free and local: no budget to reserve
    }

    @Override
    public boolean deterministic() {
        return limit.deterministic();
    }

    @Override
    public String describe() {
        return "stockfish " + limit;
    }
}
