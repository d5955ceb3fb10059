package dev.specagent.llm.client;

import dev.specagent.core.call.Usage;

/**
 * Why a chat completion failed, with the HTTP status when there was one and what the call had
 * consumed before it failed (so the ledger stays exact). The message says what happened in words a
 * user can act on: the server's own error message for 4xx, the offending text for a response that
 * does not parse.
 */
public final class LlmException extends RuntimeException {

    /** The kinds of failure. */
    public enum Kind {
        /** The server rejected the request (4xx other than 408, 409 and 429): bad key, unknown model, bad request. */
        CLIENT_ERROR,
        /** The server kept failing (408, 409, 429 or 5xx) after all retries, or sent an error in an answer. */
        SERVER_ERROR,
        /** No first token, or no complete answer, within the configured timeout. */
        TIMEOUT,
        /** The connection failed or broke. */
        CONNECTION,
        /** The response (JSON body or SSE stream) does not parse or is incomplete. */
        MALFORMED_RESPONSE,
        /** A tool call's arguments are not valid JSON. */
        INVALID_TOOL_ARGUMENTS
    }

    private final Kind kind;
    private final int status;
    private final transient Usage spent;

    public LlmException(Kind kind, int status, String message, Usage spent, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.spent = spent == null ? Usage.ZERO : spent;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the last attempt, or -1 when there was none. */
    public int status() {
        return status;
    }

    /** What the call consumed before it failed. */
    public Usage spent() {
        return spent;
    }

    /** A copy that carries {@code usage} as what was spent. */
    public LlmException withSpent(Usage usage) {
        LlmException copy = new LlmException(kind, status, getMessage(), usage, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
