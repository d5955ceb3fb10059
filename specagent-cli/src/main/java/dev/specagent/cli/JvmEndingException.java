package dev.specagent.cli;

/**
 * A long command could not arm its {@link SignalHook}: a signal (Ctrl-C as the JVM started, say) had already begun
 * the JVM's end, before the run began. The command stops there; nothing was done, so nothing is printed but the stop.
 */
public final class JvmEndingException extends IllegalStateException {

    JvmEndingException(IllegalStateException cause) {
        super("the run had not begun", cause);
    }
}
