package dev.specagent.envs.chess.uci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Engine output and process lifecycles that a well-behaved Stockfish seldom shows, on scripted engines (no Stockfish
 * needed): {@code info string} text, an engine that chatters instead of answering the handshake, a process that dies
 * while idle in the pool.
 */
class ChessEngineEdgeCaseTest {

    @TempDir
    Path dir;
    private ExecutorService executor;
    private FakeUciEngine fake;

    @BeforeEach
    void executor() {
        executor = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void noProcessLeftBehind() throws Exception {
        executor.shutdownNow();
        if (fake != null) {
            fake.assertNoneLeft();
        }
    }

    /** UCI: {@code string} takes the rest of the line; none of its words are search fields. */
    @Test
    void anInfoStringIsTextNotSearchFields() {
        SearchProgress progress = new SearchProgress();
        progress.accept("info depth 1 score cp 20 nodes 40 pv e2e4");
        progress.accept("info string the score of the pv is unclear"); // threw NumberFormatException
        progress.accept("info string lines score cp 300 nodes 999999 pv d2d4"); // was read as a line of 999999 nodes
        assertThat(progress.result("bestmove e2e4", false)).isEqualTo(
                new SearchResult("e2e4", List.of(new SearchResult.Line(1, "e2e4", 20, 1)), 40, false));
    }

    /** An {@code info} line whose field is cut short or not a number is no line; it does not end the search. */
    @Test
    void aMalformedInfoLineIsSkipped() {
        assertThat(SearchProgress.parseInfo("info depth 1 score cp pv e2e4")).isNull();
        assertThat(SearchProgress.parseInfo("info depth x score cp 5 pv e2e4")).isNull();
        assertThat(SearchProgress.parseInfo("info depth 1 multipv")).isNull();
        assertThat(SearchProgress.parseInfo("info depth 1 score")).isNull();
        assertThat(SearchProgress.parseInfo("info depth 1 score cp 99999999999 pv e2e4")).isNull();
    }

    /**
     * Stockfish 15.1's last report of a node-limited MultiPV 2 search (nodes=7011 in a random game's position): the node
     * limit stopped it while it re-searched rank 2, so that line is an upper bound, and its move b3b2 was rank 1 in the
     * report before. Each rank is the latest report's, bound or not, so each move shows once; before, the bound was
     * skipped and rank 2 kept a8b8 from depth 9, a8b8 twice and b3b2 lost (the fuzzer found 1 to 12 such results in
     * every 600 random searches), and the speculator guessed one move where it was asked for two.
     */
    @Test
    void aLineCutShortAtABoundStillTakesItsRankSoNoMoveIsListedTwice() {
        SearchProgress progress = new SearchProgress();
        progress.accept("info depth 9 seldepth 6 multipv 1 score cp 14 nodes 2966 nps 741500 hashfull 0 tbhits 0 time 4 "
                + "pv b3b2 c1b2 a8b8 f3g4 d7d5");
        progress.accept("info depth 9 seldepth 6 multipv 2 score cp 14 nodes 2966 nps 741500 hashfull 0 tbhits 0 time 4 "
                + "pv a8b8 f3g4 b3b2 c1b2");
        progress.accept("info depth 10 seldepth 9 multipv 1 score cp 8 nodes 7023 nps 877875 hashfull 1 tbhits 0 time 8 "
                + "pv a8b8 h3h2 b3b2 h2b2 d7d5 f3g4 e6e5 e4d5 e7d5");
        progress.accept("info depth 10 seldepth 10 multipv 2 score cp -10 upperbound nodes 7023 nps 877875 hashfull 1 "
                + "tbhits 0 time 8 pv b3b2 c1b2");
        SearchResult result = progress.result("bestmove a8b8 ponder h3h2", false);
        assertThat(result.lines()).containsExactly(new SearchResult.Line(1, "a8b8", 8, 10),
                new SearchResult.Line(2, "b3b2", -10, 10));
        assertThat(result.topMoves(2)).doesNotHaveDuplicates();
    }

    /**
     * An engine that writes {@code info string} text with words such as {@code score} and {@code pv} during a search:
     * the search returns its {@code bestmove}; before, it failed with a NumberFormatException (not even an
     * IOException) and left the engine mid-search.
     */
    @Test
    void aSearchWhoseEngineWritesInfoStringTextReturnsItsBestMove() throws Exception {
        Path program = script("chatty-search.sh", """
                while read -r command rest; do
                  case "$command" in
                    uci) echo "id name info string engine"; echo uciok ;;
                    isready) echo readyok ;;
                    go) echo "info string the score of the pv is unclear"
                        echo "info depth 1 score cp 12 nodes 7 pv e2e4"; echo "bestmove e2e4" ;;
                    quit) exit 0 ;;
                  esac
                done
                """);
        try (UciEngine engine = UciEngine.start(program)) {
            SearchResult result = engine.search(List.of(), SearchLimit.nodes(1), 1);
            assertThat(result.bestMove()).isEqualTo("e2e4");
            assertThat(result.lines()).containsExactly(new SearchResult.Line(1, "e2e4", 12, 1));
            assertThat(engine.search(List.of(), SearchLimit.nodes(1), 1).bestMove()).isEqualTo("e2e4");
        }
    }

    /**
     * A program that writes line after line but never {@code uciok} (a wrong {@code SPECAGENT_STOCKFISH}, an engine
     * stuck in a loop) fails its handshake after the handshake timeout; before, each line restarted the wait, so the
     * start never returned.
     */
    @Test
    void aProgramThatChattersWithoutUciokFailsTheHandshakeInTime() throws Exception {
        Path program = script("chatty-start.sh", "while :; do echo 'info string still loading'; sleep 0.05; done\n");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> UciEngine.start(program, 0, Duration.ofMillis(300)))
                        .isInstanceOf(UciProtocolException.class)
                        .hasMessageContaining("the chess engine " + program + " did not answer 'uciok' within 0.3 s")
                        .hasMessageContaining("a UCI engine such as Stockfish?"));
    }

    /**
     * Such a program, writing as fast as it can, is refused after 10,000 lines (Stockfish writes about 25 before
     * {@code uciok}) rather than at the 20 s timeout, by when the lines read had filled hundreds of MB.
     */
    @Test
    void aProgramThatWritesLinesWithoutEndIsRefusedBeforeTheHandshakeTimeout() throws Exception {
        Path program = script("flood.sh", "while :; do echo y; done\n");
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> UciEngine.start(program)).isInstanceOf(UciProtocolException.class)
                        .hasMessageContaining("the chess engine " + program + " wrote 10000 lines without 'uciok'")
                        .hasMessageContaining("a UCI engine such as Stockfish?"));
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse it").isLessThan(15);
    }

    /**
     * A process that dies while idle in the pool (killed from outside, crashed) is not handed to the next search,
     * which would fail on it: a fresh one is started in its place.
     */
    @Test
    void anIdleProcessThatDiedIsReplacedNotHandedOut() throws Exception {
        fake = FakeUciEngine.write(dir, 99, false, false);
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            UciEngine first = pool.acquire();
            pool.release(first);
            first.process().destroyForcibly();
            first.process().onExit().get(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the JVM has reaped it: Process.isAlive follows the reaper thread
            }
            assertThat(first.isAlive()).isFalse();

            CompletableFuture<SearchResult> next = new CompletableFuture<>();
            PooledSearch.start(pool, executor, List.of(), SearchLimit.nodes(1000), 1, Duration.ofSeconds(5),
                    ChessUciEngineTest.completion(next));
            assertThat(next.get(10, TimeUnit.SECONDS).bestMove()).isEqualTo("e2e4");
            assertThat(pool.startedProcesses()).hasSize(2);
            assertThat(pool.size()).isEqualTo(1);
        }
    }

    /**
     * An engine that died before its search was sent (killed or crashed while idle, just before the pool handed it
     * out) fails the search naming the engine and how it ended; before, the failure was the pipe's bare "Stream closed"
     * or "Broken pipe" (the fuzzer saw the latter), which a failed think printed as its only reason.
     */
    @Test
    void aSearchOfAnEngineThatAlreadyExitedNamesTheEngine() throws Exception {
        fake = FakeUciEngine.write(dir, 99, false, false);
        try (UciEngine engine = UciEngine.start(fake.program())) {
            engine.process().destroyForcibly();
            engine.process().onExit().get(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (engine.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the JVM has reaped it and closed its pipes
            }
            assertThatThrownBy(() -> engine.search(List.of(), SearchLimit.nodes(1000), 1))
                    .isInstanceOf(UciProtocolException.class)
                    .hasMessageContaining("the chess engine " + fake.program() + " exited (exit code 137)");
        }
    }

    /**
     * A search cancelled while it waits for {@code readyok}, before its {@code go}, on an engine that hangs there: the
     * cancel's {@code stop} gets the stop grace, then the process is killed and its slot freed, as for a search
     * cancelled after {@code go}; before, the wait went on to the handshake timeout (20 s) and the quit after it (2 s),
     * a pool slot held all along.
     */
    @Test
    void aSearchCancelledWhileItsEngineHangsBeforeGoIsKilledAfterTheStopGrace() throws Exception {
        Path waiting = dir.resolve("waiting-for-readyok");
        Path program = script("deaf-before-go.sh", """
                readies=0
                while read -r command rest; do
                  case "$command" in
                    uci) echo "id name deaf before go"; echo uciok ;;
                    isready) readies=$((readies + 1))
                             if [ $readies -ge 2 ]; then : > '%s'; exec sleep 600; fi
                             echo readyok ;;
                    quit) exit 0 ;;
                  esac
                done
                """.formatted(waiting));
        try (EnginePool pool = new EnginePool(program, 1)) {
            CompletableFuture<SearchResult> result = new CompletableFuture<>();
            PooledSearch search = PooledSearch.start(pool, executor, List.of(), SearchLimit.nodes(1000), 1,
                    Duration.ofSeconds(60), ChessUciEngineTest.completion(result));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(waiting) && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the engine hangs at its second isready, the search's
            }
            assertThat(waiting).exists();
            long cancelledAt = System.nanoTime();
            search.cancel();
            ProcessHandle process = pool.startedProcesses().getFirst();
            process.onExit().get(10, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - cancelledAt) / 1e9).as("seconds from the cancel to the kill")
                    .isLessThan(UciEngine.STOP_GRACE.toSeconds() + 2);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pool.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(pool.size()).as("processes left in the pool").isZero();
        }
    }

    /**
     * A search whose thread is interrupted sends {@code stop}; an engine that dies instead of answering fails the search
     * with the end of its output, and the thread's interrupt is kept, as after every other interrupted search (before,
     * it was lost: the wait that saw it had cleared it).
     */
    @Test
    void anInterruptedSearchWhoseEngineDiesOnStopKeepsTheInterrupt() throws Exception {
        Path searching = dir.resolve("searching");
        Path program = script("dies-on-stop.sh", """
                while read -r command rest; do
                  case "$command" in
                    uci) echo "id name dies on stop"; echo uciok ;;
                    isready) echo readyok ;;
                    go) : > '%s' ;;
                    stop) exit 3 ;;
                    quit) exit 0 ;;
                  esac
                done
                """.formatted(searching));
        try (UciEngine engine = UciEngine.start(program)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
            Thread searcher = Thread.ofPlatform().start(() -> {
                try {
                    engine.search(List.of(), SearchLimit.nodes(1000), 1, () -> false, Duration.ofSeconds(30));
                    failure.complete(null);
                } catch (Exception e) {
                    failure.complete(e);
                }
                interruptKept.complete(Thread.currentThread().isInterrupted());
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(searching) && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the engine has its go
            }
            searcher.interrupt();
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(UciProtocolException.class)
                    .hasMessageContaining("exited (exit code 3) while we waited for 'bestmove'");
            assertThat(interruptKept.get(10, TimeUnit.SECONDS)).as("the searching thread's interrupt is kept").isTrue();
            searcher.join();
        }
    }

    private Path script(String name, String body) throws Exception {
        fake = FakeUciEngine.write(dir, 99, false, false); // only for its pid file, which assertNoneLeft reads
        Path program = Files.writeString(dir.resolve(name),
                "#!/bin/sh\necho $$ >> '" + fake.pidFile() + "'\n" + body);
        assertThat(program.toFile().setExecutable(true)).isTrue();
        return program;
    }
}
