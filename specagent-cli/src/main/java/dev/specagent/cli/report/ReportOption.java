package dev.specagent.cli.report;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.OutputFiles;
import dev.specagent.cli.Validate;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;

/** The {@code --report FILE.html} option, shared by every command as a picocli mixin. */
public final class ReportOption {

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "also write a self-contained HTML report (timeline of every call, charts) to this file")
    Path file;

    /** What the command printed on standard output so far, when a report was asked for and {@link #recordOutput} ran. */
    private StringWriter printed;

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

    /**
     * When a report was asked for, makes {@code command}'s standard output also record what it prints, so that the
     * report ends with the very text of the run's figures: a report never says less than the command printed.
     * {@code Main} calls it before the command runs.
     */
    public void recordOutput(CommandLine command) {
        if (file == null || printed != null) {
            return;
        }
        printed = new StringWriter();
        PrintWriter out = command.getOut();
        StringWriter copy = printed;
        command.setOut(new PrintWriter(new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                out.write(chars, offset, length);
                copy.write(chars, offset, length); // a StringWriter's buffer is synchronized
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        }, true));
    }

    /**
     * Says on {@code err} why the command ended early, {@code "specagent: <why>"}, adding {@code "; no report
     * written"} when a report was asked for (a report of part of a run would replace a whole earlier one).
     */
    public void sayNotWritten(PrintWriter err, String why) {
        err.println("specagent: " + why + (requested() ? "; no report written" : ""));
        err.flush();
    }

    /**
     * Writes {@code report} when asked, and says where on {@code log}. When the command's output was recorded
     * ({@link #recordOutput}), a last section shows what it printed on standard output before the report.
     */
    public void write(HtmlReport report, PrintWriter log) {
        if (file == null) {
            return;
        }
        try {
            String text = printed == null ? "" : printed.toString();
            if (!text.isBlank()) {
                report.text("What the command printed", "Its standard output in this run, as printed before the "
                        + "report was written.", text);
            }
            report.write(file);
            log.println("report: " + file.toAbsolutePath());
            log.flush();
        } catch (IOException e) {
            throw BadInputException.cannotWrite("--report", file, e);
        }
    }
}
