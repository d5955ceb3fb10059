package dev.specagent.llm.trace;

import dev.specagent.core.data.IoErrors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace file that cannot be opened for recording; names the file and the reason, and keeps both so a
 * command line can name the option that gave the file.
 */
public final class UnwritableTraceException extends IllegalArgumentException {

    private final Path file;

    public UnwritableTraceException(Path file, IOException cause) {
        super("cannot write trace file " + file + ": " + IoErrors.reason(cause), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
