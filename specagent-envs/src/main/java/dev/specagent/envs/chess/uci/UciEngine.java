package dev.specagent.envs.chess.uci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One UCI engine process (Stockfish): the handshake ({@code uci}/{@code uciok}, {@code Threads=1},
 * {@code isready}), searches ({@code ucinewgame}, {@code position startpos moves …},
 * {@code go nodes|depth|movetime}, MultiPV), {@code stop} and {@code quit}.
 *
 * <p>Every search starts from a cleared hash ({@code ucinewgame}), so with one thread and a node or
 * depth limit the same position always gives the same result, whatever the process searched before.
 * One search at a time: {@link #search} blocks until {@code bestmove}, or until its timeout, after which
 * the engine is sent {@code stop} and, if it does not answer that either, killed; {@link #stop} may be called
 * from any thread and makes a running search return at once. The engine's output is read by its own thread
 * ({@link EngineOutput}), so handshakes and searches can time out and a dead engine is noticed.
 */
public final class UciEngine implements AutoCloseable {

    /** How long the engine has to answer {@code uciok} after {@code uci}, and {@code readyok} after {@code isready}. */
    private static final Duration HANDSHAKE = Duration.ofSeconds(20);
    /**
     * How many lines before {@code uciok} make a program no UCI engine (Stockfish writes about 25): one that writes
     * without end would otherwise fill memory with them until the handshake's timeout.
     */
    private static final int HANDSHAKE_LINES = 10_000;
    private static final long POLL_NANOS = 50_000_000;

    /**
     * How long a search has to answer {@code bestmove} after {@code stop} before its process is killed (or its
     * search timeout, when that is shorter). Stockfish answers within milliseconds.
     */
    public static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final Process process;
    private final Writer input;
    private final EngineOutput output;
    private final String name;
    private final Path binary;
    private final Duration handshake;
    private final ReentrantLock searching = new ReentrantLock();
    private volatile boolean closed;
    private volatile boolean stopRequested;

    private UciEngine(Process process, Path binary, Duration handshake) throws IOException {
        this.process = process;
        this.binary = binary;
        this.handshake = handshake;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.output = new EngineOutput(process, binary);
        try {
            send("uci");
            String id = "";
            long deadline = System.nanoTime() + nanos(handshake); // for the answer, however many other lines come first
            int lines = 0;
            for (String line; !(line = output.next(deadline, handshake, "uciok")).equals("uciok"); ) {
                if (++lines >= HANDSHAKE_LINES) {
                    throw new UciProtocolException("the chess engine " + binary + " wrote " + lines
                            + " lines without 'uciok'");
                }
                if (line.startsWith("id name ")) {
                    id = line.substring(8);
                }
            }
            this.name = id;
            send("setoption name Threads value 1");
            send("setoption name Hash value 16");
            ready();
        } catch (UciProtocolException e) {
            destroy();
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            throw notUci(e.getMessage());
        } catch (IOException e) { // a write to an engine that already exited: "Stream closed", "Broken pipe"
            destroy();
            throw notUci(output.exited("the UCI handshake"));
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
    }

    private UciProtocolException notUci(String why) {
        return new UciProtocolException(why + "; is " + binary + " a UCI engine such as Stockfish?");
    }

    /** Starts the engine at {@code binary} and completes the UCI handshake. */
    public static UciEngine start(Path binary) throws IOException {
        return start(binary, 0);
    }

    /**
     * Starts the engine at {@code binary} at a lower scheduling priority, its niceness {@code niceness} above this
     * process's (through {@code nice}; at normal priority when {@code niceness} is 0 or {@code nice} is not on the
     * PATH), and completes the UCI handshake.
     */
    public static UciEngine start(Path binary, int niceness) throws IOException {
        return start(binary, niceness, HANDSHAKE);
    }

    /** Like {@link #start(Path, int)}, with {@code handshake} to answer each of {@code uci} and {@code isready}. */
    static UciEngine start(Path binary, int niceness, Duration handshake) throws IOException {
        List<String> command = LowerPriority.command(binary, niceness);
        if (command.size() > 1 && !runnable(binary)) {
            // nice would start and then fail to run it: say what ProcessBuilder says of a missing program
            throw cannotStart(binary, "not an executable file", null);
        }
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw cannotStart(binary, e.getMessage(), e);
        }
        return new UciEngine(p, binary, handshake);
    }

    private static IOException cannotStart(Path binary, String why, IOException cause) {
        return new IOException("cannot start the chess engine " + binary + " (install the Debian package "
                + "'stockfish', or run scripts/ensure-tools.sh): " + why, cause);
    }

    /** Whether {@code binary} is an executable file, looked up on the PATH when it is a bare name. */
    private static boolean runnable(Path binary) {
        if (binary.getParent() == null && !binary.isAbsolute()) {
            return Executables.onPath(binary.toString(), System.getenv("PATH")).isPresent();
        }
        return Executables.isExecutableFile(binary);
    }

    /** The engine's name from its {@code id name} line. */
    public String name() {
        return name;
    }

    /** The operating-system process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Whether the process runs and this engine was neither closed nor killed. */
    public boolean isAlive() {
        return process.isAlive() && !closed;
    }

    /**
     * Searches the position reached from the start by {@code moves} and blocks until {@code bestmove}, for at most
     * the limit's {@linkplain SearchLimit#defaultTimeout() default timeout}.
     *
     * @param multiPv how many best lines to report (1 for a plain best move)
     */
    public SearchResult search(List<String> moves, SearchLimit limit, int multiPv) throws IOException {
        return search(moves, limit, multiPv, () -> false, limit.defaultTimeout());
    }

    /**
     * Like {@link #search(List, SearchLimit, int, BooleanSupplier, Duration)} with the limit's
     * {@linkplain SearchLimit#defaultTimeout() default timeout}.
     */
    public SearchResult search(List<String> moves, SearchLimit limit, int multiPv, BooleanSupplier cancelled)
            throws IOException {
        return search(moves, limit, multiPv, cancelled, limit.defaultTimeout());
    }

    /**
     * Searches like {@link #search(List, SearchLimit, int)}, but stops the search at once when {@code cancelled}
     * is already true once {@code go} is sent (a {@link #stop} that came before {@code go} is ignored by the
     * engine, so a caller that may cancel early passes its flag here), and bounds the wait for {@code bestmove}:
     * <ul>
     *   <li>a search without {@code bestmove} within {@code timeout} of {@code go} is sent {@code stop} and fails
     *       with a {@link SearchTimeoutException} (its cut-short move is not the one its limit asks for);</li>
     *   <li>once {@code stop} was sent (by that timeout, a cancel or a close), the engine has the stop grace,
     *       {@link #STOP_GRACE} or {@code timeout} if shorter, to answer {@code bestmove}; otherwise its process
     *       is killed and waited for, this engine is closed, and the search fails (a
     *       {@link SearchTimeoutException} that says so after a timeout, else a {@link UciProtocolException}).</li>
     *   <li>a caller interrupted while it waits for {@code bestmove} (a game's end shuts its threads down under the
     *       searches it cancelled) sends {@code stop} and still waits the stop grace for {@code bestmove}, so that
     *       the process ends its search and can be reused; it then fails with an {@link InterruptedIOException},
     *       the thread's interrupt status set again (or, if the engine gave no {@code bestmove}, is killed as
     *       above). One interrupted before {@code go} reads the {@code readyok} it waits for, sends no {@code go}
     *       and fails the same way.</li>
     *   <li>a search cancelled, stopped or interrupted while it waits for {@code readyok} (before {@code go}) gives
     *       the engine the stop grace to answer it; otherwise its process is killed, this engine is closed, and the
     *       search fails with a {@link UciProtocolException}.</li>
     * </ul>
     * So a hung engine neither blocks its caller for ever nor is left running. Searches of one engine run one at a
     * time.
     */
    public SearchResult search(List<String> moves, SearchLimit limit, int multiPv, BooleanSupplier cancelled,
                               Duration timeout) throws IOException {
        // a lock, not a monitor: a virtual thread waiting for bestmove while holding a monitor pins its carrier on
        // JDK 21 (not since JDK 24), and a few searches would then hold up every other virtual thread
        searching.lock();
        try {
            return searchAlone(moves, limit, multiPv, cancelled, timeout);
        } finally {
            searching.unlock();
        }
    }

    private SearchResult searchAlone(List<String> moves, SearchLimit limit, int multiPv, BooleanSupplier cancelled,
                                     Duration timeout) throws IOException {
        if (multiPv < 1) {
            throw new IllegalArgumentException("multiPv must be at least 1, got " + multiPv);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a search timeout must be positive, got " + timeout);
        }
        long timeoutNanos = nanos(timeout);
        long graceNanos = Math.min(nanos(STOP_GRACE), timeoutNanos);
        output.dropUnread(); // stale output of a previous stopped search, if any
        stopRequested = false;
        sendSearch("setoption name MultiPV value " + multiPv);
        sendSearch("ucinewgame");
        if (readyThroughInterrupt(cancelled, graceNanos)) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted before a search of the chess engine " + binary
                    + " began; it can search again");
        }
        sendSearch(moves.isEmpty() ? "position startpos" : "position startpos moves " + String.join(" ", moves));
        sendSearch(limit.goCommand());
        long goAt = System.nanoTime();
        if (cancelled.getAsBoolean()) {
            stop();
        }
        boolean timedOut = false;
        boolean interrupted = false;
        boolean stopSeen = false;
        long stopSeenAt = 0;
        SearchProgress progress = new SearchProgress();
        while (true) {
            long now = System.nanoTime();
            if (!timedOut && now - goAt >= timeoutNanos) {
                timedOut = true;
                stop();
            }
            if (stopRequested && !stopSeen) {
                stopSeen = true;
                stopSeenAt = now;
            }
            long wait = POLL_NANOS; // a stop sent from another thread is noticed within one poll
            if (stopSeen) {
                long left = graceNanos - (now - stopSeenAt);
                if (left <= 0) {
                    kill();
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    if (timedOut) {
                        throw new SearchTimeoutException(binary, timeout, limit, true);
                    }
                    throw new UciProtocolException("the chess engine " + binary + " did not answer 'stop' with "
                            + "'bestmove' within " + seconds(Duration.ofNanos(graceNanos)) + " s; its process was killed");
                }
                wait = Math.min(wait, left);
            } else {
                wait = Math.min(wait, timeoutNanos - (now - goAt));
            }
            String line;
            try {
                line = output.poll(wait, "bestmove");
            } catch (InterruptedException e) {
                interrupted = true;
                stop();
                continue;
            } catch (UciProtocolException e) { // the engine ended: the interrupt that poll cleared is the caller's
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
            if (line == null) {
                continue;
            }
            if (line.startsWith("bestmove")) {
                boolean stopped = stopRequested;
                stopRequested = false;
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted during a search of the chess engine " + binary
                            + "; it was stopped and can search again");
                }
                if (timedOut) {
                    throw new SearchTimeoutException(binary, timeout, limit, false);
                }
                return progress.result(line, stopped);
            }
            progress.accept(line);
        }
    }

    /** Asks a running search to end now; it then returns its best move so far. Safe from any thread. */
    public void stop() {
        stopRequested = true;
        try {
            send("stop");
        } catch (IOException ignored) {
            // the engine is gone; the search notices the end of its output
        }
    }

    /** Sends {@code quit} and waits briefly for the process to end, killing it if it does not. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            send("quit");
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                destroy();
            }
            output.awaitEnd(2000);
        } catch (InterruptedException e) {
            destroy();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process of a search that does not answer {@code stop}, and waits for it and its reader. */
    private void kill() {
        closed = true;
        destroy();
        try {
            output.awaitEnd(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the process and waits up to 2 s for it to end, also when this thread is interrupted (a search or start
     * cancelled): a process its owner no longer knows of must not outlive it. The interrupt is kept.
     */
    private void destroy() {
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            try {
                process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void ready() throws IOException {
        send("isready");
        long deadline = System.nanoTime() + nanos(handshake);
        while (!output.next(deadline, handshake, "readyok").equals("readyok")) {
            // skip info strings
        }
    }

    /**
     * Like {@link #ready()}, but an interrupt does not give up the wait for {@code readyok} (the engine then has
     * no answer pending and can search again); returns whether the thread was interrupted, its status cleared. Once the
     * search is cancelled or stopped, or the thread interrupted, the engine has the stop grace ({@code graceNanos}) to
     * answer, as after {@code go}: one that does not is killed, so a deaf engine does not hold its caller and its pool
     * slot until the handshake timeout.
     */
    private boolean readyThroughInterrupt(BooleanSupplier cancelled, long graceNanos) throws IOException {
        sendSearch("isready");
        long deadline = System.nanoTime() + nanos(handshake);
        boolean interrupted = false;
        boolean stopSeen = false;
        long stopSeenAt = 0;
        while (true) {
            long now = System.nanoTime();
            if (!stopSeen && (interrupted || stopRequested || cancelled.getAsBoolean())) {
                stopSeen = true;
                stopSeenAt = now;
            }
            long left = deadline - now;
            if (stopSeen && graceNanos - (now - stopSeenAt) <= 0) {
                kill();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new UciProtocolException("the chess engine " + binary + " did not answer 'readyok' within "
                        + seconds(Duration.ofNanos(graceNanos)) + " s once the search was stopped (cancelled, interrupted or closed); its process was killed");
            }
            long wait = Math.min(left, stopSeen ? graceNanos - (now - stopSeenAt) : POLL_NANOS);
            String line;
            try {
                line = left <= 0 ? null : output.poll(wait, "readyok");
            } catch (InterruptedException e) {
                interrupted = true;
                continue;
            } catch (UciProtocolException e) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
            if (line == null) {
                if (deadline - System.nanoTime() > 0) {
                    continue; // a poll's end: look at the cancel again
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new UciProtocolException("the chess engine " + binary + " did not answer 'readyok' within "
                        + seconds(handshake) + " s");
            }
            if (line.equals("readyok")) {
                return interrupted;
            }
        }
    }

    /**
     * Sends a command of a search; an engine that already exited (its pipe gives a bare "Stream closed" or "Broken
     * pipe") fails it with a {@link UciProtocolException} that names the engine and its exit code.
     */
    private void sendSearch(String command) throws UciProtocolException {
        try {
            send(command);
        } catch (IOException e) {
            throw new UciProtocolException(output.exited("the search to start ('" + command + "' could not be sent)"));
        }
    }

    private void send(String command) throws IOException {
        synchronized (input) {
            input.write(command);
            input.write('\n');
            input.flush();
        }
    }

    /** {@code d} in nanoseconds, saturated at {@link Long#MAX_VALUE}. */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code d} in seconds for messages: {@code 0.3}, {@code 300}. */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(nanos(d), 9).stripTrailingZeros().toPlainString();
    }
}
