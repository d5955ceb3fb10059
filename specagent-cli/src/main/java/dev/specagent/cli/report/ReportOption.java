package dev.specagent.cli.report;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.OutputFiles;
import dev.specagent.cli.Validate;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
     * Fails when a report was asked for and could not be written (see {@link OutputFiles#requireWritable}),
     * or names the file of another argument of {@code command} (a trace to replay or record, an output file): the
     * report, written last, would replace it. {@code Main} calls it before every command runs.
     */
    public void requireWritable(CommandSpec command) {
        if (file == null) {
            return;
        }
        for (ArgSpec arg : command.args()) {
            String name = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
            if (!name.equals("--report") && arg.getValue() instanceof Path other && Validate.sameFile(file, other)) {
                throw new BadInputException("--report must not name the file of " + name + " (" + file
                        + "): the report would overwrite it");
            }
        }
        OutputFiles.requireWritable("--report", file, OutputFiles.Folders.CREATED);
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
