package dev.specagent.envs.chess.uci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pool of engine processes, one per concurrent search: a search {@link #acquire acquires} an idle
 * process or starts a new one while fewer than {@code maxProcesses} exist, and otherwise waits; it
 * {@link #release releases} the process only after the search returned its {@code bestmove}. Which waiting search
 * goes first, and how many processes speculative searches may hold, is the pool's {@link Admission}: a committed
 * search never waits behind speculative ones. {@link #close} quits every process. Thread-safe.
 */
public final class EnginePool implements AutoCloseable {

    /** Where the Debian package installs Stockfish. */
    public static final Path DEFAULT_STOCKFISH = Path.of("/usr/games/stockfish");

    private final Path binary;
    private final int maxProcesses;
    private final Deque<UciEngine> idle = new ArrayDeque<>();
    private final Set<UciEngine> all = new LinkedHashSet<>();
    /** The ticket each process that a search holds was acquired with. */
    private final Map<UciEngine, Admission.Ticket> holders = new HashMap<>();
    private final Admission admission;
    private final List<ProcessHandle> started = new ArrayList<>();
    private int starting;
    private int peak;
    private boolean closed;

    public EnginePool(Path binary, int maxProcesses) {
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("an engine pool needs at least one process, got " + maxProcesses);
        }
        this.binary = binary;
        this.maxProcesses = maxProcesses;
        this.admission = new Admission(maxProcesses);
    }

    /** The Stockfish binary: {@code SPECAGENT_STOCKFISH}, else {@code /usr/games/stockfish}, else {@code stockfish} on the PATH. */
    public static Path stockfish() {
        String env = System.getenv("SPECAGENT_STOCKFISH");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        if (Files.isExecutable(DEFAULT_STOCKFISH)) {
            return DEFAULT_STOCKFISH;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "stockfish");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return DEFAULT_STOCKFISH;
    }

    /** Whether Stockfish can be started here. */
    public static boolean stockfishAvailable() {
        return Files.isExecutable(stockfish());
    }

    /** A claim for a search on the committed path ({@code speculative} false) or a speculative one. */
    public Admission.Ticket ticket(boolean speculative) {
        return admission.ticket(speculative);
    }

    /** An idle process, a new one, or (at the limit) the next one released, for a search on the committed path. */
    public UciEngine acquire() throws IOException, InterruptedException {
        return acquire(ticket(false));
    }

    /**
     * An idle process, a new one, or the next one released, once {@code ticket}'s {@linkplain Admission admission}
     * lets it hold one.
     *
     * @throws java.util.concurrent.CancellationException when the ticket was withdrawn while it waited
     */
    public UciEngine acquire(Admission.Ticket ticket) throws IOException, InterruptedException {
        if (!admission.await(ticket)) {
            throw new IOException("the engine pool is closed");
        }
        boolean closedNow;
        synchronized (this) {
            closedNow = closed;
            if (!closed) {
                UciEngine engine = idle.pollFirst();
                if (engine != null) {
                    holders.put(engine, ticket);
                    return engine;
                }
                starting++; // the admission keeps the processes (idle or held) within maxProcesses
                peak = Math.max(peak, all.size() + starting);
            }
        }
        if (closedNow) {
            admission.leave(ticket);
            throw new IOException("the engine pool is closed");
        }
        UciEngine engine = null;
        try {
            engine = UciEngine.start(binary);
        } finally {
            synchronized (this) {
                starting--;
                if (engine != null) {
                    all.add(engine);
                    started.add(engine.process());
                    holders.put(engine, ticket);
                }
                notifyAll();
            }
            if (engine == null) {
                admission.leave(ticket);
            }
        }
        if (isClosed()) {
            discard(engine);
            throw new IOException("the engine pool is closed");
        }
        return engine;
    }

    /**
     * Starts processes until {@code processes} (at most the pool's limit) exist, so that a timed game
     * does not pay for starting engines and loading their networks; each searches to depth 1 with that
     * limit's {@linkplain SearchLimit#defaultTimeout() default timeout}.
     */
    public void warmUp(int processes) throws IOException, InterruptedException {
        warmUp(processes, SearchLimit.depth(1).defaultTimeout());
    }

    /**
     * Like {@link #warmUp(int)}, but a process that gives no {@code bestmove} to its depth-1 search within
     * {@code timeout} fails the warm-up with a {@link SearchTimeoutException} (and is stopped or killed).
     */
    public void warmUp(int processes, java.time.Duration timeout) throws IOException, InterruptedException {
        List<UciEngine> taken = new ArrayList<>();
        try {
            while (taken.size() < Math.min(processes, maxProcesses)) {
                taken.add(acquire());
            }
            for (UciEngine engine : taken) {
                engine.search(List.of(), SearchLimit.depth(1), 1, () -> false, timeout);
            }
        } finally {
            taken.forEach(this::release);
        }
    }

    /** Returns a process whose search has ended (its {@code bestmove} was read). */
    public void release(UciEngine engine) {
        boolean quit;
        Admission.Ticket ticket;
        synchronized (this) {
            ticket = holders.remove(engine);
            quit = closed || !engine.isAlive();
            if (quit) {
                all.remove(engine);
            } else {
                idle.addFirst(engine);
            }
            notifyAll();
        }
        leave(ticket);
        if (quit) {
            engine.close();
        }
    }

    /** Drops a process that failed (quitting it) or was killed; a later acquire may start a new one in its place. */
    public void discard(UciEngine engine) {
        Admission.Ticket ticket;
        synchronized (this) {
            ticket = holders.remove(engine);
            all.remove(engine);
            idle.remove(engine);
            notifyAll();
        }
        leave(ticket);
        engine.close();
    }

    private void leave(Admission.Ticket ticket) {
        if (ticket != null) {
            admission.leave(ticket);
        }
    }

    /** Which searches had to wait for a process, committed and speculative ones. */
    public Admission.Waits waits() {
        return admission.waits();
    }

    /** How many searches wait for a process now. */
    public int queued() {
        return admission.queued();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** How many processes are alive now (idle or searching). */
    public synchronized int size() {
        return all.size();
    }

    /**
     * The most processes that existed (or were starting) at one time; never above the limit. More than the
     * limit may have been {@link #startedProcesses started} in all, since a failed or interrupted search's
     * process is discarded and replaced.
     */
    public synchronized int peakProcesses() {
        return peak;
    }

    /** Every process this pool ever started, for checking that none is left behind. */
    public synchronized List<ProcessHandle> startedProcesses() {
        return List.copyOf(started);
    }

    /**
     * Stops every running search and quits every process; returns once every process this pool started has
     * ended, including those a search thread is discarding or killing at the same time (a process still there
     * after a few seconds is killed).
     */
    @Override
    public void close() {
        List<UciEngine> engines;
        admission.close();
        synchronized (this) {
            closed = true;
            notifyAll();
            // a process being started now is not in `started` yet: its starter registers it, then discards it
            boolean interrupted = false;
            while (starting > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            engines = new ArrayList<>(all);
            all.clear();
            idle.clear();
        }
        for (UciEngine e : engines) {
            e.stop();
            e.close();
        }
        awaitEnd(startedProcesses());
    }

    /** Waits up to 3 s for {@code processes} to end, then kills those left and waits for them. */
    private static void awaitEnd(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        try {
            for (ProcessHandle p : processes) {
                try {
                    p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    p.destroyForcibly();
                    p.onExit().get(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            processes.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // onExit does not fail; a process that outlives SIGKILL by 2 s is beyond our reach
        }
    }
}
