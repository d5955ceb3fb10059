package dev.specagent.cli.chess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.chess.uci.EnginePool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code specagent chess} ended by a signal (a child JVM sent SIGTERM mid-game, mid-search). */
class ChessSignalTest {

    @Test
    void aGameStoppedByASignalReportsItsPliesAndLeavesNoEngineRunning() throws Exception {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        // signalled once the sequential game's first ply is played: the second ply's search is running then.
        // Before, the JVM ended with nothing on stdout and the plies played were lost.
        SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("game sequential (plies): 1/"),
                "chess", "--white", "stockfish:movetime=1000", "--black", "stockfish:movetime=1000",
                "--speculator", "stockfish:nodes=1000", "--k", "1", "--plies", "8", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(5);
        assertThat(r.children()).as("engine processes before the signal").isNotEmpty();
        assertThat(SignalledRun.allEnded(r.children(), 5)).as("every engine process ended").isTrue();
        assertThat(r.err()).containsPattern("specagent: stopped by a signal \\(SIGTERM\\) after [1-7] plies of the "
                + "sequential game, in \\d+\\.\\d\\d s \\([a-h][1-8][a-h][1-8]");
        JsonNode j = CanonicalJson.parse(r.out());
        assertThat(j.get("error").asText()).matches("stopped by a signal \\(SIGTERM\\) after [1-7] plies of the "
                + "sequential game");
        assertThat(j.get("failed_game").asText()).isEqualTo("sequential");
        assertThat(j.get("committed_moves").size()).isBetween(1, 7);
        assertThat(j.get("seconds").asDouble()).isGreaterThan(0.9);
    }
}
