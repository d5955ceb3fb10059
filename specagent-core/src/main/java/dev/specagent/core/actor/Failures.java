package dev.specagent.core.actor;

/**
 * How the runner, the planner and the lossy loop name a failure in their messages: its message, or its class when it
 * has none (an HTTP client's bare {@code SocketTimeoutException}), so that no message says "failed: null".
 */
public final class Failures {

    private Failures() {
    }

    /** {@code error}'s message, or its class (with {@code toString}) when it has none; "no error" for null. */
    public static String describe(Throwable error) {
        if (error == null) {
            return "no error";
        }
        return error.getMessage() != null ? error.getMessage() : error.toString();
    }
}
