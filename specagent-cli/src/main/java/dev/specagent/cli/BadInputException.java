package dev.specagent.cli;

import dev.specagent.core.data.IoErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A user error: bad option value, unreadable or malformed file. Printed without a stack trace, exit code 2. */
public final class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The output file of {@code option} cannot be written: names the option, the file and why. */
    public static BadInputException cannotWrite(String option, Path file, IOException cause) {
        return new BadInputException(option + ": cannot write " + file + ": " + IoErrors.reason(cause), cause);
    }

    /**
     * Fails when the folder {@code option}'s {@code file} would be written in is not a folder; called before any
     * work, so a mistyped path is reported at once rather than after the run.
     */
    public static void requireFolderOf(String option, Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new BadInputException(option + ": cannot write " + file + ": " + (Files.exists(folder)
                    ? folder + " is a file, not a folder" : "folder " + folder + " does not exist"));
        }
    }

    /**
     * Fails when {@code option}'s {@code file} could not be written by a writer that creates its missing folders
     * (the HTML report): the file is a folder, a file stands where a folder is needed, or the place is read-only.
     * Changes nothing on disk; called before a costly run, so a mistyped path costs nothing.
     */
    public static void requireCreatable(String option, Path file) {
        Path absolute = file.toAbsolutePath();
        String cannot = option + ": cannot write " + file + ": ";
        if (Files.isDirectory(absolute)) {
            throw new BadInputException(cannot + "it is a folder");
        }
        if (Files.exists(absolute)) {
            if (!Files.isWritable(absolute)) {
                throw new BadInputException(cannot + "permission denied");
            }
            return;
        }
        for (Path folder = absolute.getParent(); folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder)) {
                if (!Files.isWritable(folder)) {
                    throw new BadInputException(cannot + "permission denied in " + folder);
                }
                return;
            }
            if (Files.exists(folder)) {
                throw new BadInputException(cannot + folder + " is in the way (a file where a folder is needed)");
            }
        }
    }
}
