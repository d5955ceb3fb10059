package dev.specagent.envs.chess.uci;

import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.envs.chess.live.LiveChessGame;
import dev.specagent.envs.chess.players.StockfishPlayer;
import dev.specagent.envs.chess.replay.RecordedGame;
import dev.specagent.envs.chess.replay.RecordedStep;
import dev.specagent.envs.chess.rules.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The scheduling priority of an {@link EnginePool}'s processes, read from the kernel ({@code /proc/PID/stat}, field
 * 19: the niceness): those that serve speculation run {@code nice -n 10} lower than this JVM, the one reserved for
 * the committed path at the JVM's own; a speculative search runs on the former, a committed one on the latter, and so
 * does the remote estimate's measurement of the guesser, alone after the games.
 */
class ChessEnginePriorityTest {

    @TempDir
    Path dir;
    private FakeUciEngine fake;
    private int own;

    @BeforeEach
    void engine() throws Exception {
        assumeThat(LowerPriority.available()).as("nice on the PATH").isTrue();
        own = niceness(ProcessHandle.current().pid());
        assumeThat(own).as("this JVM's niceness leaves room to go 10 lower").isLessThanOrEqualTo(9);
        fake = FakeUciEngine.write(dir, 99, false, false);
    }

    @AfterEach
    void noProcessLeftBehind() throws Exception {
        if (fake != null) {
            fake.assertNoneLeft();
        }
    }

