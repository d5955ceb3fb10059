package dev.specagent.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
        Path sources = Path.of("src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (OWNERS.contains(f.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("/")) {
                        continue; // comments
                    }
                    Matcher literal = LITERAL.matcher(line);
                    while (literal.find()) {
                        if (SIGNAL_WORDS.matcher(literal.group()).find()) {
                            found.add(sources.relativize(f) + ":" + (i + 1) + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(found).as("stop messages written outside SignalHook").isEmpty();
    }
}
