package dev.specagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code specagent help [COMMAND...]}: the help of the command that the whole path names ({@code help dsp sweep}
 * is {@code dsp sweep --help}), or of {@code specagent} itself without one. A path that names no command is
 * refused naming the word that does not fit (bad usage, exit 2). picocli's own help command read only the first
 * word: {@code help dsp sweep} showed {@code dsp}'s help and {@code help dsp nope} exited 0.
 */
@Command(name = "help", helpCommand = true, synopsisHeading = "%nUsage: ",
        description = "Displays the help of the command that COMMAND... names (for example: help dsp sweep).")
public final class CommandHelp implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The command, with its subcommands, whose help to display.")
    private List<String> path = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean helpRequested;

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine command = self.getParent();
        List<String> named = new ArrayList<>();
        for (String word : path) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, unknown(word, named, command), null, word);
            }
            named.add(word);
            command = sub;
        }
        command.usage(out, colors);
    }

    /** Says that {@code word}, after the commands {@code named}, names none of the subcommands of {@code command}. */
    private static String unknown(String word, List<String> named, CommandLine command) {
        String of = named.isEmpty() ? "" : " of '" + String.join(" ", named) + "'";
        if (command.getSubcommands().isEmpty()) {
            return "Unknown command '" + word + "': '" + String.join(" ", named) + "' has no subcommands";
        }
        return "Unknown command '" + word + "'" + of + "; the commands" + of + " are: "
                + String.join(", ", command.getSubcommands().keySet());
    }
}
