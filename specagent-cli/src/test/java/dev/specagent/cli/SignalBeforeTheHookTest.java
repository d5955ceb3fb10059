package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signal that comes before a long command arms its {@link SignalHook} (Ctrl-C as the JVM starts, while the command
 * reads its data) ends the JVM before there is anything to print; the command, still starting, must not fail as a
 * bug would. Before, arming the hook threw {@code IllegalStateException: Shutdown in progress}, which was printed
 * with its class name and the offer of a stack trace.
 */
class SignalBeforeTheHookTest {

    /**
     * Runs {@code specagent args} once a SIGTERM it sent itself has started the JVM's end (a hook of its own keeps
     * the JVM alive until the command returns), as the main method does: the signal's name noted first.
     */
    public static final class SignalledFirst {
        public static void main(String[] args) throws Exception {
            SignalName.watch();
            CountDownLatch returned = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    returned.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            Signal.raise(new Signal("TERM"));
            while (!ending()) {
                Thread.sleep(10);
            }
            Main.commandLine().execute(args);
            returned.countDown();
        }

        private static boolean ending() {
            Thread probe = new Thread(() -> { });
            try {
                Runtime.getRuntime().addShutdownHook(probe);
            } catch (IllegalStateException shuttingDown) {
                return true;
            }
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        }
    }

    @Test
    void aSignalBeforeTheHookIsArmedStopsTheCommandWithoutAFailure() throws Exception {
        for (List<String> command : List.of(
                List.of("simulate", "--p", "0.7", "--alpha", "5", "--beta", "1", "--steps", "30", "--runs", "1000",
                        "--json"),
                List.of("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "30", "--json"))) {
            List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                    System.getProperty("java.class.path"), SignalledFirst.class.getName()));
            java.addAll(command);
            Process child = new ProcessBuilder(java).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(child, true));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(child, false));
            try {
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("ended").isTrue();
                String stderr = new String(err.join(), StandardCharsets.UTF_8);
                assertThat(child.exitValue()).as(stderr).isEqualTo(143);
                assertThat(stderr).as(command.getFirst()).isEqualTo("specagent: stopped by a signal (SIGTERM): the run "
                        + "had not begun\n");
                assertThat(new String(out.join(), StandardCharsets.UTF_8)).isEmpty();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static byte[] readAll(Process child, boolean out) {
        try {
            return (out ? child.getInputStream() : child.getErrorStream()).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
