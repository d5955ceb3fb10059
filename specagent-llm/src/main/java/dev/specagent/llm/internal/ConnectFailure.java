package dev.specagent.llm.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;

/**
 * The words for a request that failed before any answer came (a refused or timed-out connect, a dropped
 * connection), shared by chat calls and embeddings so that one server that is down reads the same from both:
 * {@code cannot connect to URL: connection refused (is the server running?)}; and for a connection that broke while
 * the answer was read: {@code connection to URL broke: ...}.
 */
public final class ConnectFailure {

    private ConnectFailure() {
    }

    /** What went wrong sending to {@code url}, from the {@code cause} the JDK's client gave (without the model). */
    public static String message(URI url, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "cannot connect to " + url + ": connect timed out";
        }
        if (cause instanceof ConnectException) {
            // the JDK's refused connect usually carries no message
            return "cannot connect to " + url + ": "
                    + (cause.getMessage() == null ? "connection refused (is the server running?)" : cause.getMessage());
        }
        return "request to " + url + " failed: "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    /** What went wrong when the connection to {@code url} broke ({@code failure}) while its answer was read. */
    public static String broke(URI url, IOException failure) {
        return "connection to " + url + " broke: " + failure;
    }
}
