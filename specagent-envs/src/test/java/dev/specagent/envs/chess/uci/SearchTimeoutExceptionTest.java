package dev.specagent.envs.chess.uci;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What a search timeout says: the engine, the timeout, the limit, and whether the process was killed. */
class SearchTimeoutExceptionTest {

    private static final Path ENGINE = Path.of("/usr/games/stockfish");

    @Test
    void aStoppedSearchAndAKilledOneSaySoWithEngineTimeoutAndLimit() {
        SearchTimeoutException stopped = new SearchTimeoutException(ENGINE, Duration.ofMillis(300),
                SearchLimit.nodes(200_000), false);
        assertThat(stopped).hasMessage("the chess engine /usr/games/stockfish gave no bestmove within the search "
                + "timeout of 0.3 s (search limit nodes=200000); it was stopped");
        assertThat(stopped.killed()).isFalse();
        SearchTimeoutException killed = new SearchTimeoutException(ENGINE, Duration.ofMinutes(5),
                SearchLimit.movetime(100), true);
        assertThat(killed).hasMessage("the chess engine /usr/games/stockfish gave no bestmove within the search "
                + "timeout of 300 s (search limit movetime=100); it did not answer 'stop' either and was killed");
        assertThat(killed.killed()).isTrue();
    }

    @Test
    void aPositionNotSearchedAgainKeepsTheFieldsAndNamesTheEarlierHangAsItsCause() {
        SearchTimeoutException hung = new SearchTimeoutException(ENGINE, Duration.ofSeconds(2), SearchLimit.depth(9), true);
        SearchTimeoutException again = hung.notSearchedAgain();
        assertThat(again).hasMessage(hung.getMessage() + " (an earlier search at this position; not searched again)")
                .hasCause(hung);
        assertThat(again.engine()).isEqualTo(ENGINE);
        assertThat(again.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(again.limit()).isEqualTo(SearchLimit.depth(9));
        assertThat(again.killed()).isTrue();
    }
}
