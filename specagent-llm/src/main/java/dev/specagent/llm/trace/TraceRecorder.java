package dev.specagent.llm.trace;

import dev.specagent.core.call.CanonicalJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends {@link TraceEntry}s to a JSONL file, one line per chat completion, flushed after each so a
 * run that dies keeps what it recorded. Thread-safe. Give it to
 * {@link dev.specagent.llm.client.ChatClient.Builder#recorder} to record every call of a client.
 */
public final class TraceRecorder implements AutoCloseable {

    private final Path file;
    private final BufferedWriter out;
    private long written;

    /**
     * Opens {@code file} for appending (created with its parent folders when missing).
     *
     * @throws UnwritableTraceException when it cannot be opened
     */
    public TraceRecorder(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UnwritableTraceException(file, e);
        }
    }

    /** Appends one entry. */
    public synchronized void record(TraceEntry entry) {
        try {
            out.write(CanonicalJson.MAPPER.writeValueAsString(entry.toJson()));
            out.newLine();
            out.flush();
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to trace file " + file, e);
        }
    }

    /** How many entries were written. */
    public synchronized long written() {
        return written;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
