package dev.specagent.envs.chess.uci;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one rule by which the chess package finds a program ({@code stockfish}, {@code nice}): an executable regular
 * file, looked up in the directories of the PATH in order. An empty PATH entry is skipped: POSIX reads it as the
 * current directory, but a program found in whatever directory the command was started from is rarely meant and
 * never safe, so it must be named by its path (e.g. {@code SPECAGENT_STOCKFISH=./stockfish}) instead.
 */
final class Executables {

    private Executables() {
    }

    /** Whether {@code file} is a regular file (after links) that this process may execute; a directory is not. */
    static boolean isExecutableFile(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    /**
     * The first executable regular file {@code name} in the directories of {@code path} (entries separated by the
     * platform's path separator, empty ones and ones that are no path here skipped), or empty when there is none or
     * {@code path} is null.
     */
    static Optional<Path> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate;
                try {
                    candidate = Path.of(dir, name);
                } catch (InvalidPathException noPath) { // a folder name beyond ASCII under the C locale
                    continue;
                }
                if (isExecutableFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
