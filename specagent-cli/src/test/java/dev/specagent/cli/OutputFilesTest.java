package dev.specagent.cli;

import dev.specagent.cli.OutputFiles.Folders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The pre-check of an output file: refuses what cannot be written, naming option, file and why; changes nothing. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFolderGivenAsTheFileIsRefused() {
        for (Folders folders : Folders.values()) {
            assertThatThrownBy(() -> OutputFiles.requireWritable("--out", dir, folders))
                    .isInstanceOf(BadInputException.class).hasMessage("--out: cannot write " + dir + ": it is a folder");
        }
    }

    @Test
    void aMissingFolderIsRefusedUnlessTheWriterCreatesIt() throws Exception {
        Path file = dir.resolve("missing").resolve("deeper").resolve("f.svg");
        assertThatThrownBy(() -> OutputFiles.requireWritable("--plot", file, Folders.MUST_EXIST))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--plot: cannot write " + file + ": folder " + file.getParent() + " does not exist");
        OutputFiles.requireWritable("--report", file, Folders.CREATED);
        try (var left = Files.list(dir)) {
            assertThat(left).as("nothing created by the check").isEmpty();
        }
    }

    @Test
    void aFileWhereAFolderIsNeededIsRefused() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> OutputFiles.requireWritable("--plot", plain.resolve("f.svg"), Folders.MUST_EXIST))
                .hasMessageEndingWith(": " + plain + " is a file, not a folder");
        assertThatThrownBy(() -> OutputFiles.requireWritable("--report", plain.resolve("a/r.html"), Folders.CREATED))
                .hasMessageEndingWith(": " + plain + " is in the way (a file where a folder is needed)");
    }

    /** /proc lets root past every permission bit, yet takes no new file: only creating one finds out. */
    @Test
    void aPlaceThatTakesNoNewFileIsRefused() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        for (Folders folders : Folders.values()) {
            assertThatThrownBy(() -> OutputFiles.requireWritable("--report", Path.of("/proc/x.html"), folders))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("--report: cannot write /proc/x.html: cannot create a file in /proc: ");
        }
        assertThatThrownBy(() -> OutputFiles.requireWritable("--report", Path.of("/proc/no/x.html"), Folders.CREATED))
                .hasMessageStartingWith("--report: cannot write /proc/no/x.html: cannot create a file in /proc: ");
    }

    @Test
    void aWritableFileIsLeftAsItWasAndANewOneIsNotLeftBehind() throws Exception {
        Path kept = Files.writeString(dir.resolve("kept.jsonl"), "kept\n");
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(kept, before);
        OutputFiles.requireWritable("--out", kept, Folders.MUST_EXIST);
        assertThat(Files.readString(kept)).isEqualTo("kept\n");
        assertThat(Files.getLastModifiedTime(kept)).isEqualTo(before);
        Path fresh = dir.resolve("fresh.html");
        OutputFiles.requireWritable("--report", fresh, Folders.MUST_EXIST);
        assertThat(fresh).doesNotExist();
    }

    /** A device (or a pipe) is not opened by the check: closing a pipe would end its reader; its write says why. */
    @Test
    void aDeviceIsNotOpened() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        assertThatCode(() -> OutputFiles.requireWritable("--out", Path.of("/dev/full"), Folders.MUST_EXIST))
                .doesNotThrowAnyException();
    }

    /** A file that exists but refuses writes (a read-only /proc/sys file, even to root) is refused with the system's reason. */
    @Test
    void anExistingFileThatRefusesWritesIsRefusedSayingWhy() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/proc/sys/kernel/osrelease")), "no /proc/sys here");
        assertThatThrownBy(() -> OutputFiles.requireWritable("--out", Path.of("/proc/sys/kernel/osrelease"), Folders.MUST_EXIST))
                .isInstanceOf(BadInputException.class) // a container may mount /proc/sys read-only
                .hasMessageMatching("--out: cannot write /proc/sys/kernel/osrelease: (permission denied|(?i:read-only file system))");
    }

    /** A pipe without a reader is not opened: opening it would wait for a reader (and closing it end one). */
    @Test
    void aPipeIsNotOpened() throws Exception {
        Path fifo = dir.resolve("fifo");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "no mkfifo here");
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> OutputFiles.requireWritable("--out", fifo, Folders.MUST_EXIST));
    }
}
