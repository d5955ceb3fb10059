package dev.specagent.cli;

import dev.specagent.core.data.IoErrors;

import java.io.IOException;
import java.nio.file.Path;

/** A user error: bad option value, unreadable or malformed file. Printed without a stack trace, exit code 2. */
public final class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The output file of {@code option} cannot be written: names the option, the file and why. */
    public static BadInputException cannotWrite(String option, Path file, IOException cause) {
        return new BadInputException(option + ": cannot write " + file + ": " + IoErrors.reason(cause), cause);
    }
}
