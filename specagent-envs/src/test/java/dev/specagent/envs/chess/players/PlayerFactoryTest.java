package dev.specagent.envs.chess.players;

import dev.specagent.envs.chess.uci.SearchLimit;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The player and guesser specs of the command line: what each builds, with which limit and timeout, and the
 * errors that name the option. No engine is started: a Stockfish player starts its process at its first search.
 */
class PlayerFactoryTest {

    private static final String EXPECTED = "expected stockfish, stockfish:nodes=N, stockfish:depth=N, "
            + "stockfish:movetime=MS or llm";

    private static PlayerFactory.LlmClients clients(ChatClient player, ChatClient speculator) {
        return new PlayerFactory.LlmClients() {
            @Override
            public ChatClient player() {
                return player;
            }

            @Override
            public ChatClient speculator() {
                return speculator;
            }
        };
    }

    @Test
    void stockfishSpecsBuildPlayersAndGuessersWithTheirLimitAndTimeout() {
        try (PlayerFactory factory = new PlayerFactory(2)) {
            StockfishPlayer player = (StockfishPlayer) factory.player("--white", "stockfish");
            assertThat(player.limit()).isEqualTo(PlayerFactory.DEFAULT_PLAYER_LIMIT);
            assertThat(player.timeout()).isEqualTo(SearchLimit.NODES_OR_DEPTH_TIMEOUT);
            assertThat(player.describe()).isEqualTo("stockfish nodes=200000");
            assertThat(player.deterministic()).isTrue();
            StockfishPlayer guesser = (StockfishPlayer) factory.guesser("--speculator", "stockfish");
            assertThat(guesser.limit()).isEqualTo(PlayerFactory.DEFAULT_GUESSER_LIMIT);
            StockfishPlayer timed = (StockfishPlayer) factory.player("--black", "stockfish:movetime=500");
            assertThat(timed.limit()).isEqualTo(SearchLimit.movetime(500));
            assertThat(timed.timeout()).as("twice the time plus the grace").isEqualTo(Duration.ofSeconds(11));
            assertThat(timed.deterministic()).as("a time limit is not deterministic").isFalse();
            assertThat(((StockfishPlayer) factory.guesser("--speculator", "stockfish:depth=3")).limit())
                    .isEqualTo(SearchLimit.depth(3));
            assertThat(factory.pool().size()).as("no process started").isZero();
            factory.close();
            assertThat(factory.pool().isClosed()).as("closing the factory closes its engine pool").isTrue();
        }
    }

    @Test
    void aFactorysSearchTimeoutReplacesEveryLimitsDefaultAndMustBePositive() {
        try (PlayerFactory factory = new PlayerFactory(1, null, 0, Duration.ofSeconds(7))) {
            assertThat(factory.searchTimeout(SearchLimit.nodes(10))).isEqualTo(Duration.ofSeconds(7));
            assertThat(((StockfishPlayer) factory.player("--white", "stockfish:nodes=10")).timeout())
                    .isEqualTo(Duration.ofSeconds(7));
            assertThat(((StockfishPlayer) factory.guesser("--speculator", "stockfish")).timeout())
                    .isEqualTo(Duration.ofSeconds(7));
        }
        assertThatThrownBy(() -> new PlayerFactory(1, null, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a search timeout must be positive, got PT0S");
        assertThatThrownBy(() -> new PlayerFactory(1, null, 0, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a search timeout must be positive, got PT-1S");
    }

    @Test
    void llmSpecsUseThePlayerModelToPlayAndTheSpeculatorModelToGuess() {
        try (ChatClient big = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-5")
                .withReasoningEffort("high")).build();
             ChatClient small = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-5-mini")).build();
             PlayerFactory factory = new PlayerFactory(1, clients(big, small), 2)) {
            assertThat(PlayerFactory.isLlm("llm")).isTrue();
            assertThat(PlayerFactory.isLlm("stockfish")).isFalse();
            ChessPlayer player = factory.player("--white", "llm");
            assertThat(player).isInstanceOf(LlmChessPlayer.class);
            assertThat(player.describe()).isEqualTo("llm gpt-5 (high effort)");
            assertThat(player.deterministic()).isFalse();
            MoveGuesser guesser = factory.guesser("--speculator", "llm");
            assertThat(guesser).isInstanceOf(LlmMoveGuesser.class);
            assertThat(guesser.describe()).isEqualTo("llm gpt-5-mini");
        }
    }

    @Test
    void aBadSpecIsRefusedNamingTheOption() {
        try (PlayerFactory factory = new PlayerFactory(1)) {
            assertThatThrownBy(() -> factory.player("--white", "stokfish")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--white: unknown player 'stokfish'; " + EXPECTED);
            assertThatThrownBy(() -> factory.guesser("--speculator", "gpt")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--speculator: unknown player 'gpt'; " + EXPECTED);
            assertThatThrownBy(() -> factory.player("--black", "stockfish:nodes=lots"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("--black: not a number in 'nodes=lots'");
            assertThatThrownBy(() -> factory.guesser("--speculator", "stockfish:depth=0"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("--speculator: depth must be at least 1, got 0");
            assertThatThrownBy(() -> factory.player("--white", "llm")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--white: llm needs the model options (endpoint and model)");
            assertThatThrownBy(() -> factory.guesser("--speculator", "llm")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--speculator: llm needs the model options (endpoint and model)");
        }
    }

    @Test
    void checkingASpecBuildsNothingAndRefusesWhatTheFactoryWould() {
        PlayerFactory.check("--white", "stockfish");
        PlayerFactory.check("--white", "stockfish:movetime=100");
        PlayerFactory.check("--white", "llm");
        PlayerFactory.check("--white", "stockfish:depth=2147483647");
        assertThatThrownBy(() -> PlayerFactory.check("--black", "stockfish:nodes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--black: expected nodes=N, depth=N or movetime=MS, got 'nodes'");
        assertThatThrownBy(() -> PlayerFactory.check("--black", "stockfish:plies=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--black: expected nodes=N, depth=N or movetime=MS, got 'plies=3'");
        assertThatThrownBy(() -> PlayerFactory.check("--black", "stockfish:depth=3000000000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--black: depth must be at most 2147483647, got 3000000000");
        assertThatThrownBy(() -> PlayerFactory.check("--speculator", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--speculator: unknown player ''; " + EXPECTED);
    }
}
