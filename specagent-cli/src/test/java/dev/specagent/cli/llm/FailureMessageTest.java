package dev.specagent.cli.llm;

import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.Main;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        assertThat(r.err()).contains("specagent: the sequential run failed after 0 answers: call chat")
                .contains("no response for this request")
                .doesNotContain("RunFailedException").doesNotContain("dev.specagent.");
    }

    @Test
    void llmDemoKeepsTheSequentialRunWhenTheSpeculativeRunFails() throws Exception {
        // The actor answers the five sequential questions in order, then nothing more.
        List<TraceEntry> entries = new ArrayList<>();
        for (String answer : List.of("Paris", "Seine", "English Channel", "England", "London")) {
            entries.add(TraceEntry.text(
                    LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4.1"),
                    ChatRequest.ofUser("any"), answer, 20, 1, 1, 2));
        }
        try (var server = ReplayServer.builder(entries)
                .fallback(ReplayServer.Fallback.ORDER).timeScale(0).start()) {
            var r = CliTestSupport.run("llm-demo", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env",
                    "none", "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.err()).contains("the speculative run failed after 0 answers");
            var json = CanonicalJson.parse(r.out());
            assertThat(json.get("answers").toString())
                    .isEqualTo("[\"Paris\",\"Seine\",\"English Channel\",\"England\",\"London\"]");
            assertThat(json.get("sequential").isObject() && json.get("sequential").size() > 0).isTrue();
            assertThat(json.get("error").asText()).contains("no response for this request");
        }
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
