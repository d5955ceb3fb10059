package dev.specagent.cli.demo;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Main;
import dev.specagent.cli.Notes;
import dev.specagent.cli.OutputFiles;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.report.HtmlReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code specagent demo}: what specagent does, on this machine, within a minute, with no API key.
 * Runs every {@link DemoPart} whose prerequisites are present, prints one summary table and writes
 * the HTML report. A part that fails is reported and the others still run (exit code 1 at the end). A signal
 * (Ctrl-C, SIGTERM) prints the summary of the parts finished and names the one under way; no report is written.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Shows the speed-up on embedded defaults, without any API key: the synthetic world of "
                + "Proposition 1 (simulated time), then the environments whose engines and data are present.",
        footer = {"", "Parts: synthetic (simulated); chess live (Stockfish, skipped when missing); chess replay, retail, "
                + "dsp, hotpotqa (recorded runs, skipped without the data directory); ostune (simulated knob).",
                "", "Example:", "  specagent demo", "  specagent demo --json --report /tmp/demo.html",
                "", "Exit codes: 0 success, 1 a part failed (the others still ran and the report was written), "
                + "2 bad usage or a report that cannot be written."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object (rows, parts, skipped, failed, notes, report path, seconds) "
            + "on stdout; progress and log go to stderr")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html", defaultValue = "reports/demo.html",
            description = "where to write the HTML report (default: ${DEFAULT-VALUE} under the project root)")
    Path reportFile;

    /** The parts, in the order they run (replaced in tests). */
    List<DemoPart> parts = List.of(new SyntheticDemo(), new ChessLiveDemo(), new ChessReplayDemo(), new RetailDemo(),
            new DspDemo(), new HotpotqaDemo(), new OsTuneDemo());

    @Override
    public Integer call() {
        // before the parts run (minutes), not after them: a mistyped --report costs nothing
        try {
            OutputFiles.requireWritable("--report", reportPath(), OutputFiles.Folders.CREATED);
        } catch (BadInputException e) {
            if (reportGiven()) {
                throw e;
            }
            // the default, in a project root the user may not write (an installed copy): say how to go elsewhere
            throw new BadInputException(e.getMessage() + " (the default report; give --report FILE.html to write it "
                    + "elsewhere)", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter log = Notes.writer(spec, json);
        long started = System.nanoTime();
        DemoSummary summary = new DemoSummary();
        HtmlReport sections = new HtmlReport("specagent demo", "");
        AtomicReference<String> current = new AtomicReference<>("the first part");
        AtomicInteger done = new AtomicInteger();
        // Ctrl-C or SIGTERM: the hook prints the rows of the parts finished and names the one under way
        try (SignalHook signal = SignalHook.report("demo",
                () -> stopped(summary, current.get(), done.get(), (System.nanoTime() - started) / 1e9))) {
            for (DemoPart part : parts) {
                current.set(part.name());
                run(part, summary, sections, log, err);
                done.incrementAndGet();
            }
            current.set("the summary");
            if (!signal.claim()) {
                return Main.EXIT_RUN_FAILED; // a signal's hook printed the parts finished; the JVM is ending
            }
            return finish(summary, sections, (System.nanoTime() - started) / 1e9, out, log);
        }
    }

    private static void run(DemoPart part, DemoSummary summary, HtmlReport sections, PrintWriter log, PrintWriter err) {
        String missing = part.missingPrerequisite();
        if (missing != null) {
            log.println(part.name() + ": skipped (" + missing + ")");
            summary.skipped(part, missing);
            return;
        }
        long partStarted = System.nanoTime();
        // Each part draws into its own sections, kept only when it finishes: a failed part's half-drawn charts
        // would show figures of a run that the Parts table calls FAILED.
        HtmlReport partSections = new HtmlReport(part.name(), "");
        try {
            summary.ran(part, part.run(log, err, partSections), (System.nanoTime() - partStarted) / 1e9);
            sections.append(partSections);
        } catch (RuntimeException | Error e) { // an Error too (a StackOverflowError, an AssertionError): one part
            // failed, the others still run and the report is written, as the core fails a run with an Error as its cause
            log.println(part.name() + ": FAILED (" + Main.describe(e) + ")");
            summary.failed(part, Main.describe(e));
        }
        log.flush();
    }

    /** Prints the summary of a whole run and writes its report. */
    private int finish(DemoSummary summary, HtmlReport sections, double seconds, PrintWriter out, PrintWriter log) {
        Path reportPath = reportPath();
        if (json) {
            out.println(summary.json(reportPath, seconds));
        } else {
            summary.printText(out, seconds);
        }
        out.flush();
        try {
            summary.report(sections).write(reportPath);
        } catch (IOException e) { // a late failure (a full disk): the path itself was checked before the parts
            throw BadInputException.cannotWrite("--report", reportPath, e);
        }
        log.println("HTML report: " + reportPath.toAbsolutePath().normalize());
        log.flush();
        return summary.anyFailed() ? Main.EXIT_RUN_FAILED : 0;
    }

    /**
     * What a run that a signal ended prints (on the hook's thread, while the part under way goes on): the summary of
     * the parts finished, in one piece so that the part's log lines cannot split it, and no HTML report: a report of
     * some parts would replace a previous whole one (a report being written is renamed into place whole or not at
     * all, see {@link HtmlReport#write}).
     */
    private void stopped(DemoSummary summary, String part, int done, double seconds) {
        String stopped = SignalHook.stopped(done, parts.size(), "parts") + ", during " + part + "; the rows are of the "
                + "parts finished; no HTML report written";
        StringWriter text = new StringWriter();
        PrintWriter page = new PrintWriter(text);
        if (json) {
            page.println(summary.json(reportPath(), seconds).putNull("report").put("stopped", stopped));
        } else {
            summary.printText(page, seconds);
            page.println(stopped);
        }
        page.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("specagent: " + stopped);
        err.flush();
    }

    /**
     * Where the report goes: a path given with {@code --report} is taken as any command's, from the working folder;
     * the default one lies under the project root ({@code SPECAGENT_HOME}, set by the launcher) wherever the demo is
     * run from.
     */
    private Path reportPath() {
        String home = System.getenv("SPECAGENT_HOME");
        return reportGiven() || reportFile.isAbsolute() || home == null ? reportFile : Path.of(home).resolve(reportFile);
    }

    /** Whether the command line gave {@code --report}. */
    private boolean reportGiven() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption("--report");
    }
}
