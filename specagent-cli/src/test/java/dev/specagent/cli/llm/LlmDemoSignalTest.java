package dev.specagent.cli.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.specagent.cli.ReplayAnswers.answer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specagent llm-demo} ended by a signal during its speculative run: a child JVM against a replay server whose
 * actor answers the sequential run's five questions at once and every later call after 30 s. Before, it printed
 * nothing.
 */
class LlmDemoSignalTest {

    @Test
    void aDemoStoppedDuringTheSpeculativeRunPrintsTheSequentialRunsFigures() throws Exception {
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(answer("actor-m", "Answer " + i, 2));
        }
        for (int i = 0; i < 5; i++) { // the models the run asks for: the ORDER fallback matches by model
            entries.add(answer("actor-m", "Slow answer " + i, 30_000));
            entries.add(answer("spec-m", "Guess " + i, 2));
        }
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("llm-demo (runs: sequential, then "
                            + "speculative): 1/2") && sixthRequestCame(server),
                    "llm-demo", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "actor-m", "--speculator-model", "spec-m", "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(5);
            JsonNode o = CanonicalJson.parse(r.out());
            assertThat(o.path("stopped").asText()).startsWith("stopped by a signal (SIGTERM) after 0 answers, "
                    + "during the speculative run");
            assertThat(o.path("answers")).hasSize(5);
            assertThat(o.path("answers").get(0).asText()).isEqualTo("Answer 0");
            assertThat(o.path("sequential").path("prompt_tokens").asLong()).isPositive();
            // the slow call the signal cancelled is charged to the speculative run
            assertThat(o.path("speculative_so_far").path("cancelled_attempts").asLong()).as(r.out()).isPositive();
            // no answer committed yet: its hit rate and time saved are undefined, not 0
            assertThat(o.path("speculative_so_far").path("committed_calls").asLong()).isZero();
            assertThat(o.path("speculative_so_far").path("hit_rate").isNull()).as(r.out()).isTrue();
            assertThat(o.path("speculative_so_far").path("saved_pct").isNull()).as(r.out()).isTrue();
            assertThat(o.path("sequential").path("hit_rate").isNumber()).isTrue();
            assertThat(r.err()).contains("specagent: stopped by a signal (SIGTERM) after 0 answers, during the "
                    + "speculative run");
        }
    }

    /** Whether the speculative run's first call has reached the server (waiting up to 10 s): the signal comes during it. */
    private static boolean sixthRequestCame(ReplayServer server) {
        try {
            return server.awaitRequests(6, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
