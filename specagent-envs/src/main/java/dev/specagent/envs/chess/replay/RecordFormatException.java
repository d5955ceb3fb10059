package dev.specagent.envs.chess.replay;

import java.nio.file.Path;

/** A recorded game file that does not have the expected shape; the message names file, line, step and field. */
public final class RecordFormatException extends IllegalArgumentException {

    public RecordFormatException(Path file, String where, String problem) {
        super(file + (where.isEmpty() ? "" : ", " + where) + ": " + problem);
    }

    /** As {@code file:line, where: problem}; a line below 1 (unknown) is left out. */
    public RecordFormatException(Path file, int line, String where, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ", " + where + ": " + problem);
    }

    public RecordFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
