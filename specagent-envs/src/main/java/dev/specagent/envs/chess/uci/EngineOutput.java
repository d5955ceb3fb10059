package dev.specagent.envs.chess.uci;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The output of a UCI engine process, line by line: a daemon thread reads the process's standard output into a queue,
 * so that a wait for the next line can time out or be interrupted. Once the output ends (the process exited), that
 * wait and every later one fail with a {@link UciProtocolException} that says what was awaited and the exit code.
 * Lines are taken by one thread at a time.
 */
final class EngineOutput {

    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path binary;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    /** Starts reading the output of {@code process}, an engine started from {@code binary} (named in messages). */
    EngineOutput(Process process, Path binary) {
        this.process = process;
        this.binary = binary;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.reader = Thread.ofPlatform().daemon().name("uci-reader-" + process.pid()).start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone; EOF below tells the waiting side
            } finally {
                lines.add(EOF);
            }
        });
    }

    /**
     * The next line within {@code nanos}, or null when none came.
     *
     * @throws UciProtocolException when the output ended while waiting for {@code awaited}
     * @throws InterruptedException when the thread was interrupted (its status cleared), for the caller to handle
     */
    String poll(long nanos, String awaited) throws UciProtocolException, InterruptedException {
        String line = lines.poll(nanos, TimeUnit.NANOSECONDS);
        if (line != null && line.equals(EOF)) {
            lines.add(EOF);
            throw new UciProtocolException(exited("'" + awaited + "'"));
        }
        return line;
    }

    /**
     * The next line before {@code deadline} ({@link System#nanoTime()}), the wait bounded by {@code timeout} (named in
     * the message when no line came).
     *
     * @throws UciProtocolException when none came in time, when the output ended, or when the thread was interrupted
     *                              (its status set again)
     */
    String next(long deadline, Duration timeout, String awaited) throws UciProtocolException {
        String line;
        try {
            long left = deadline - System.nanoTime();
            line = left <= 0 ? null : poll(left, awaited);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UciProtocolException("interrupted while waiting for '" + awaited + "'");
        }
        if (line == null) {
            throw new UciProtocolException("the chess engine " + binary + " did not answer '" + awaited + "' within "
                    + UciEngine.seconds(timeout) + " s");
        }
        return line;
    }

    /** Drops the lines not taken yet (the stale output of a stopped search); an end of the output is kept. */
    void dropUnread() {
        lines.removeIf(l -> !l.equals(EOF));
    }

    /** Waits up to {@code millis} for the reader to reach the end of the output. */
    void awaitEnd(long millis) throws InterruptedException {
        reader.join(millis);
    }

    /** Says that the engine ended while we waited for {@code what}, with its exit code once it has one. */
    String exited(String what) {
        String code = "";
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                code = " (exit code " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "the chess engine " + binary + " exited" + code + " while we waited for " + what;
    }
}
