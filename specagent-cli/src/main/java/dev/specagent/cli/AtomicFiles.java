package dev.specagent.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an output file whole or not at all. A regular file (or a new one) is written to a temporary file beside it
 * that is then renamed over it, so a failure or a signal mid-write leaves the previous file whole and no temporary
 * file behind; an existing file keeps its permissions, and through a symbolic link the file it names is replaced.
 * Anything else (a device such as {@code /dev/full}, a pipe) is written in place. The folder is created if missing.
 */
public final class AtomicFiles {

    /** What writes a file's text. */
    @FunctionalInterface
    public interface Text {
        void writeTo(Writer w) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code text} to {@code file} in UTF-8, whole or not at all. */
    public static void write(Path file, Text text) throws IOException {
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(target)) {
            target = target.toRealPath(); // through a symbolic link: the file it names is replaced, not the link
            if (!Files.isRegularFile(target)) {
                try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                    text.writeTo(w);
                }
                return;
            }
        }
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
        try {
            temp.toFile().deleteOnExit(); // a signal mid-write: the JVM's last step removes it
        } catch (IllegalStateException lastStepRan) {
            // the JVM is past that step: the finally below is the only clean-up
        }
        try {
            // created with the default permissions (not createTempFile's owner-only ones); an existing file's kept
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                text.writeTo(w);
            }
            if (Files.exists(target)) {
                try {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException | IOException notPosix) {
                    // the default permissions then
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
