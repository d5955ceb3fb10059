package dev.specagent.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Which signal is ending the JVM, for {@link SignalHook#stopped}: shutdown hooks are not told, so this notes the
 * signal on its way to the JVM's own handler (which then runs the hooks and exits with 128 + its number). Where the
 * JVM handles no such signal (it was ignored at start, or {@code -Xrs}) the handler is left as it was and the stop
 * is named {@code Ctrl-C or SIGTERM}.
 */
final class SignalName {

    private static final String UNKNOWN = "Ctrl-C or SIGTERM";
    private static volatile String received = UNKNOWN;
    private static boolean watched;

    private SignalName() {
    }

    /** Notes SIGINT and SIGTERM from now on (once per JVM). */
    static synchronized void watch() {
        if (!watched) {
            watched = true;
            watch("INT", "SIGINT");
            watch("TERM", "SIGTERM");
        }
    }

    /** The signal noted ({@code SIGTERM}, {@code SIGINT} for Ctrl-C), or {@code Ctrl-C or SIGTERM} before any. */
    static String received() {
        return received;
    }

    private static void watch(String signal, String name) {
        try {
            Signal s = new Signal(signal);
            SignalHandler[] jvm = new SignalHandler[1];
            jvm[0] = Signal.handle(s, sig -> {
                received = name;
                SignalHandler next = jvm[0];
                if (next != null) {
                    next.handle(sig);
                } else { // the signal came before handle returned: end as the JVM's handler does
                    Runtime.getRuntime().exit(128 + sig.getNumber());
                }
            });
            if (jvm[0] == SignalHandler.SIG_DFL || jvm[0] == SignalHandler.SIG_IGN) {
                Signal.handle(s, jvm[0]); // no JVM handler to pass the signal on to: leave it as it was
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // -Xrs, or a system without this signal: the stop is named generically
        }
    }
}
