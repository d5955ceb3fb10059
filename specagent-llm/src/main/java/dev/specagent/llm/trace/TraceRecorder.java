package dev.specagent.llm.trace;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.IoErrors;
import dev.specagent.llm.internal.JsonUtf8;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Appends {@link TraceEntry}s to a JSONL file, one line per chat completion, written through (unbuffered)
 * so a run that dies keeps what it recorded. Thread-safe. Give it to
 * {@link dev.specagent.llm.client.ChatClient.Builder#recorder} to record every call of a client.
 *
 * <p>A recording never fails the run it records, but it tells when it is incomplete: once an entry cannot be
 * written (a full disk, {@code /dev/full}), the file is closed and keeps the entries written before it;
 * that entry and every later one are counted by {@link #notWritten()}, and {@link #failure()} says why.
 * Later entries are not attempted, so the file never holds entries from after a gap. A recorder on a file
 * ({@link #TraceRecorder(Path)}) also takes back the part of the failed entry's line that reached the file, so the
 * file holds whole lines and replays as it is.
 */
public final class TraceRecorder implements AutoCloseable {

    private final Path file;
    /**
     * Where entries are written: for a file, a {@link FileOutputStream}, whose writes an interrupt does not stop (a
     * {@link FileChannel}'s would close it, losing the entry and every later one).
     */
    private final OutputStream out;
    /**
     * The file's channel, to read its size and take back a line cut by a failed write, used only with the thread's
     * interrupt status cleared; null for a recorder on a given stream.
     */
    private final FileChannel channel;
    private long written;
    private long notWritten;
    private IOException failure;
    private boolean closed;

    /**
     * Opens {@code file} for appending (created with its parent folders when missing).
     *
     * @throws UnwritableTraceException when it cannot be opened
     */
    public TraceRecorder(Path file) {
        this(file, open(file));
    }

    private TraceRecorder(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        try {
            this.out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) { // the file the channel just opened went away
            try {
                channel.close();
            } catch (IOException ignored) {
                // the open's failure is the one to tell
            }
            throw new UnwritableTraceException(file, e);
        }
    }

    /**
     * Appends to {@code out}, already open on {@code file} (which only names it in messages); closes it on
     * {@link #close()}. A line that a failed write cut stays as it was written.
     */
    public TraceRecorder(Path file, OutputStream out) {
        this.file = file;
        this.channel = null;
        this.out = out;
    }

    private static FileChannel open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UnwritableTraceException(file, e);
        }
    }

    /**
     * Appends one entry, or counts it in {@link #notWritten()} when the file failed earlier. An interrupted thread
     * records too (a call cancelled by Ctrl-C is recorded as the interrupted command unwinds) and stays interrupted.
     *
     * @throws UncheckedIOException when this entry is the first that cannot be written (later ones are only counted)
     */
    public synchronized void record(TraceEntry entry) {
        if (failure != null) {
            notWritten++;
            return;
        }
        boolean interrupted = Thread.interrupted(); // set again below: the channel is closed by an interrupt
        try {
            record(entry, size());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(TraceEntry entry, long before) {
        try {
            out.write(JsonUtf8.bytes(CanonicalJson.MAPPER.writeValueAsString(entry.toJson()) + "\n"));
            written++;
        } catch (IOException e) {
            takeBack(before);
            fail(e);
            notWritten++;
            throw new UncheckedIOException("cannot append to trace file " + file + ": " + IoErrors.reason(e)
                    + " (nothing more is recorded)", e);
        }
    }

    /** How many entries were written. */
    public synchronized long written() {
        return written;
    }

    /** How many entries could not be written: 0 while the trace is complete. */
    public synchronized long notWritten() {
        return notWritten;
    }

    /** Why the file stopped taking entries (or could not be closed); empty while the trace is complete. */
    public synchronized Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    public Path file() {
        return file;
    }

    /** Closes the file; a failure to close is kept in {@link #failure()}, not thrown, like a failed write. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // it only read the size and took back cut lines; the entries went through out
                }
            }
        }
    }

    /** The file's size, or -1 when unknown (a recorder on a stream, a device). */
    private long size() {
        try {
            return channel == null ? -1 : channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Cuts the file back to {@code size}: the part of a line a failed write left; best effort. */
    private void takeBack(long size) {
        try {
            if (size >= 0 && channel.size() > size) {
                channel.truncate(size);
            }
        } catch (IOException e) {
            // the cut line stays; the reader names it as cut off
        }
    }

    private void fail(IOException e) {
        failure = e;
        close();
    }
}
