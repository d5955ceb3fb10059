package dev.specagent.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a long command does when a signal ends the JVM. Ctrl-C (SIGINT) or a scheduler's SIGTERM make the JVM run
 * its shutdown hooks and then exit with 128 + the signal's number (130, 143), whatever the command's thread is
 * doing; without a hook the command's output ends where it was. A command opens one of these around its work
 * (try-with-resources) so that such an end still prints what it had done:
 * <ul>
 *   <li>{@link #report}: on a signal the hook prints a snapshot (the rows or items finished so far). For work
 *       that does not stop on an interrupt, such as loops on the simulated clock.</li>
 *   <li>{@link #interrupt}: on a signal the hook interrupts the command's thread, so that its run stops as an
 *       interrupted run does (calls cancelled, engines sent {@code stop}) and the command prints what it had
 *       through its own failure path, checking {@link #signalled()} to say why.</li>
 * </ul>
 * After an interrupt, and whenever the command had claimed the output first, the hook waits up to {@link #GRACE}
 * for the command to {@link #close()} this hook, so that the command's output is whole before the JVM halts, and
 * then, in the same time, for {@link Main} to print its lines after the command (a failure's message, traces that
 * lost entries). Exactly one of the two prints the results: the command calls
 * {@link #claim()} before printing its full results; once it has, a signal neither reports nor interrupts (it
 * only waits for the printing to end), and once the hook has reported, {@code claim()} is false and the command
 * prints nothing more.
 */
public final class SignalHook implements AutoCloseable {

    /** How long a signal's hook waits for the command to finish its output before the JVM halts. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * What a command that runs twice (sequential, then speculative) says when the signal came after its
     * {@link #claim()}, as its second run ended: its full results are printed, the report is not written.
     */
    public static String afterBothRuns() {
        return stopped("both runs had finished");
    }

    private static volatile boolean received;
    /**
     * Counted down when {@link Main} has printed what it prints after a command (a failure's message, the traces that
     * lost entries); null outside Main (a test's own command line), where the hook waits for the command alone.
     */
    private static volatile CountDownLatch commandLine;

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean signalled;

    private SignalHook(String name, Runnable onSignal, boolean awaitCommand) {
        SignalName.watch();
        this.hook = new Thread(() -> {
            received = true;
            if (claimed.compareAndSet(false, true)) {
                signalled = true;
                onSignal.run();
                if (!awaitCommand) {
                    return; // the snapshot is printed; the command's thread goes on and prints nothing more
                }
            }
            long deadline = System.nanoTime() + GRACE.toNanos();
            CountDownLatch mainsLines = commandLine;
            try {
                // the command's output, then Main's lines after it (printed once the command has closed this hook)
                if (closed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) && mainsLines != null) {
                    mainsLines.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "specagent-" + name + "-signal");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            received = true; // a signal came before the hook could be armed: the JVM ends whatever the command does
            throw new JvmEndingException(shuttingDown);
        }
    }

    /**
     * On a signal, runs {@code report} (on the hook's thread, while the command's thread goes on).
     *
     * @throws JvmEndingException when a signal has already begun the JVM's end: the command is to stop before its run
     */
    public static SignalHook report(String name, Runnable report) {
        return new SignalHook(name, report, false);
    }

    /**
     * On a signal, interrupts the calling thread, which is to print what it had and then close this hook.
     *
     * @throws JvmEndingException when a signal has already begun the JVM's end: the command is to stop before its run
     */
    public static SignalHook interrupt(String name) {
        Thread worker = Thread.currentThread();
        return new SignalHook(name, worker::interrupt, true);
    }

    /**
     * Takes the output for the command's full results.
     *
     * @return false when a signal came first: its hook reported (or interrupted the command, which then prints
     * what it had as a stopped run), so the full results are not printed
     */
    public boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /**
     * The one wording of every command's stop, on standard error, in the text and as the JSON's {@code "stopped"}:
     * {@code "stopped by a signal (SIGTERM) after " + progress}, such as {@code "... after 3 of 10 runs"}; the
     * command adds where it was and what its figures cover.
     */
    public static String stopped(String progress) {
        return stoppedBy() + " after " + progress;
    }

    /** The start of {@link #stopped(String)}, for a stop that has no progress to give: {@code "stopped by a signal (SIGTERM)"}. */
    public static String stoppedBy() {
        return "stopped by a signal (" + SignalName.received() + ")";
    }

    /** {@link #stopped(String)} after {@code done} of {@code total} {@code units}: {@code "... after 1 of 4 tasks"}. */
    public static String stopped(long done, long total, String units) {
        return stopped(done + " of " + total + " " + units);
    }

    /**
     * {@link Main} runs a command line: a hook that waits for its command then also waits (within {@link #GRACE}) for
     * {@link #commandLineEnded()}, so that Main's lines after the command are not cut off by the JVM's end.
     */
    static void commandLineStarted() {
        commandLine = new CountDownLatch(1);
    }

    /** {@link Main} has printed its last line of the command line started by {@link #commandLineStarted()}. */
    static void commandLineEnded() {
        CountDownLatch ended = commandLine;
        if (ended != null) {
            ended.countDown();
        }
    }

    /** Whether a signal is ending the JVM: a hook of this class has run, or could not be armed for it. */
    public static boolean received() {
        return received;
    }

    /** Whether a signal is ending the JVM and this hook acted on it (reported, or interrupted the command). */
    public boolean signalled() {
        return signalled;
    }

    /** The command is done: removes the hook, or, when the JVM is already ending, lets the waiting hook return. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran); the count-down above lets it return
        }
    }
}
