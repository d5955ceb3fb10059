package dev.specagent.cli;

/**
 * A command ran out of Java heap: its message says what took the memory and how to give it more. Printed without a
 * stack trace, exit code 1 (the run failed; its input was valid).
 */
public final class HeapTooSmallException extends RuntimeException {

    public HeapTooSmallException(String message, OutOfMemoryError cause) {
        super(message, cause);
    }
}
