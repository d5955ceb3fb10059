package dev.specagent.core.data;

/**
 * The data directory, or a data set inside it, is not where the configuration says. A configuration
 * error, not a failed run: the message names where it looked and how to configure it. It stays an
 * {@link IllegalStateException} so callers that fall back when data is absent keep working.
 */
public final class MissingDataException extends IllegalStateException {

    /** An exception with {@code message}, which names the path(s) looked at. */
    public MissingDataException(String message) {
        super(message);
    }
}
