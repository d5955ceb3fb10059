package dev.specagent.cli.chess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.HeldAtLine;
import dev.specagent.cli.Main;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.chess.uci.EnginePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

    @Test
    void aSignalAfterBothGamesPrintsThemButWritesNoReport(@TempDir Path dir) throws Exception {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        Path report = Files.writeString(dir.resolve("chess.html"), "the previous report");
        // held after the speculative game's last ply until the signal's interrupt.
        // Before, the command went on as if no signal had come: it printed the results without a word of the
        // signal and replaced the previous report with this run's, where every other command writes none.
        SignalledRun.Result r = SignalledRun.run(HeldAtLine.class,
                line -> line.startsWith("game algorithm1 (plies): 2/2"), "game algorithm1 (plies): 2/2", "chess", "--white", "stockfish:nodes=2000",
                "--black", "stockfish:nodes=2000", "--speculator", "stockfish:nodes=500", "--k", "1", "--plies", "2",
                "--json", "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        JsonNode j = CanonicalJson.parse(r.out());
        assertThat(j.get("moves").size()).isEqualTo(2);
        assertThat(j.get("sequential_moves").size()).isEqualTo(2);
        assertThat(r.err()).contains("specagent: stopped by a signal (SIGTERM) after both runs had finished; no report "
                + "written");
        assertThat(Files.readString(report)).isEqualTo("the previous report");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("chess.html");
        }
        assertThat(SignalledRun.allEnded(r.children(), 5)).as("every engine process ended").isTrue();
    }

    @Test
    void aSignalWhileTheEnginesStartIsAStopInTheWarmUp(@TempDir Path dir) throws Exception {
        // an engine that says it started (on the JVM's standard error, for the signal) and never answers 'uci'
        Path engine = dir.resolve("silent-engine");
        Files.writeString(engine, "#!/bin/sh\necho 'silent engine started' > /proc/$PPID/fd/2\nexec cat > /dev/null\n");
        assertThat(engine.toFile().setExecutable(true)).isTrue();
        // Before, the stop read as a machine without Stockfish ('stopped by a signal (SIGTERM): cannot start
        // Stockfish: interrupted while waiting for 'uciok''), and --json printed nothing.
        SignalledRun.Result r = SignalledRun.run(Map.of("SPECAGENT_STOCKFISH", engine.toString()), Main.class,
                "silent engine started"::equals, "chess", "--k", "1", "--plies", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
        String stopped = "stopped by a signal (SIGTERM) after 0 plies of the warm-up game, as the engines started";
        assertThat(r.err()).contains("specagent: " + stopped + "\n").doesNotContain("cannot start");
        JsonNode j = CanonicalJson.parse(r.out());
        assertThat(j.get("error").asText()).isEqualTo(stopped);
        assertThat(j.get("failed_game").asText()).isEqualTo("warm-up");
        assertThat(j.get("committed_moves").size()).isZero();
        assertThat(SignalledRun.allEnded(r.children(), 5)).as("every engine process ended").isTrue();
    }
}
