package dev.specagent.cli;

import dev.specagent.cli.demo.DemoCommand;
import dev.specagent.cli.chess.ChessCommand;
import dev.specagent.cli.retail.RetailCommand;
import dev.specagent.cli.retail.PredictCallsCommand;
import dev.specagent.cli.dsp.DspCommand;
import dev.specagent.cli.hotpotqa.HotpotqaCommand;
import dev.specagent.cli.ostune.OsTuneCommand;
import dev.specagent.cli.llm.ServeReplayCommand;
import dev.specagent.cli.llm.LlmDemoCommand;
import dev.specagent.cli.report.ReportOption;
import dev.specagent.core.data.MissingDataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code specagent} command. Exit codes: 0 success, 1 a run failed, 2 bad usage or bad input
 * (the message names the option, file or field).
 */
@Command(name = "specagent", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Makes LLM agents faster, losslessly: a fast speculator guesses what each slow call returns "
                + "and the work that follows from each guess starts at once.",
        subcommands = {
                DemoCommand.class, SimulateCommand.class, ChessCommand.class, ReplayCommand.class,
                RetailCommand.class, PredictCallsCommand.class, DspCommand.class, HotpotqaCommand.class,
                OsTuneCommand.class, ServeReplayCommand.class, LlmDemoCommand.class,
                CommandHelp.class},
        footer = {"", "Exit codes: 0 success, 1 a run failed, 2 bad usage or bad input."})
public final class Main implements Runnable {

    /** Exit code of a run that failed. */
    public static final int EXIT_RUN_FAILED = 1;
    /** Exit code of bad usage or bad input. */
    public static final int EXIT_BAD_INPUT = 2;

    /** Lucene announces through java.util.logging that the incubating vector API is off; that is not news to users. */
    private static final Logger LUCENE_LOG;

    static {
        // Warnings (a malformed model answer, ...) as one line "WARNING: message", not the JDK's two lines
        // that start with a timestamp and the logging class and lambda names. Set before any logger exists.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        LUCENE_LOG = Logger.getLogger("org.apache.lucene");
        LUCENE_LOG.setLevel(Level.SEVERE);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        SignalName.watch(); // from the start: a signal before a command arms its hook is still named
        StandardOutput stdout = StandardOutput.open();
        CommandLine cli = commandLine();
        PrintWriter out = stdout.writer(System.out.charset());
        cli.setOut(out);
        int code = cli.execute(args);
        System.exit(stdout.exitCode(code, out, cli.getErr()));
    }

    /** The configured command line, for tests and embedding. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        EnumChoices.install(cli);
        DecimalNumbers.install(cli);
        WholeNumbers.install(cli);
        PathNames.install(cli);
        SubcommandVersions.install(cli);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (SignalHook.received()) { // the failure is the signal's interrupt: no stack trace to offer
                commandLine.getErr().println("specagent: " + SignalHook.stoppedBy() + ": " + describe(ex));
                commandLine.getErr().flush();
                return EXIT_RUN_FAILED;
            }
            commandLine.getErr().println("specagent: " + describe(ex));
            if (isBadInput(ex)) {
                return EXIT_BAD_INPUT;
            }
            if (System.getenv("SPECAGENT_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set SPECAGENT_DEBUG=1 for the stack trace)");
            }
            return EXIT_RUN_FAILED;
        });
        cli.setExecutionStrategy(parseResult -> execute(cli, parseResult));
        return cli;
    }

    /**
     * Runs the chosen command: first checks that its {@code --report} file can be written (before a run that may
     * cost time or money, not after it), then runs it, then names every trace of {@code --record}/{@code
     * --llm-record} that lost entries (after the results and any failure message): such a run exits 2, like an
     * output file that cannot be written.
     */
    private static int execute(CommandLine cli, CommandLine.ParseResult parseResult) {
        SignalHook.commandLineStarted();
        try {
            return executeCommand(cli, parseResult);
        } finally {
            SignalHook.commandLineEnded(); // a signal's hook waits for the lines above before the JVM ends
        }
    }

    private static int executeCommand(CommandLine cli, CommandLine.ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine executed = chain.get(chain.size() - 1);
        int code;
        try {
            if (!executed.isUsageHelpRequested() && !executed.isVersionHelpRequested()) {
                Mixins.of(executed.getCommandSpec(), ReportOption.class)
                        .forEach(report -> {
                            report.requireWritable(executed.getCommandSpec());
                            report.recordOutput(executed);
                        });
            }
            code = new CommandLine.RunLast().execute(parseResult);
        } catch (BadInputException | CommandLine.ExecutionException e) {
            boolean ran = e instanceof CommandLine.ExecutionException;
            try {
                code = cli.getExecutionExceptionHandler().handleExecutionException(
                        ran && e.getCause() instanceof Exception cause ? cause : e,
                        ran ? ((CommandLine.ExecutionException) e).getCommandLine() : executed, parseResult);
            } catch (Exception unhandled) {
                throw e;
            }
        }
        List<String> incomplete = RecordedTraces.problemsOf(executed.getCommandSpec());
        incomplete.forEach(line -> executed.getErr().println("specagent: " + line));
        executed.getErr().flush();
        return incomplete.isEmpty() || code != 0 ? code : EXIT_BAD_INPUT;
    }

    /**
     * What {@code ex} says to a user: the message of bad input (see {@link #isBadInput}) or of the project's own
     * exceptions (a failed run, a failed plan, ...), which say what failed and why; any other (a bug) with its class
     * name.
     */
    public static String describe(Throwable ex) {
        boolean plain = isBadInput(ex) || ex.getClass().getName().startsWith("dev.specagent.");
        return plain && ex.getMessage() != null ? ex.getMessage() : String.valueOf(ex);
    }

    /**
     * Whether {@code ex} reports bad usage or bad input. The project throws {@link IllegalArgumentException} for
     * malformed files and option values, with a message naming them; one thrown inside the JDK or a library
     * is a bug (a failed run with its class name and, on request, its stack trace), not the user's input.
     */
    static boolean isBadInput(Throwable ex) {
        if (ex instanceof BadInputException || ex instanceof MissingDataException) {
            return true;
        }
        StackTraceElement[] trace = ex.getStackTrace();
        return ex instanceof IllegalArgumentException && trace.length > 0
                && trace[0].getClassName().startsWith("dev.specagent.");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
