package dev.specagent.envs.chess.uci;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;

/**
 * One search run on a process of an {@link EnginePool}, as a cancellable call: it runs on
 * {@code executor} (blocking: acquire a process, search, release it), reports to {@code done}, and
 * {@link CallHandle#cancel()} sends {@code stop} to the process if the search is running (the process
 * returns to the pool once its {@code bestmove} is read) or keeps it from starting otherwise.
 *
 * <p>A search without {@code bestmove} within its timeout (counted from {@code go}, not from the wait for a
 * free process) fails with a {@link SearchTimeoutException}. A process that answered the timeout's {@code stop}
 * returns to the pool; one that did not (nor a cancel's {@code stop}, within the stop grace of
 * {@link UciEngine#search(List, SearchLimit, int, java.util.function.BooleanSupplier, java.time.Duration)}) was
 * killed and is dropped from the pool, so that the next search that needs a process starts a fresh one.
 *
 * <p>A speculative search waits for its process behind committed ones (the pool's {@link Admission}); when the runner
 * adopts it ({@link #adopted()}) it is served as committed from then on, and a cancel while it waits takes it out of
 * the queue at once.
 */
public final class PooledSearch implements CallHandle {

    private final EnginePool pool;
    private final Admission.Ticket ticket;
    private UciEngine running;
    private boolean cancelled;

    private PooledSearch(EnginePool pool, boolean speculative) {
        this.pool = pool;
        this.ticket = pool.ticket(speculative);
    }

    /** Starts searching the position after {@code moves}, with the limit's {@linkplain SearchLimit#defaultTimeout() default timeout}. */
    public static PooledSearch start(EnginePool pool, Executor executor, List<String> moves, SearchLimit limit,
                                     int multiPv, Completion<SearchResult> done) {
        return start(pool, executor, moves, limit, multiPv, limit.defaultTimeout(), done);
    }

    /** Starts searching the position after {@code moves} on the committed path; a search without {@code bestmove} within {@code timeout} fails. */
    public static PooledSearch start(EnginePool pool, Executor executor, List<String> moves, SearchLimit limit,
                                     int multiPv, Duration timeout, Completion<SearchResult> done) {
        return start(pool, executor, moves, limit, multiPv, timeout, false, done);
    }

    /**
     * Starts searching the position after {@code moves}, for the committed path or for speculation ({@code
     * speculative}: a guess or a branch); a search without {@code bestmove} within {@code timeout} fails.
     */
    public static PooledSearch start(EnginePool pool, Executor executor, List<String> moves, SearchLimit limit,
                                     int multiPv, Duration timeout, boolean speculative, Completion<SearchResult> done) {
        PooledSearch search = new PooledSearch(pool, speculative);
        executor.execute(() -> search.run(moves, limit, multiPv, timeout, done));
        return search;
    }

    private void run(List<String> moves, SearchLimit limit, int multiPv, Duration timeout,
                     Completion<SearchResult> done) {
        UciEngine engine = null;
        try {
            engine = pool.acquire(ticket);
            synchronized (this) {
                if (cancelled) {
                    pool.release(engine);
                    return;
                }
                running = engine;
            }
            SearchResult result = engine.search(moves, limit, multiPv, this::isCancelled, timeout);
            synchronized (this) {
                running = null;
            }
            pool.release(engine);
            engine = null;
            if (isCancelled()) {
                return;
            }
            if (result.stopped()) { // stopped, not by this search's cancel: the pool was closed under it
                done.fail(new IllegalStateException("the engine pool was closed during the search"), Usage.ZERO);
                return;
            }
            done.succeed(result, Usage.ZERO);
        } catch (CancellationException e) {
            // cancelled while it waited for a process: the runner ignores a cancelled call's report
        } catch (Exception | Error e) { // an Error too, as core fails blocking work: unreported, the call never ends
            if (engine != null) {
                synchronized (this) {
                    running = null;
                }
                if (e instanceof SearchTimeoutException timedOut && !timedOut.killed()
                        || e instanceof InterruptedIOException) {
                    pool.release(engine); // it answered the stop: its bestmove was read, it can search again
                } else {
                    pool.discard(engine); // a hung process was killed; a failed one is quit
                }
            }
            if (e instanceof InterruptedException || e instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
            }
            done.fail(e, Usage.ZERO);
        }
    }

    private synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public synchronized Usage cancel() {
        if (cancelled) {
            return Usage.ZERO;
        }
        cancelled = true;
        if (running != null) {
            // under the lock: the process cannot be released and start another search before this stop is sent
            running.stop();
        } else {
            ticket.withdraw();
        }
        return Usage.ZERO;
    }

    /** The committed path now waits for this search: it is served as committed (ahead of speculative ones). */
    @Override
    public void adopted() {
        ticket.promote();
    }
}
