package dev.specagent.cli;

import dev.specagent.llm.replay.ReplayServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the {@code specagent} command line in a child JVM and stops it with SIGTERM, as a scheduler (or Ctrl-C's
 * SIGINT: the same shutdown hooks) would, once its standard error shows a given line: for the tests of what a
 * command prints and leaves behind when a signal ends it. SIGTERM rather than SIGINT because a JVM started with
 * SIGINT ignored (a background job of a script) keeps ignoring it.
 */
public final class SignalledRun {

    /**
     * What the stopped command printed and left.
     *
     * @param exitCode      the child's exit code (143 after SIGTERM when its hooks ran)
     * @param out           its standard output
     * @param err           its standard error, the lines before the signal included
     * @param secondsToExit from the signal to the child's end
     * @param children      the child's descendant processes just before the signal (engines, workloads)
     */
    public record Result(int exitCode, String out, String err, double secondsToExit, List<ProcessHandle> children) {
    }

    private SignalledRun() {
    }

    /**
     * Starts {@code specagent args} in a child JVM, waits (at most 60 s) for a line of its standard error that
     * {@code signalAfter} accepts, sends SIGTERM, and waits (at most 30 s) for it to end.
     */
    public static Result run(Predicate<String> signalAfter, String... args) throws IOException, InterruptedException {
        return run(Main.class, signalAfter, args);
    }

    /**
     * As {@link #run(Predicate, String...)} with another main class: a test's own set-up of a command (such as a
     * demo whose parts are stand-ins).
     */
    public static Result run(Class<?> main, Predicate<String> signalAfter, String... args)
            throws IOException, InterruptedException {
        return run(Map.of(), main, signalAfter, args);
    }

    /**
     * As {@link #run(Class, Predicate, String...)} with {@code environment} added to the child's (such as {@code
     * SPECAGENT_STOCKFISH} naming a stand-in engine).
     */
    public static Result run(Map<String, String> environment, Class<?> main, Predicate<String> signalAfter,
                             String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process child = builder.start();
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(child));
            LinkedBlockingQueue<String> errLines = new LinkedBlockingQueue<>();
            String end = "\u0000end";
            Thread.ofPlatform().daemon().start(() -> {
                try (var err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = err.readLine()) != null; ) {
                        errLines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child is gone
                } finally {
                    errLines.add(end);
                }
            });
            StringBuilder err = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                String line = errLines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(end)) {
                    throw new AssertionError("specagent " + String.join(" ", args) + " never printed the awaited line "
                            + "on standard error; it printed:\n" + err + "\nand on standard output:\n"
                            + (line == null ? "(still running)" : out.join()));
                }
                err.append(line).append('\n');
                if (signalAfter.test(line)) {
                    break;
                }
            }
            List<ProcessHandle> children = child.descendants().toList();
            long signalledAt = System.nanoTime();
            child.toHandle().destroy(); // SIGTERM, leaving the streams open (Process.destroy closes them)
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("specagent " + String.join(" ", args) + " did not end within 30 s of SIGTERM");
            }
            double seconds = (System.nanoTime() - signalledAt) / 1e9;
            for (String line; !(line = errLines.take()).equals(end); ) {
                err.append(line).append('\n');
            }
            return new Result(child.exitValue(), out.join(), err.toString(), seconds, children);
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * Whether every one of {@code processes} has ended within {@code seconds} (an ended child of the JVM may stay a
     * zombie for a moment before the system reaps it).
     */
    public static boolean allEnded(List<ProcessHandle> processes, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (processes.stream().anyMatch(SignalledRun::running)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Alive and not a zombie (state Z in /proc, where there is one). */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive();
        }
    }

    private static String readAll(Process child) {
        try {
            return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code server} received {@code requests} requests within 10 s: for signalling a command once a request
     * of its hangs on the server.
     */
    public static boolean requestsCame(ReplayServer server, int requests) {
        try {
            return server.awaitRequests(requests, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
