package dev.specagent.envs.chess.uci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Searches on an engine that hangs (a {@link FakeUciEngine}: never answers {@code go}): the search times out, is
 * stopped, and its process is killed and replaced when it does not answer {@code stop} either; no process is left.
 */
class ChessSearchTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

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

    @Test
    void aHungSearchIsStoppedThenKilledAndItsProcessReplacedByAFreshOne() throws Exception {
        fake = FakeUciEngine.write(dir, 1, false, false); // answers the start position only; deaf to stop
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            long start = System.nanoTime();
            CompletableFuture<SearchResult> hung = search(pool, List.of("e2e4"), TIMEOUT);
            assertThatThrownBy(() -> hung.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SearchTimeoutException.class)
                    .hasMessageContaining("the chess engine " + fake.program() + " gave no bestmove within the search "
                            + "timeout of 0.3 s (search limit nodes=1000); it did not answer 'stop' either and was killed");
            double seconds = (System.nanoTime() - start) / 1e9;
            // the timeout, then a stop grace as long as the timeout (it is shorter than 2 s)
            assertThat(seconds).isBetween(0.55, 3.0);
            SearchTimeoutException e = (SearchTimeoutException) hung.handle((r, t) -> t).join();
            assertThat(e.killed()).isTrue();
            assertThat(e.engine()).isEqualTo(fake.program());
            assertThat(e.timeout()).isEqualTo(TIMEOUT);
            long killed = pool.startedProcesses().getFirst().pid();
            assertThat(FakeUciEngine.exists(killed)).as("the hung process was killed and reaped").isFalse();
            assertThat(pool.size()).isZero();

            // the pool's only slot is free again: the next search gets a fresh process
            SearchResult next = search(pool, List.of(), TIMEOUT).get(5, TimeUnit.SECONDS);
            assertThat(next.bestMove()).isEqualTo("e2e4");
            assertThat(pool.startedProcesses()).hasSize(2);
            assertThat(pool.startedProcesses().get(1).pid()).isNotEqualTo(killed);
            assertThat(pool.size()).isEqualTo(1);
        }
        assertThat(fake.pids()).hasSize(2);
    }

    @Test
    void aTimedOutSearchThatAnswersStopFailsButItsProcessSearchesOn() throws Exception {
        fake = FakeUciEngine.write(dir, 1, false, true); // hangs until stop, then answers
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            CompletableFuture<SearchResult> slow = search(pool, List.of("e2e4"), TIMEOUT);
            assertThatThrownBy(() -> slow.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(SearchTimeoutException.class)
                    .hasMessageEndingWith("; it was stopped")
                    .satisfies(t -> assertThat(((SearchTimeoutException) t).killed()).isFalse());
            // its cut-short move is not answered, but the process is healthy and is reused
            assertThat(search(pool, List.of(), TIMEOUT).get(5, TimeUnit.SECONDS).bestMove()).isEqualTo("e2e4");
            assertThat(pool.startedProcesses()).hasSize(1);
        }
    }

    @Test
    void aCancelledSearchWhoseEngineIgnoresStopIsKilledAndFreesItsSlot() throws Exception {
        fake = FakeUciEngine.write(dir, 1, false, false);
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            CompletableFuture<SearchResult> cancelled = new CompletableFuture<>();
            PooledSearch search = PooledSearch.start(pool, executor, List.of("e2e4"), SearchLimit.nodes(1000), 1,
                    Duration.ofMillis(800), ChessUciEngineTest.completion(cancelled));
            while (pool.size() == 0) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            long start = System.nanoTime();
            search.cancel();
            // a wrong guess's search: the engine gets stop, ignores it, and is killed after the stop grace (here
            // the 0.8 s timeout, shorter than 2 s), so the pool's only slot is free again for the next search
            SearchResult next = search(pool, List.of(), TIMEOUT).get(5, TimeUnit.SECONDS);
            assertThat(next.bestMove()).isEqualTo("e2e4");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(3.0);
            assertThat(pool.startedProcesses()).hasSize(2);
            assertThat(FakeUciEngine.exists(pool.startedProcesses().getFirst().pid())).isFalse();
        }
    }

    /**
     * A game's end shuts its threads down (interrupts them) while cancelled searches still wait for their
     * {@code bestmove}: the search sends {@code stop}, reads the answer, and its process goes back to the pool for
     * the next game instead of being dropped (and a new one started: one more process than the pool's bound).
     */
    @Test
    void anInterruptedSearchStopsItsEngineAndReturnsItToThePool() throws Exception {
        fake = FakeUciEngine.write(dir, 1, false, true); // hangs until stop, then answers
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            ExecutorService game = Executors.newSingleThreadExecutor();
            CompletableFuture<SearchResult> interrupted = new CompletableFuture<>();
            PooledSearch.start(pool, game, List.of("e2e4"), SearchLimit.nodes(1000), 1, Duration.ofSeconds(30),
                    ChessUciEngineTest.completion(interrupted));
            while (pool.size() == 0) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            game.shutdownNow();
            assertThatThrownBy(() -> interrupted.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("it was stopped and can search again");
            assertThat(game.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(search(pool, List.of(), TIMEOUT).get(5, TimeUnit.SECONDS).bestMove()).isEqualTo("e2e4");
            assertThat(pool.startedProcesses()).as("the interrupted search's process was reused").hasSize(1);
        }
    }

    /** A search whose thread is interrupted before {@code go} (the flag already set) sends none and keeps its process. */
    @Test
    void aSearchInterruptedBeforeItsGoKeepsItsProcess() throws Exception {
        fake = FakeUciEngine.write(dir, 99, false, false);
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            pool.warmUp(1);
            CompletableFuture<SearchResult> interrupted = new CompletableFuture<>();
            PooledSearch.start(pool, task -> executor.execute(() -> {
                Thread.currentThread().interrupt(); // as a game's end does to a search that is about to begin
                task.run();
            }), List.of(), SearchLimit.nodes(1000), 1, TIMEOUT, ChessUciEngineTest.completion(interrupted));
            assertThatThrownBy(() -> interrupted.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(InterruptedIOException.class).hasMessageContaining("before a search");
            assertThat(search(pool, List.of(), TIMEOUT).get(5, TimeUnit.SECONDS).bestMove()).isEqualTo("e2e4");
            assertThat(pool.startedProcesses()).as("the interrupted search's process was reused").hasSize(1);
        }
    }

    /**
     * A search thread dropping a deaf engine (quit, then a kill after 2 s) while the game ends and the pool is
     * closed: close must not return before that process has ended, or a command that exits right after it
     * would leave the process running.
     */
    @Test
    void closingThePoolWaitsForAProcessAnotherThreadIsStillShuttingDown() throws Exception {
        fake = FakeUciEngine.write(dir, 0, false, false); // every go makes it deaf (exec sleep)
        EnginePool pool = new EnginePool(fake.program(), 1);
        UciEngine engine = pool.acquire();
        executor.execute(() -> {
            try {
                engine.search(List.of(), SearchLimit.nodes(1000), 1, () -> false, Duration.ofSeconds(30));
            } catch (IOException ignored) {
                // the process is killed under it
            }
        });
        long pid = engine.process().pid();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep")
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        executor.execute(() -> pool.discard(engine)); // quit is ignored: the discarding thread kills it after 2 s
        Thread.sleep(100);
        pool.close();
        assertThat(FakeUciEngine.exists(pid)).as("process %d outlived close()", pid).isFalse();
    }

    @Test
    void closingThePoolWaitsForAProcessAnotherThreadIsStillStarting() throws Exception {
        fake = FakeUciEngine.write(dir, 99, false, false);
        // the same engine, half a second slow to start: close() comes while acquire() is in its handshake
        Path slow = dir.resolve("slow-engine.sh");
        Files.writeString(slow, "#!/bin/sh\necho $$ >> '" + fake.pidFile() + "'\nsleep 0.5\nexec '"
                + fake.program() + "'\n");
        assertThat(slow.toFile().setExecutable(true)).isTrue();
        EnginePool pool = new EnginePool(slow, 1);
        CompletableFuture<Void> acquired = CompletableFuture.runAsync(() -> {
            try {
                pool.acquire();
            } catch (IOException | InterruptedException expected) {
                // the pool was closed while the process started
            }
        }, executor);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fake.pids().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        pool.close(); // before, it returned at once: the starting process was not yet among those it waits for
        for (long pid : fake.pids()) {
            assertThat(FakeUciEngine.exists(pid)).as("process %d outlived close()", pid).isFalse();
        }
        acquired.get(10, TimeUnit.SECONDS);
    }

    /**
     * A start whose thread is interrupted during the handshake (a guess cancelled while its engine starts) kills the
     * process and waits for it to end; before, the wait gave up at once on the interrupt, so the killed process could
     * outlive the pool, which never knew of it.
     */
    @Test
    void aStartInterruptedDuringItsHandshakeLeavesNoProcess() throws Exception {
        Path silent = Files.writeString(dir.resolve("silent-engine.sh"), "#!/bin/sh\nexec sleep 600\n");
        assertThat(silent.toFile().setExecutable(true)).isTrue();
        Set<Long> before = children();
        for (int i = 0; i < 20; i++) { // the kill is quick: a wait that gives up shows only now and then
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> UciEngine.start(silent)).isInstanceOf(UciProtocolException.class)
                        .hasMessageContaining("interrupted");
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
            Set<Long> left = children();
            left.removeAll(before);
            assertThat(left).as("processes started and left behind (running or unreaped), start %d", i).isEmpty();
        }
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void theDefaultTimeoutFollowsTheLimit() {
        assertThat(SearchLimit.movetime(100).defaultTimeout()).isEqualTo(Duration.ofMillis(10_200));
        assertThat(SearchLimit.movetime(Long.MAX_VALUE).defaultTimeout()).isPositive();
        assertThat(SearchLimit.nodes(200_000).defaultTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(SearchLimit.depth(20).defaultTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(UciEngine.seconds(Duration.ofMillis(300))).isEqualTo("0.3");
        assertThat(UciEngine.seconds(Duration.ofMinutes(5))).isEqualTo("300");
    }

    /**
     * An Error inside the search (here from the list of moves, as an AssertionError or a StackOverflowError would come
     * from anywhere in it) escaped the search's thread: the call was never reported, so the runner waited for it for
     * ever, and its process was never released, so a pool of one had none for the next search. It now fails the call,
     * as core does with an Error of blocking work, and the process (its state unknown) is quit and replaced.
     */
    @Test
    void anErrorInTheSearchFailsItsCallAndFreesItsProcess() throws Exception {
        fake = FakeUciEngine.write(dir, FakeUciEngine.LINE.size(), false, false);
        List<String> broken = new java.util.AbstractList<>() {
            @Override
            public String get(int index) {
                throw new AssertionError("a broken list of moves");
            }

            @Override
            public int size() {
                return 1;
            }
        };
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            CompletableFuture<SearchResult> failed = search(pool, broken, TIMEOUT);
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AssertionError.class).hasMessage("a broken list of moves");

            SearchResult next = search(pool, List.of(), TIMEOUT).get(5, TimeUnit.SECONDS);
            assertThat(next.bestMove()).isEqualTo("e2e4");
        }
    }

    private CompletableFuture<SearchResult> search(EnginePool pool, List<String> moves, Duration timeout) {
        CompletableFuture<SearchResult> result = new CompletableFuture<>();
        PooledSearch.start(pool, executor, moves, SearchLimit.nodes(1000), 1, timeout, ChessUciEngineTest.completion(result));
        return result;
    }

}
