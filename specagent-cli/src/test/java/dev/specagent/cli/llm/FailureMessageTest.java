package dev.specagent.cli.llm;

import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** What the user reads when a run fails or a part warns: the message, not Java class names. */
class FailureMessageTest {

    @Test
    void aFailedRunPrintsTheMessageWithoutTheExceptionClass(@TempDir Path dir) {
        Path otherTrace = ServeReplayCommandTest.trace(dir); // answers "Say hello" only: every demo call misses
        var r = CliTestSupport.run("llm-demo", "--replay", otherTrace.toString(), "--replay-speed", "0");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(r.err()).contains("specagent: call chat").contains("no response for this request")
                .doesNotContain("RunFailedException").doesNotContain("dev.specagent.");
    }

    @Test
    void warningsAreOneLineWithoutLoggerClassNames() {
        Main.commandLine();
        LogRecord warning = new LogRecord(Level.WARNING, "speculator m gave a malformed answer");
        warning.setSourceClassName("dev.specagent.llm.agent.LlmSpeculator");
        warning.setSourceMethodName("lambda$propose$3");
        assertThat(new SimpleFormatter().format(warning))
                .isEqualTo("WARNING: speculator m gave a malformed answer" + System.lineSeparator());
    }
}
