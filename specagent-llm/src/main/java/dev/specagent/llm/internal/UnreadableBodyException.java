package dev.specagent.llm.internal;

import java.io.IOException;

/**
 * A response body the client will not read: a content coding it cannot decode, or more than it accepts. The
 * message says which, in words that follow "malformed response from URL: "; the caller reports it as a
 * malformed response of its endpoint, not as a broken connection.
 */
public final class UnreadableBodyException extends IOException {

    public UnreadableBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
