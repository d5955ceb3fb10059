package dev.specagent.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/**
 * Where a command's notes for a person go (report written, plot written, info lines): standard output, but standard
 * error under {@code --json}, whose standard output holds the JSON and nothing else, for a script to parse.
 */
public final class Notes {

    private Notes() {
    }

    /** {@code command}'s standard error when {@code json}, else its standard output. */
    public static PrintWriter writer(CommandSpec command, boolean json) {
        return json ? command.commandLine().getErr() : command.commandLine().getOut();
    }
}
