package dev.specagent.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@code specagent} whose standard error holds the command's thread once it has written a line starting with a given
 * prefix, until a signal's hook has interrupted that thread, or half a second after a signal came when no hook
 * interrupts it (at most 30 s): for {@link SignalledRun} to signal a command at one point of its run every time, such
 * as after its last task and before it takes the output for its results. Arguments: the prefix, then the command
 * line.
 */
public final class HeldAtLine {

    private HeldAtLine() {
    }

    public static void main(String[] args) {
        String prefix = args[0];
        CommandLine cli = Main.commandLine();
        cli.setErr(LineByLine.writer(line -> {
            LineByLine.print(line);
            if (line.startsWith(prefix)) {
                awaitInterrupt();
            }
        }));
        System.exit(cli.execute(Arrays.copyOfRange(args, 1, args.length)));
    }

    private static void awaitInterrupt() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long signalled = Long.MAX_VALUE;
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
            if (signalled == Long.MAX_VALUE && SignalHook.received()) {
                signalled = System.nanoTime();
            } else if (System.nanoTime() - signalled > TimeUnit.MILLISECONDS.toNanos(500)) {
                return; // a hook that waits for the command, not one that interrupts it
            }
            Thread.onSpinWait();
        }
    }
}
