package dev.specagent.cli.report;

import dev.specagent.cli.BadInputException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The {@code --report FILE.html} option, shared by every command as a picocli mixin. */
public final class ReportOption {

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "also write a self-contained HTML report (timeline of every call, charts) to this file")
    Path file;

    /** Whether a report was asked for. */
    public boolean requested() {
        return file != null;
    }

    /**
     * Fails when a report was asked for and could not be written (see {@link BadInputException#requireCreatable});
     * {@code Main} calls it before every command runs.
     */
    public void requireWritable() {
        if (file != null) {
            BadInputException.requireCreatable("--report", file);
        }
    }

    /** Writes {@code report} when asked, and says where on {@code log}. */
    public void write(HtmlReport report, PrintWriter log) {
        if (file == null) {
            return;
        }
        try {
            report.write(file);
            log.println("report: " + file.toAbsolutePath());
            log.flush();
        } catch (IOException e) {
            throw BadInputException.cannotWrite("--report", file, e);
        }
    }
}
