package dev.specagent.cli;

import picocli.CommandLine;

/**
 * Every command's help offers {@code -V, --version} (picocli's standard help options), but only the top command
 * names a version, so {@code specagent dsp --version} printed nothing. This gives every subcommand, at every level,
 * the top command's version.
 */
public final class SubcommandVersions {

    private SubcommandVersions() {
    }

    /** Gives each subcommand of {@code cli} without a version of its own the version of {@code cli}. */
    public static void install(CommandLine cli) {
        String[] version = cli.getCommandSpec().version();
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().version(version);
            }
            install(sub);
        }
    }
}
