package dev.specagent.envs.chess.players;

import dev.specagent.envs.chess.uci.EnginePool;
import dev.specagent.envs.chess.uci.SearchLimit;
import dev.specagent.llm.client.ChatClient;

import java.time.Duration;

/**
 * Builds players and guessers from their command-line specs and owns what they share (the
 * Stockfish process pool). Specs:
 * <ul>
 *   <li>{@code stockfish} — Stockfish with the default limit ({@code nodes=200000} for a player,
 *       {@code nodes=5000} for a speculator);</li>
 *   <li>{@code stockfish:nodes=N}, {@code stockfish:depth=N}, {@code stockfish:movetime=MS};</li>
 *   <li>{@code llm} — the LLM of {@link LlmClients}: its player model for a player, its speculator
 *       model for the speculator (the paper: GPT-5 with high effort plays, GPT-5 with low effort guesses).</li>
 * </ul>
 * Every Stockfish search times out after the factory's search timeout, or by default after its limit's
 * {@linkplain SearchLimit#defaultTimeout() default timeout}. Close it to quit every engine process.
 */
public final class PlayerFactory implements AutoCloseable {

    /** The default node limit of a Stockfish player (the actor: a deep search). */
    public static final SearchLimit DEFAULT_PLAYER_LIMIT = SearchLimit.nodes(200_000);
    /** The default node limit of a Stockfish speculator (a shallow search). */
    public static final SearchLimit DEFAULT_GUESSER_LIMIT = SearchLimit.nodes(5_000);

    /** The chat clients of the LLM players, opened only when a spec asks for an LLM. */
    public interface LlmClients {
        /** The client of the model that plays (the actor). */
        ChatClient player();

        /** The client of the model that guesses (the speculator). */
        ChatClient speculator();
    }

    private final EnginePool pool;
    private final LlmClients llm;
    private final int llmRetries;
    private final Duration searchTimeout;

    /** A factory of Stockfish players only. */
    public PlayerFactory(int engineProcesses) {
        this(engineProcesses, null, 0);
    }

    /** A factory whose Stockfish searches time out after their limit's default timeout. */
    public PlayerFactory(int engineProcesses, LlmClients llm, int llmRetries) {
        this(engineProcesses, llm, llmRetries, null);
    }

    /**
     * @param engineProcesses the most Stockfish processes running at once (one per concurrent search)
     * @param llm             the LLM clients for {@code llm} specs, or null when there are none
     * @param llmRetries      how many times an LLM player is asked again after an answer without a legal move
     * @param searchTimeout   how long any Stockfish search may go without {@code bestmove}, or null for each
     *                        limit's {@linkplain SearchLimit#defaultTimeout() default}
     */
    public PlayerFactory(int engineProcesses, LlmClients llm, int llmRetries, Duration searchTimeout) {
        this(engineProcesses, EnginePool.DEFAULT_SPECULATIVE_NICENESS, llm, llmRetries, searchTimeout);
    }

    /**
     * Like {@link #PlayerFactory(int, LlmClients, int, Duration)}, with the Stockfish processes that serve
     * speculation (guesses and branches) started {@code speculativeNiceness} (0 to 19) lower in priority than the
     * one reserved for the committed path ({@link EnginePool}).
     */
    public PlayerFactory(int engineProcesses, int speculativeNiceness, LlmClients llm, int llmRetries,
                         Duration searchTimeout) {
        if (searchTimeout != null && (searchTimeout.isNegative() || searchTimeout.isZero())) {
            throw new IllegalArgumentException("a search timeout must be positive, got " + searchTimeout);
        }
        this.pool = new EnginePool(EnginePool.stockfish(), engineProcesses, speculativeNiceness);
        this.llm = llm;
        this.llmRetries = llmRetries;
        this.searchTimeout = searchTimeout;
    }

    /** How long a search under {@code limit} may go without {@code bestmove}. */
    public Duration searchTimeout(SearchLimit limit) {
        return searchTimeout != null ? searchTimeout : limit.defaultTimeout();
    }

    /** Whether {@code spec} names an LLM. */
    public static boolean isLlm(String spec) {
        return spec.equals("llm");
    }

    /**
     * Checks {@code spec} without building anything (no engine started, no LLM client needed), so a mistyped spec is
     * reported before any environment the players need is looked at.
     *
     * @throws IllegalArgumentException naming {@code option} when it is no spec of a player or guesser
     */
    public static void check(String option, String spec) {
        if (spec.equals("stockfish") || spec.startsWith("stockfish:")) {
            limit(option, spec, DEFAULT_PLAYER_LIMIT);
        } else if (!isLlm(spec)) {
            throw unknown(option, spec);
        }
    }

    public EnginePool pool() {
        return pool;
    }

    /** The player described by {@code spec}; {@code option} names the option in error messages. */
    public ChessPlayer player(String option, String spec) {
        if (spec.equals("stockfish") || spec.startsWith("stockfish:")) {
            SearchLimit limit = limit(option, spec, DEFAULT_PLAYER_LIMIT);
            return new StockfishPlayer(pool, limit, searchTimeout(limit));
        }
        if (isLlm(spec)) {
            return new LlmChessPlayer(requireLlm(option).player(), llmRetries);
        }
        throw unknown(option, spec);
    }

    /** The guesser described by {@code spec}. */
    public MoveGuesser guesser(String option, String spec) {
        if (spec.equals("stockfish") || spec.startsWith("stockfish:")) {
            SearchLimit limit = limit(option, spec, DEFAULT_GUESSER_LIMIT);
            return new StockfishPlayer(pool, limit, searchTimeout(limit));
        }
        if (isLlm(spec)) {
            return new LlmMoveGuesser(requireLlm(option).speculator());
        }
        throw unknown(option, spec);
    }

    private LlmClients requireLlm(String option) {
        if (llm == null) {
            throw new IllegalArgumentException(option + ": llm needs the model options (endpoint and model)");
        }
        return llm;
    }

    private static IllegalArgumentException unknown(String option, String spec) {
        return new IllegalArgumentException(option + ": unknown player '" + spec
                + "'; expected stockfish, stockfish:nodes=N, stockfish:depth=N, stockfish:movetime=MS or llm");
    }

    private static SearchLimit limit(String option, String spec, SearchLimit fallback) {
        if (spec.equals("stockfish")) {
            return fallback;
        }
        try {
            return SearchLimit.parse(spec.substring("stockfish:".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
