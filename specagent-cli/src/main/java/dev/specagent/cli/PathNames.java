package dev.specagent.cli;

import dev.specagent.core.data.FileNames;
import picocli.CommandLine;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads every file option of a command line ({@code --report}, {@code --out}, {@code --record}, a trace, ...) as a
 * path, refusing a blank one naming the option: {@code --report ""} (an unset shell variable) was the working folder
 * and said {@code cannot write : it is a folder}, an input file {@code ""} was {@code not a readable file}, and
 * {@code --report " "} wrote a report into a file named by a space.
 */
public final class PathNames {

    private PathNames() {
    }

    /** Installs the reading on {@code cli} and all its subcommands, for {@link Path} options and parameters. */
    public static void install(CommandLine cli) {
        cli.registerConverter(Path.class, PathNames::parse);
    }

    /**
     * {@code text} as a path, as written.
     *
     * @throws CommandLine.TypeConversionException when it is empty or only white space, or no path at all
     */
    public static Path parse(String text) {
        if (text.isBlank()) {
            throw new CommandLine.TypeConversionException("expected a path, got '" + text + "'");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("expected a path, got '" + text + "': "
                    + FileNames.whyNoPath(e));
        }
    }
}
