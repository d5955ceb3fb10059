package dev.specagent.envs.chess.uci;

import dev.specagent.core.call.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The order in which an {@link EnginePool} hands out its processes (its {@link Admission}): speculative searches hold at
 * most all but one, a waiting committed search goes before waiting speculative ones, an adopted one is served as
 * committed, and a cancelled or interrupted one leaves the queue at once. Each waiting search runs on its own thread;
 * the test goes on once the pool counts it as queued (no sleeps). The engines are {@link FakeUciEngine}s.
 */
class ChessEnginePoolAdmissionTest {

    @TempDir
    Path dir;
    private FakeUciEngine fake;

    /** An acquire running on its own thread. */
    private record Acquiring(Thread thread, CompletableFuture<UciEngine> engine) {
        UciEngine get() throws Exception {
            return engine.get(10, TimeUnit.SECONDS);
        }

        Throwable failure() throws Exception {
            return engine.handle((e, failure) -> failure).get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void engine() throws Exception {
        fake = FakeUciEngine.write(dir, 99, false, false);
    }

    @AfterEach
    void noProcessLeftBehind() throws Exception {
        fake.assertNoneLeft();
    }

    @Test
    void speculativeSearchesLeaveOneProcessToTheCommittedPath() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 3)) {
            UciEngine s1 = pool.acquire(pool.ticket(true));
            UciEngine s2 = pool.acquire(pool.ticket(true));
            Acquiring s3 = queued(pool, pool.ticket(true), 1);
            assertThat(pool.size()).as("a process is still free under the bound of 3").isEqualTo(2);
            Acquiring committed = acquiring(pool, pool.ticket(false));
            UciEngine c = committed.get(); // the reserved process, at once
            assertThat(s3.engine()).isNotDone();
            pool.release(s1);
            UciEngine s3Engine = s3.get();
            assertThat(s3Engine).isSameAs(s1);
            assertThat(pool.waits()).isEqualTo(new Admission.Waits(0, 1));
            assertThat(pool.peakProcesses()).isEqualTo(3);
            releaseAll(pool, s2, c, s3Engine);
        }
    }

    @Test
    void aWaitingCommittedSearchIsServedBeforeSpeculativeOnesThatCameFirst() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 2)) {
            UciEngine c1 = pool.acquire(pool.ticket(false));
            UciEngine s1 = pool.acquire(pool.ticket(true));
            Acquiring s2 = queued(pool, pool.ticket(true), 1);
            Acquiring c2 = queued(pool, pool.ticket(false), 2);
            pool.release(s1);
            UciEngine next = c2.get(); // the reserved process is busy: the committed search takes the shared one
            assertThat(next).isSameAs(s1);
            assertThat(s2.engine()).isNotDone();
            assertThat(pool.queued()).isEqualTo(1);
            pool.release(c1);
            // the reserved process is free again, but never serves speculation: the guess waits for the shared one
            assertThat(pool.queued()).isEqualTo(1);
            assertThat(s2.engine()).isNotDone();
            pool.release(next);
            assertThat(s2.get()).isSameAs(s1);
            assertThat(pool.waits()).isEqualTo(new Admission.Waits(1, 1));
            assertThat(pool.peakProcesses()).isEqualTo(2);
            releaseAll(pool, s1);
        }
    }

    @Test
    void anAdoptedSearchIsServedAsCommittedAndCancelledOrInterruptedSiblingsLeaveTheQueueAtOnce() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 2)) {
            UciEngine committed = pool.acquire(pool.ticket(false));
            UciEngine guess = pool.acquire(pool.ticket(true));
            Admission.Ticket right = pool.ticket(true);
            Admission.Ticket wrong = pool.ticket(true);
            Acquiring adopted = queued(pool, right, 1);
            Acquiring cancelled = queued(pool, wrong, 2);
            Acquiring interrupted = queued(pool, pool.ticket(true), 3);

            // the committed think ends; the speculative limit (1, held by the guess) keeps the branches waiting
            pool.release(committed);
            assertThat(pool.queued()).isEqualTo(3);
            // its move was guessed right: that branch is adopted, the others are cancelled or their threads interrupted
            right.promote();
            assertThat(adopted.get()).isSameAs(committed);
            wrong.withdraw();
            assertThat(cancelled.failure()).isInstanceOf(CancellationException.class)
                    .hasMessage("the search was cancelled while it waited for an engine process");
            interrupted.thread().interrupt();
            assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
            assertThat(pool.queued()).isZero();
            assertThat(pool.waits()).isEqualTo(new Admission.Waits(0, 3));

            // the adopted search no longer counts as speculation: the next guess gets the guess's process
            pool.release(guess);
            assertThat(acquiring(pool, pool.ticket(true)).get()).isSameAs(guess);
            assertThat(pool.peakProcesses()).isEqualTo(2);
            releaseAll(pool, guess, committed);
        }
    }

    /** The runner's cancel and adoption reach a {@link PooledSearch} that still waits for a process. */
    @Test
    void aPooledSearchCancelledWhileItWaitsLeavesTheQueueAndAnAdoptedOneIsServedAsCommitted() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 2);
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            UciEngine committed = pool.acquire(pool.ticket(false));
            UciEngine guess = pool.acquire(pool.ticket(true));
            CompletableFuture<SearchResult> adoptedResult = new CompletableFuture<>();
            CompletableFuture<SearchResult> cancelledResult = new CompletableFuture<>();
            PooledSearch adopted = PooledSearch.start(pool, executor, List.of(), SearchLimit.nodes(10), 1,
                    Duration.ofSeconds(10), true, ChessUciEngineTest.completion(adoptedResult));
            awaitQueued(pool, 1);
            PooledSearch cancelled = PooledSearch.start(pool, executor, List.of(), SearchLimit.nodes(10), 1,
                    Duration.ofSeconds(10), true, ChessUciEngineTest.completion(cancelledResult));
            awaitQueued(pool, 2);

            assertThat(cancelled.cancel()).as("a local search costs nothing").isEqualTo(Usage.ZERO);
            awaitQueued(pool, 1); // it left the queue without a process coming free
            assertThat(cancelled.cancel()).as("cancelling again").isEqualTo(Usage.ZERO);
            adopted.adopted();
            pool.release(committed); // the reserved process, which an adopted branch may take
            assertThat(adoptedResult.get(10, TimeUnit.SECONDS).bestMove()).isEqualTo("e2e4");
            assertThat(cancelledResult).as("a cancelled search reports nothing").isNotDone();
            assertThat(pool.queued()).isZero();
            assertThat(pool.startedProcesses()).hasSize(2);
            releaseAll(pool, guess);
        }
    }

    /** A discarded process (one whose search failed) is quit at once, not at the pool's close, and replaced. */
    @Test
    void aDiscardedProcessIsQuitAtOnceAndItsPlaceFreed() throws Exception {
        try (EnginePool pool = new EnginePool(fake.program(), 1)) {
            UciEngine failed = pool.acquire();
            ProcessHandle process = failed.process();
            pool.discard(failed);
            assertThat(process.isAlive()).as("quit by the discard").isFalse();
            assertThat(pool.size()).isZero();
            UciEngine fresh = pool.acquire(); // the place is free again: no wait on a pool of 1
            assertThat(fresh).isNotSameAs(failed);
            assertThat(pool.startedProcesses()).hasSize(2);
            releaseAll(pool, fresh);
        }
    }

    @Test
    void theNicenessOfSpeculationIs0To19AndNoneWithASingleProcess() {
        assertThat(new EnginePool(fake.program(), 2, 19).speculativeNiceness()).isEqualTo(LowerPriority.available() ? 19 : 0);
        assertThat(new EnginePool(fake.program(), 1, 10).speculativeNiceness()).as("nothing reserved").isZero();
        assertThatThrownBy(() -> new EnginePool(fake.program(), 2, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the niceness of speculative engines must be 0 to 19, got 20");
        assertThatThrownBy(() -> new EnginePool(fake.program(), 2, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the niceness of speculative engines must be 0 to 19, got -1");
        assertThatThrownBy(() -> new EnginePool(fake.program(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an engine pool needs at least one process, got 0");
    }

    private static void releaseAll(EnginePool pool, UciEngine... engines) {
        for (UciEngine engine : engines) {
            pool.release(engine);
        }
    }

    private static Acquiring acquiring(EnginePool pool, Admission.Ticket ticket) {
        CompletableFuture<UciEngine> engine = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().daemon().start(() -> {
            try {
                engine.complete(pool.acquire(ticket));
            } catch (Throwable e) {
                engine.completeExceptionally(e);
            }
        });
        return new Acquiring(thread, engine);
    }

    /** Starts acquiring with {@code ticket} on its own thread and waits until it is the {@code n}th queued search. */
    private static Acquiring queued(EnginePool pool, Admission.Ticket ticket, int n) throws InterruptedException {
        Acquiring acquiring = acquiring(pool, ticket);
        awaitQueued(pool, n);
        return acquiring;
    }

    /** Waits until {@code n} searches wait in the pool's queue (a condition, not a time window). */
    private static void awaitQueued(EnginePool pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.queued() != n) {
            assertThat(System.nanoTime()).as("%d searches queued", n).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