    @Test
    void speculativeSearchesRunOnLowerPriorityProcessesAndCommittedOnesOnTheNormalOne() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 3)) {
            assertThat(pool.speculativeNiceness()).isEqualTo(10);
            UciEngine guess = pool.acquire(pool.ticket(true));
            UciEngine branch = pool.acquire(pool.ticket(true));
            UciEngine think = pool.acquire(pool.ticket(false));
            assertThat(niceness(guess)).as("a guess's process").isEqualTo(own + 10);
            assertThat(niceness(branch)).as("a branch's process").isEqualTo(own + 10);
            assertThat(niceness(think)).as("the committed think's process").isEqualTo(own);
            pool.release(think);
            pool.release(guess);
            // released processes keep their priority and serve their own kind again
            assertThat(pool.acquire(pool.ticket(false))).isSameAs(think);
            UciEngine next = pool.acquire(pool.ticket(true));
            assertThat(next).isSameAs(guess);
            assertThat(pool.processes(Admission.Slot.RESERVED)).hasSize(1);
            assertThat(pool.processes(Admission.Slot.SHARED)).hasSize(2);
            List.of(think, next, branch).forEach(pool::release);
        }
    }

    @Test
    void theWarmUpStartsTheReservedProcessAtNormalPriorityAndTheOthersLower() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 4)) {
            pool.warmUp(4);
            assertThat(pool.processes(Admission.Slot.RESERVED)).singleElement()
                    .satisfies(p -> assertThat(niceness(p.pid())).isEqualTo(own));
            assertThat(pool.processes(Admission.Slot.SHARED)).hasSize(3)
                    .allSatisfy(p -> assertThat(niceness(p.pid())).isEqualTo(own + 10));
        }
    }

    @Test
    void withNicenessZeroOrASingleProcessEveryProcessRunsAtNormalPriority() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 3, 0)) {
            assertThat(pool.speculativeNiceness()).isZero();
            UciEngine guess = pool.acquire(pool.ticket(true));
            assertThat(niceness(guess)).isEqualTo(own);
            pool.release(guess);
        }
        // one process serves both kinds: the committed path's search must not run at the lower priority
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            assertThat(pool.speculativeNiceness()).isZero();
            UciEngine guess = pool.acquire(pool.ticket(true));
            assertThat(niceness(guess)).isEqualTo(own);
            pool.release(guess);
        }
    }

    @Test
    void inALiveStockfishGameTheGuessesAndBranchesRunLowerThanTheCommittedThink() throws Exception {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        try (EnginePool pool = new EnginePool(EnginePool.stockfish(), 4)) {
            pool.warmUp(4); // as the command does: a process still starting when the game ends is dropped
            StockfishPlayer actor = new StockfishPlayer(pool, SearchLimit.nodes(20_000));
            StockfishPlayer guesser = new StockfishPlayer(pool, SearchLimit.nodes(500));
            LiveChessGame.Played played = LiveChessGame.play(new LiveChessGame.Setup(actor, actor, guesser, 6),
                    new Algorithm1Policy(2));
            assertThat(played.moves()).hasSize(6);
            assertThat(pool.processes(Admission.Slot.RESERVED)).singleElement()
                    .satisfies(p -> assertThat(niceness(p.pid())).isEqualTo(own));
            assertThat(pool.processes(Admission.Slot.SHARED)).hasSize(3)
                    .allSatisfy(p -> assertThat(niceness(p.pid())).isEqualTo(own + 10));
            assertThat(pool.takePeakSearches()).as("searches on an engine at once").isBetween(2, 4);
        }
    }

    @Test
    void theRemoteEstimateMeasuresTheGuessesAtNormalPriorityWhileAGamesGuessesRunLower() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 3)) {
            pool.warmUp(3); // as the command does: the reserved process and two shared ones, idle
            StockfishPlayer actor = new StockfishPlayer(pool, SearchLimit.nodes(1000));
            StockfishPlayer guesser = new StockfishPlayer(pool, SearchLimit.nodes(100));
            LiveChessGame.Setup setup = new LiveChessGame.Setup(actor, actor, guesser, 4);
            LiveChessGame.Played sequential = LiveChessGame.play(setup, new SequentialPolicy());
            assertThat(sequential.moves()).isEqualTo(FakeUciEngine.LINE.subList(0, 4));

            int before = fake.searchPids().size();
            RecordedGame record = LiveChessGame.record(setup, sequential, 2);
            List<Long> measured = fake.searchPids().subList(before, fake.searchPids().size());
            assertThat(record.steps()).extracting(RecordedStep::guesses)
                    .containsExactly(List.of("e2e4"), List.of("e7e5"), List.of("g1f3"), List.of("b8c6"));
            // meant as the uncontended time: a niced process would be timed slow on a busy machine
            assertThat(measured).as("the processes of the record's guess searches").hasSize(4)
                    .allSatisfy(pid -> assertThat(niceness(pid)).as("niceness of %d", pid).isEqualTo(own));

            // in a game the speculator's guess is still speculation, on a lower-priority process
            before = fake.searchPids().size();
            CompletableFuture<List<Guess>> guessed = new CompletableFuture<>();
            try (RealClock clock = new RealClock()) {
                guesser.guess(Position.start(), 2, clock, new Completion<>() {
                    @Override
                    public void succeed(List<Guess> value, Usage usage) {
                        guessed.complete(value);
                    }

                    @Override
                    public void fail(Throwable error, Usage spent) {
                        guessed.completeExceptionally(error);
                    }
                });
                assertThat(guessed.get(10, TimeUnit.SECONDS)).extracting(g -> g.value().asText()).containsExactly("e2e4");
            }
            assertThat(fake.searchPids().subList(before, fake.searchPids().size())).singleElement()
                    .satisfies(pid -> assertThat(niceness(pid)).isEqualTo(own + 10));
        }
    }

    @Test
    void anEngineThatCannotBeFoundIsNamedAsWithoutNice() {
        Path missing = dir.resolve("no-such-engine");
        try (EnginePool pool = new EnginePool(missing, 2)) {
            assertThatThrownBy(() -> pool.acquire(pool.ticket(true)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot start the chess engine " + missing + " (install the Debian package");
        }
        fake = null;
    }

    @Test
    void niceIsLookedUpOnThePath() throws Exception {
        assertThat(Executables.onPath("nice", dir.toString())).isEmpty();
        assertThat(LowerPriority.command(Path.of("/x/stockfish"), 0)).containsExactly("/x/stockfish");
        assertThat(LowerPriority.command(Path.of("/x/stockfish"), 10)).hasSize(4).endsWith("-n", "10", "/x/stockfish");
    }

    private static int niceness(UciEngine engine) throws IOException {
        return niceness(engine.process().pid());
    }

    /** Field 19 of {@code /proc/PID/stat} (counted after the command name, which may hold spaces and parentheses). */
    static int niceness(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(after[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
