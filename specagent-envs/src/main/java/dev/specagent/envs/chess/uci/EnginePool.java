package dev.specagent.envs.chess.uci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pool of engine processes, one per concurrent search: a search {@link #acquire acquires} an idle
 * process or starts a new one while fewer than {@code maxProcesses} exist, and otherwise waits; it
 * {@link #release releases} the process only after the search returned its {@code bestmove}.
 * {@link #close} quits every process. Thread-safe.
 */
public final class EnginePool implements AutoCloseable {

    /** Where the Debian package installs Stockfish. */
    public static final Path DEFAULT_STOCKFISH = Path.of("/usr/games/stockfish");

    private final Path binary;
    private final int maxProcesses;
    private final Deque<UciEngine> idle = new ArrayDeque<>();
    private final Set<UciEngine> all = new LinkedHashSet<>();
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

    /** An idle process, a new one, or (at the limit) the next one released. */
    public UciEngine acquire() throws IOException, InterruptedException {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new IOException("the engine pool is closed");
                }
                UciEngine engine = idle.pollFirst();
                if (engine != null) {
                    return engine;
                }
                if (all.size() + starting < maxProcesses) {
                    starting++;
                    peak = Math.max(peak, all.size() + starting);
                    break;
                }
                wait();
            }
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
                }
                notifyAll();
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
        synchronized (this) {
            quit = closed || !engine.isAlive();
            if (quit) {
                all.remove(engine);
            } else {
                idle.addFirst(engine);
            }
            notifyAll();
        }
        if (quit) {
            engine.close();
        }
    }

    /** Drops a process that failed (quitting it) or was killed; a later acquire may start a new one in its place. */
    public void discard(UciEngine engine) {
        synchronized (this) {
            all.remove(engine);
            idle.remove(engine);
            notifyAll();
        }
        engine.close();
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
