package dev.specagent.cli.progress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long run (a sweep, a replay of many tasks, a live game) on standard error. On an
 * interactive terminal it redraws one bar with the estimated time left; otherwise (CI, pipes, files)
 * it prints a plain line at every tenth of the work, and never more often than every two seconds
 * apart from the last. Not thread-safe; call it from the thread doing the work.
 */
public final class Progress implements AutoCloseable {

    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long PLAIN_MIN_NANOS = 2_000_000_000L;

    private final String label;
    private final long total;
    private final PrintWriter out;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private final long started;
    private long done;
    private boolean drawn;
    /** The length of the bar last drawn on the terminal: a shorter one is padded to cover it. */
    private int drawnLength;
    private long lastDrawn;
    private long lastTenth = -1;

    Progress(String label, long total, PrintWriter out, boolean interactive, LongSupplier nanoTime) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    /** Progress over {@code total} units, drawn as a bar when standard error is a terminal. */
    public static Progress start(String label, long total, PrintWriter err) {
        return new Progress(label, total, err, isInteractive(), System::nanoTime);
    }

    /**
     * Whether standard error is an interactive terminal (and not CI or a pipe). On Linux this reads where
     * file descriptor 2 points, so a bar is drawn also when stdout is redirected ({@code --json > out.json});
     * elsewhere it falls back to whether the JVM has a console.
     */
    public static boolean isInteractive() {
        if (System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** One more unit done. */
    public void step() {
        advance(1);
    }

    /** {@code units} more done. */
    public void advance(long units) {
        done = Math.min(total, done + units);
        long now = nanoTime.getAsLong();
        if (interactive) {
            if (!drawn || now - lastDrawn >= REDRAW_NANOS || done == total) {
                drawn = true;
                lastDrawn = now;
                String bar = bar(now);
                // "\r" only moves back to the start of the line: what a longer bar drew beyond this one stays on the
                // screen unless written over (the tail of an estimate after "done", of "ETA 1:00:00" after "ETA 59:59")
                out.print("\r" + bar + " ".repeat(Math.max(0, drawnLength - bar.length())));
                drawnLength = bar.length();
                out.flush();
            }
            return;
        }
        long tenth = done * 10 / total;
        if (tenth > lastTenth && (!drawn || now - lastDrawn >= PLAIN_MIN_NANOS || done == total)) {
            drawn = true;
            lastTenth = tenth;
            lastDrawn = now;
            out.println(line(now));
            out.flush();
        }
    }

    /** The bar as drawn on a terminal. */
    String bar(long now) {
        int filled = (int) (WIDTH * done / total);
        return String.format(Locale.ROOT,
                "%s [%s%s] %3d%% %d/%d %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * done / total, done, total, eta(now));
    }

    /** The plain line printed where there is no terminal. */
    String line(long now) {
        return String.format(Locale.ROOT, "%s: %d/%d (%d%%)%s", label, done, total, 100 * done / total,
                done < total ? ", " + eta(now) : ", done in " + clock((now - started) / 1_000_000_000L));
    }

    private String eta(long now) {
        if (done == 0) {
            return "ETA --:--";
        }
        long elapsed = now - started;
        long left = (long) ((double) elapsed / done * (total - done) / 1e9);
        return done == total ? "done" : "ETA " + clock(left);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void close() {
        if (interactive && drawn) {
            out.println();
            out.flush();
        }
    }
}
