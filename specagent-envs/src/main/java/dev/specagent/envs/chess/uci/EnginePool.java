package dev.specagent.envs.chess.uci;

import dev.specagent.core.data.FileNames;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pool of engine processes, one per concurrent search: a search {@link #acquire acquires} an idle
 * process or starts a new one while fewer than {@code maxProcesses} exist, and otherwise waits; it
 * {@link #release releases} the process only after the search returned its {@code bestmove}. Which waiting search
 * goes first, and which process it may hold, is the pool's {@link Admission}: a committed search never waits behind
 * speculative ones, and with at least 2 processes one is reserved for the committed path.
 *
 * <p>The processes that speculation shares ({@link Admission.Slot#SHARED}) are started at a lower scheduling
 * priority, {@code speculativeNiceness} above this JVM's niceness ({@code nice -n}), while the reserved one runs at
 * normal priority, so that on a busy CPU the kernel gives the committed path's search its share first. A process keeps
 * the slot, and the priority, it was started for: without privilege a process cannot lower its niceness again. So a
 * branch that the runner adopts while it runs finishes at the lower priority; one adopted while it still waits takes
 * the reserved process when that is free. With a single process (nothing reserved) it runs at normal priority.
 * {@link #close} quits every process. Thread-safe.
 */
public final class EnginePool implements AutoCloseable {

    /** Where the Debian package installs Stockfish. */
    public static final Path DEFAULT_STOCKFISH = Path.of("/usr/games/stockfish");
    /**
     * How many ended processes {@link #startedProcesses()} keeps beside those that may still run: a pool that lives for
     * hours replaces every process that was killed or crashed, and keeps only the last ones it replaced.
     */
    public static final int ENDED_KEPT = 16;
    /** How much lower the priority of the processes that serve speculation is by default: {@code nice -n 10}. */
    public static final int DEFAULT_SPECULATIVE_NICENESS = 10;

    private final Path binary;
    private final int maxProcesses;
    private final int speculativeNiceness;
    /** The idle processes of each slot; a process returns to its own slot's. */
    private final Map<Admission.Slot, Deque<UciEngine>> idle = new EnumMap<>(Admission.Slot.class);
    /** Every process, with the slot it was started for. */
    private final Map<UciEngine, Admission.Slot> all = new LinkedHashMap<>();
    /** The ticket each process that a search holds was acquired with. */
    private final Map<UciEngine, Admission.Ticket> holders = new HashMap<>();
    private final Admission admission;
    /** The processes started, in start order: those that may run, and the last {@link #ENDED_KEPT} that ended. */
    private final List<ProcessHandle> started = new ArrayList<>();
    private int starting;
    private int peak;
    private boolean closed;

    /** A pool of at most {@code maxProcesses}, speculation's at the {@linkplain #DEFAULT_SPECULATIVE_NICENESS default} lower priority. */
    public EnginePool(Path binary, int maxProcesses) {
        this(binary, maxProcesses, DEFAULT_SPECULATIVE_NICENESS);
    }

    /**
     * A pool of at most {@code maxProcesses} processes of {@code binary}; those that serve speculation run with their
     * niceness {@code speculativeNiceness} (0 to 19; 0: normal priority) above this JVM's.
     */
    public EnginePool(Path binary, int maxProcesses, int speculativeNiceness) {
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("an engine pool needs at least one process, got " + maxProcesses);
        }
        if (speculativeNiceness < 0 || speculativeNiceness > 19) {
            throw new IllegalArgumentException("the niceness of speculative engines must be 0 to 19, got "
                    + speculativeNiceness);
        }
        this.binary = binary;
        this.maxProcesses = maxProcesses;
        this.admission = new Admission(maxProcesses);
        for (Admission.Slot slot : Admission.Slot.values()) {
            idle.put(slot, new ArrayDeque<>());
        }
        boolean lowered = speculativeNiceness > 0 && admission.hasReserved();
        if (lowered && !LowerPriority.available()) {
            LowerPriority.warnUnavailable();
        }
        this.speculativeNiceness = lowered && LowerPriority.available() ? speculativeNiceness : 0;
    }

    /**
     * How much higher the niceness of the processes that serve speculation is than the reserved process's: 0 when
     * it was asked to be, when the pool has a single process (nothing reserved), or when {@code nice} is not on the
     * PATH.
     */
    public int speculativeNiceness() {
        return speculativeNiceness;
    }

    /**
     * The Stockfish binary: {@code SPECAGENT_STOCKFISH} when set (a path, relative ones to the working folder, as
     * {@code scripts/ensure-tools.sh} checks it), else {@link #DEFAULT_STOCKFISH} when it is an
     * executable file, else the first executable file {@code stockfish} in a directory of the PATH, else
     * {@link #DEFAULT_STOCKFISH}. A directory is not an executable file, and an empty PATH entry is skipped rather
     * than read as the current directory: a Stockfish there is named by its path in {@code SPECAGENT_STOCKFISH}.
     *
     * @throws IllegalArgumentException naming {@code SPECAGENT_STOCKFISH} when it is no path on this system
     */
    public static Path stockfish() {
        return stockfish(System.getenv("SPECAGENT_STOCKFISH"), DEFAULT_STOCKFISH, System.getenv("PATH"));
    }

    /** {@link #stockfish()} with its environment given: the variable's value, the default binary and the PATH. */
    static Path stockfish(String override, Path defaultBinary, String path) {
        if (override != null && !override.isBlank()) {
            // a path, also a bare name: started by ProcessBuilder, a bare name was looked up on the PATH, not here
            try {
                return Path.of(override).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("SPECAGENT_STOCKFISH=" + override + " is no path: "
                        + FileNames.whyNoPath(e));
            }
        }
        if (Executables.isExecutableFile(defaultBinary)) {
            return defaultBinary;
        }
        return Executables.onPath("stockfish", path).orElse(defaultBinary);
    }

    /**
     * Whether Stockfish can be started here: {@link #stockfish()} is an executable file (not when
     * {@code SPECAGENT_STOCKFISH} is no path).
     */
    public static boolean stockfishAvailable() {
        try {
            return Executables.isExecutableFile(stockfish());
        } catch (IllegalArgumentException noPath) {
            return false;
        }
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
     * lets it hold one. An idle process that has died since its release (killed, crashed) is quit and replaced.
     *
     * @throws java.util.concurrent.CancellationException when the ticket was withdrawn while it waited
     */
    public UciEngine acquire(Admission.Ticket ticket) throws IOException, InterruptedException {
        if (!admission.await(ticket)) {
            throw new IOException("the engine pool is closed");
        }
        boolean closedNow;
        Admission.Slot slot = ticket.slot();
        UciEngine idleEngine = null;
        List<UciEngine> dead = new ArrayList<>();
        synchronized (this) {
            closedNow = closed;
            if (!closed) {
                // a process that died while idle (killed, crashed) would fail the search: a new one takes its place
                while ((idleEngine = idle.get(slot).pollFirst()) != null && !idleEngine.isAlive()) {
                    all.remove(idleEngine);
                    dead.add(idleEngine);
                }
                if (idleEngine != null) {
                    holders.put(idleEngine, ticket);
                } else {
                    // the admission keeps each slot's processes (idle or held) within its count, so all within maxProcesses
                    starting++;
                    peak = Math.max(peak, all.size() + starting);
                }
            }
        }
        dead.forEach(UciEngine::close);
        if (idleEngine != null) {
            return idleEngine;
        }
        if (closedNow) {
            admission.leave(ticket);
            throw new IOException("the engine pool is closed");
        }
        UciEngine engine = null;
        try {
            engine = UciEngine.start(binary, slot == Admission.Slot.SHARED ? speculativeNiceness : 0);
        } finally {
            synchronized (this) {
                starting--;
                if (engine != null) {
                    all.put(engine, slot);
                    started.add(engine.process());
                    forgetEnded();
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
     * does not pay for starting engines and loading their networks (the reserved process first, then shared ones, at
     * their priorities); each searches to depth 1 with that limit's {@linkplain SearchLimit#defaultTimeout() default
     * timeout}.
     */
    public void warmUp(int processes) throws IOException, InterruptedException {
        warmUp(processes, SearchLimit.depth(1).defaultTimeout());
    }

    /**
     * Like {@link #warmUp(int)}, but a process that gives no {@code bestmove} to its depth-1 search within
     * {@code timeout} fails the warm-up with a {@link SearchTimeoutException} (and is stopped or killed).
     */
    public void warmUp(int processes, Duration timeout) throws IOException, InterruptedException {
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
            Admission.Slot slot = all.get(engine);
            quit = closed || !engine.isAlive() || slot == null;
            if (quit) {
                all.remove(engine);
            } else {
                idle.get(slot).addFirst(engine);
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
            Admission.Slot slot = all.remove(engine);
            if (slot != null) {
                idle.get(slot).remove(engine);
            }
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

    /**
     * The most searches that held a process at one time (searching on an engine, not waiting for one) since the last
     * call, or since the pool was made; warm-up searches count too. Never above the pool's limit.
     */
    public int takePeakSearches() {
        return admission.takePeakHeld();
    }

    /** The processes alive now that were started for {@code slot}. */
    public synchronized List<ProcessHandle> processes(Admission.Slot slot) {
        return all.entrySet().stream().filter(e -> e.getValue() == slot).map(e -> e.getKey().process()).toList();
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

    /**
     * The processes this pool started, in start order, for checking that none is left behind: every one that may still
     * run, and the last {@link #ENDED_KEPT} that ended (the older ended ones are forgotten as new ones start).
     */
    public synchronized List<ProcessHandle> startedProcesses() {
        return List.copyOf(started);
    }

    /** Forgets the oldest ended processes beyond the last {@link #ENDED_KEPT}. */
    private void forgetEnded() {
        int ended = (int) started.stream().filter(p -> !p.isAlive()).count();
        for (Iterator<ProcessHandle> it = started.iterator(); ended > ENDED_KEPT && it.hasNext(); ) {
            if (!it.next().isAlive()) {
                it.remove();
                ended--;
            }
        }
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
            engines = new ArrayList<>(all.keySet());
            all.clear();
            idle.values().forEach(Deque::clear);
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
