package dev.specagent.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command says a signal stopped it in one wording, {@link SignalHook#stopped}'s. Before, eight commands wrote
 * their own ({@code a signal (Ctrl-C, SIGTERM) stopped the run during d1}, {@code stopped by a signal after 1 of 4
 * tasks (Ctrl-C or SIGTERM)}, {@code interrupted at t=…}, …).
 */
class SignalWordingTest {

    /** Where the wording is written: the hook and the signal's name. */
    private static final Set<String> OWNERS = Set.of("SignalHook.java", "SignalName.java");

    private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern SIGNAL_WORDS = Pattern.compile("(?i)by a signal|a signal \\(|signal ended|"
            + "interrupted (at|before|:)");

    @Test
    void theStopOfEveryCommandIsWordedBySignalHook() {
        assertThat(SignalHook.stopped(1, 4, "tasks")).isEqualTo("stopped by a signal (Ctrl-C or SIGTERM) after 1 of 4 "
                + "tasks"); // no signal came to this JVM: it is named generically
        assertThat(SignalHook.stopped("3 plies of the sequential game"))
                .isEqualTo(SignalHook.stoppedBy() + " after 3 plies of the sequential game");
        assertThat(SignalHook.afterBothRuns()).isEqualTo(SignalHook.stoppedBy() + " after both runs had finished");
    }

    @Test
    void noOtherSourceWritesItsOwnStopMessage() throws IOException {
        List<String> found = MainSourceLines.matching(OWNERS, line -> {
            String code = line.strip();
            if (code.startsWith("*") || code.startsWith("/")) {
                return false; // comments
            }
            Matcher literal = LITERAL.matcher(code);
            while (literal.find()) {
                if (SIGNAL_WORDS.matcher(literal.group()).find()) {
                    return true;
                }
            }
            return false;
        });
        assertThat(found).as("stop messages written outside SignalHook").isEmpty();
    }
}
