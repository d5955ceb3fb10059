package dev.specagent.envs.chess.uci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fake UCI engine for tests: a {@code /bin/sh} script that answers the handshake and plays a fixed
 * opening line (the move of the position's ply; an {@code info … pv} line first, so MultiPV guesses see it),
 * but hangs on {@code go} from ply {@code hangFromPly} on, or on any {@code go} with MultiPV above 1 when
 * {@code hangOnMultiPv}. A hung search either ignores everything ({@code exec sleep}: the same process, no
 * child, deaf to {@code stop}, {@code quit} and the end of its input) or, with {@code answersStop}, answers
 * {@code stop} with its move. Each process appends its pid to {@link #pidFile()} when it starts, and to
 * {@link #searchFile()} at every {@code go}.
 *
 * @param program    the script to start as the engine
 * @param pidFile    where every started process wrote its pid
 * @param searchFile where the process of every search wrote its pid, at its {@code go}
 */
public record FakeUciEngine(Path program, Path pidFile, Path searchFile) {

    /** The line the fake plays (a closed Ruy Lopez), one move per ply. */
    public static final List<String> LINE = List.of("e2e4", "e7e5", "g1f3", "b8c6", "f1b5", "a7a6", "b5a4", "g8f6",
            "e1g1", "f8e7", "f1e1", "b7b5", "a4b3", "d7d6", "c2c3", "e8g8");

    /** Writes the script into {@code dir}. */
    public static FakeUciEngine write(Path dir, int hangFromPly, boolean hangOnMultiPv, boolean answersStop)
            throws IOException {
        Path pids = dir.resolve("fake-engine.pids");
        Path searches = dir.resolve("fake-engine.searches");
        String hang = answersStop
                ? "while read -r c r; do [ \"$c\" = stop ] && break; [ \"$c\" = quit ] && exit 0; done; echo \"bestmove $1\""
                : "exec sleep 600";
        String script = """
                #!/bin/sh
                echo $$ >> '%s'
                ply=0
                multipv=1
                while read -r command rest; do
                  case "$command" in
                    uci) echo "id name fake hanging engine"; echo uciok ;;
                    isready) echo readyok ;;
                    setoption) case "$rest" in "name MultiPV value "*) multipv=${rest##* } ;; esac ;;
                    position) set -- $rest; ply=$(( $# > 2 ? $# - 2 : 0 )) ;;
                    go)
                      echo $$ >> '%s'
                      set -- %s
                      [ $ply -lt %d ] && shift $ply
                      if [ $ply -ge %d ] || { [ %s = true ] && [ $multipv -gt 1 ]; }; then
                        %s
                      else
                        echo "info depth 1 multipv 1 score cp 0 nodes 1 pv $1"; echo "bestmove $1"
                      fi ;;
                    quit) exit 0 ;;
                  esac
                done
                """.formatted(pids, searches, String.join(" ", LINE), LINE.size(), hangFromPly, hangOnMultiPv, hang);
        Path program = dir.resolve("hanging-engine.sh");
        Files.writeString(program, script);
        if (!program.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + program + " executable");
        }
        return new FakeUciEngine(program, pids, searches);
    }

    /** The pids of the processes started from the script so far. */
    public List<Long> pids() throws IOException {
        return readPids(pidFile);
    }

    /** The pid of the process of each search ({@code go}) so far, in order. */
    public List<Long> searchPids() throws IOException {
        return readPids(searchFile);
    }

    private static List<Long> readPids(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim())).toList();
    }

    /** Whether process {@code pid} still runs or is an unreaped zombie (it has a {@code /proc} entry). */
    public static boolean exists(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || Files.exists(Path.of("/proc/" + pid));
    }

    /** The pids of this JVM's descendants that are fake engines. */
    public List<Long> runningDescendants() throws IOException {
        List<Long> mine = pids();
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).filter(mine::contains).toList();
    }

    /**
     * Asserts that no process started from the script is left (running under this JVM, or a zombie), then kills
     * whatever a failed test left running (nothing, when the code under test is right).
     */
    public void assertNoneLeft() throws IOException {
        try {
            assertThat(runningDescendants())
                    .as("fake engines still running under this JVM").isEmpty();
            for (long pid : pids()) {
                assertThat(exists(pid)).as("process or zombie %d", pid).isFalse();
            }
        } finally {
            killLeftovers();
        }
    }

    /** Kills whatever a failed test left running (nothing, when the code under test is right). */
    public void killLeftovers() throws IOException {
        for (long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
