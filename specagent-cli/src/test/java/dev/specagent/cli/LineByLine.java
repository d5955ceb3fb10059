package dev.specagent.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * A standard error for a child JVM's command line that hands each whole line (with its line feed) to a consumer,
 * which prints it ({@link #print}) and may hold the writing thread before or after: for tests that signal a command at
 * one of its lines, or slow its lines down.
 */
final class LineByLine {

    private LineByLine() {
    }

    /** A writer (flushing at every line) that hands each whole line written to it to {@code line}. */
    static PrintWriter writer(Consumer<String> line) {
        return new PrintWriter(new Writer() {
            private final StringBuilder pending = new StringBuilder();

            @Override
            public void write(char[] chars, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    pending.append(chars[i]);
                    if (chars[i] == '\n') {
                        String whole = pending.toString();
                        pending.setLength(0);
                        line.accept(whole);
                    }
                }
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {
            }
        }, true);
    }

    /** Prints {@code line} on the process's standard error at once. */
    static void print(String line) {
        System.err.print(line);
        System.err.flush();
    }
}
