package dev.specagent.cli;

import dev.specagent.core.data.IoErrors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks, before any work, that an output file named by an option ({@code --report}, {@code --plot}, {@code --out},
 * ...) can be written, so that a mistyped or impossible path is bad input at once (exit 2, naming the option, the
 * file and why) and not found out after a run of minutes. Nothing is left changed on disk: a regular file that exists
 * is opened for writing without truncation and closed; a file that does not exist is created and deleted again (or,
 * when its folders are missing and the writer creates them, a probe file in the nearest folder that exists), which
 * finds places that refuse new files whatever their permission bits say ({@code /proc}, a read-only mount). Other
 * existing files (a device such as {@code /dev/full}, a pipe) are not opened: opening a pipe would end its reader.
 * A write can still fail at the end (a full disk); each command prints its figures before writing its files.
 */
public final class OutputFiles {

    /** Whether the writer of a file creates its missing folders. */
    public enum Folders {
        /** The folder must exist already (a plain {@code Files.writeString}). */
        MUST_EXIST,
        /** Missing folders are created when the file is written (the HTML report). */
        CREATED
    }

    private OutputFiles() {
    }

    /**
     * Fails when {@code option}'s {@code file} could not be written by a writer that creates, or not, its missing
     * {@code folders}: the file is a folder, its folder is missing (when it must exist) or is a file, or the place
     * refuses to be written.
     *
     * @throws BadInputException {@code "--plot: cannot write x/f.svg: folder /abs/x does not exist"} and the like
     */
    public static void requireWritable(String option, Path file, Folders folders) {
        Path absolute = file.toAbsolutePath();
        String cannot = option + ": cannot write " + file + ": ";
        if (Files.isDirectory(absolute)) {
            throw new BadInputException(cannot + "it is a folder");
        }
        if (Files.exists(absolute)) {
            if (Files.isRegularFile(absolute)) {
                try (FileChannel ignored = FileChannel.open(absolute, StandardOpenOption.WRITE)) {
                    // opened for writing, nothing written: the file is unchanged
                } catch (IOException e) {
                    throw new BadInputException(cannot + reason(e), e);
                }
            } else if (!Files.isWritable(absolute)) {
                throw new BadInputException(cannot + "permission denied");
            }
            return;
        }
        Path parent = absolute.getParent();
        if (folders == Folders.MUST_EXIST && parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException(cannot + (Files.exists(parent)
                    ? parent + " is a file, not a folder" : "folder " + parent + " does not exist"));
        }
        Path folder = parent;
        while (folder != null && !Files.isDirectory(folder)) {
            if (Files.exists(folder)) {
                throw new BadInputException(cannot + folder + " is in the way (a file where a folder is needed)");
            }
            folder = folder.getParent();
        }
        if (folder == null) {
            return; // no folder on the path exists (not on a usual file system): the write will say why
        }
        probe(cannot, folder.equals(parent) ? absolute : null, folder);
    }

    /** Creates and deletes {@code file} (or, when null, a probe file in {@code folder}). */
    private static void probe(String cannot, Path file, Path folder) {
        Path created = null;
        try {
            created = file != null ? Files.createFile(file) : Files.createTempFile(folder, ".specagent-", ".probe");
        } catch (FileAlreadyExistsException raced) {
            // made by someone else meanwhile: the write will replace it, or say why not
        } catch (IOException e) {
            throw new BadInputException(cannot + "cannot create a file in " + folder + ": " + reason(e), e);
        } finally {
            if (created != null) {
                try {
                    Files.deleteIfExists(created);
                } catch (IOException ignored) {
                    // an empty file is left where the output will be written
                }
            }
        }
    }

    private static String reason(IOException e) {
        return IoErrors.reason(e);
    }
}
