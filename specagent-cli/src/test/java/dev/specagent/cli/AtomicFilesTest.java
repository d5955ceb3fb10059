package dev.specagent.cli;

import dev.specagent.cli.report.HtmlReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AtomicFiles}, which writes reports and the other output files: a write that fails midway (a full disk, a
 * signal) leaves the previous file whole.
 */
class AtomicFilesTest {

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousReportWholeAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("report.html"), "<html>the previous good report</html>");
        assertThatThrownBy(() -> AtomicFiles.write(report, w -> {
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

    @Test
    void goldAndItsConversationsReplaceTheirFilesRatherThanWritingIntoThem(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("gold.jsonl"), "old");
        Path openai = Files.writeString(dir.resolve("openai.json"), "old");
        Object outBefore = Files.readAttributes(out, BasicFileAttributes.class).fileKey();
        Object openaiBefore = Files.readAttributes(openai, BasicFileAttributes.class).fileKey();
        assertThat(CliTestSupport.run("retail", "gold", "--tasks", "dev", "--out", out.toString(), "--openai-out",
                openai.toString()).exitCode()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(20).allMatch(line -> line.startsWith("{\"task\":"));
        assertThat(Files.readAttributes(out, BasicFileAttributes.class).fileKey()).isNotEqualTo(outBefore);
        assertThat(Files.readString(openai)).startsWith("[");
        assertThat(Files.readAttributes(openai, BasicFileAttributes.class).fileKey()).isNotEqualTo(openaiBefore);
        assertThat(names(dir)).containsExactly("gold.jsonl", "openai.json");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
