package dev.specagent.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HtmlReport#write}: a write that fails midway (a full disk, a signal) leaves the previous report whole. */
class HtmlReportWriteTest {

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousReportWholeAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("report.html"), "<html>the previous good report</html>");
        assertThatThrownBy(() -> HtmlReport.write(report, w -> {
            w.write("<html>half of a new ");
            w.flush();
            throw new IOException("No space left on device");
        })).hasMessage("No space left on device");
        assertThat(Files.readString(report)).isEqualTo("<html>the previous good report</html>");
        assertThat(names(dir)).containsExactly("report.html");
    }

    @Test
    void aWholeWriteReplacesTheReportKeepingItsPermissions(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("report.html"), "old");
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r-----"));
        new HtmlReport("title", "subtitle").write(report);
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("title");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-r-----");
        assertThat(names(dir)).containsExactly("report.html");
        // a new report in a folder still to be made
        Path fresh = dir.resolve("sub/new.html");
        new HtmlReport("title", "subtitle").write(fresh);
        assertThat(Files.readString(fresh)).contains("title");
        assertThat(names(fresh.getParent())).containsExactly("new.html");
    }

    @Test
    void aReportWrittenThroughASymbolicLinkReplacesTheFileItNames(@TempDir Path dir) throws Exception {
        Path real = Files.writeString(dir.resolve("real.html"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.html"), real.getFileName());
        new HtmlReport("title", "subtitle").write(link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("title");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
