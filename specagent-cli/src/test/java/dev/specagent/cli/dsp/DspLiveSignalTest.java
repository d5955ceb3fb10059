package dev.specagent.cli.dsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.specagent.cli.ReplayAnswers.answer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specagent dsp live} ended by a signal: a child JVM against a replay server whose target model answers its
 * first two calls (one task's ReAct step: TERMINATE) at once and every later one after 30 s, sent SIGTERM during
 * such a call. Before, it printed nothing but its progress.
 */
class DspLiveSignalTest {

    @Test
    void aRunStoppedDuringThePolicysRunPrintsTheTargetOnlyRowAndWhatBothRunsSpent() throws Exception {
        try (ReplayServer server = slowAfterOneTask()) {
            SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("dsp live (tasks, target-only then fix-2): 1/2")
                            && thirdRequestCame(server),
                    "dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "1", "--max-steps", "3",
                    "--policy", "fix-2", "--json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(5);
            JsonNode o = CanonicalJson.parse(r.out());
            String stopped = "stopped by a signal (SIGTERM) after 0 of 1 tasks, during the fix-2 run (task "
                    + "openagi-1)";
            assertThat(o.path("stopped").asText()).isEqualTo(stopped);
            assertThat(o.has("error")).isFalse();
            assertThat(o.path("stopped_run").asText()).isEqualTo("fix-2");
            assertThat(o.path("target_only").path("policy").asText()).isEqualTo("target-only");
            assertThat(o.path("target_only_spent").path("agent_calls").asLong()).as("one ReAct step").isEqualTo(1);
            assertThat(o.path("target_only_spent").path("prompt_tokens").asLong()).isPositive();
            assertThat(o.path("finished_plans")).isEmpty();
            assertThat(o.path("committed_in_stopped_task")).isEmpty();
            // the slow target step, cancelled by the signal, is charged (and the drafts the speculator made)
            JsonNode spent = o.path("stopped_run_spent");
            assertThat(spent.path("agent_calls").asLong()).isPositive();
            assertThat(spent.has("cost_usd") && spent.has("unnecessary_cost_usd") && spent.has("time_seconds")
                    && spent.has("generation_tokens")).as(spent.toString()).isTrue();
            assertThat(r.err()).contains("specagent: " + stopped + "; the plans and figures printed are of what was "
                    + "finished and spent until then");
        }
    }

    @Test
    void aRunStoppedDuringTargetOnlyPrintsThePlansItFinished() throws Exception {
        try (ReplayServer server = slowAfterOneTask()) {
            SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("dsp live (tasks, target-only then fix-2): 1/4")
                            && thirdRequestCame(server),
                    "dsp", "live", "--actor-endpoint", server.baseUrl().toString(), "--api-key-env", "none",
                    "--actor-model", "t-m", "--speculator-model", "a-m", "--tasks", "2", "--max-steps", "3",
                    "--policy", "fix-2");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(5);
            String stopped = "stopped by a signal (SIGTERM) after 1 of 2 tasks, during the target-only run (task "
                    + "openagi-2)";
            assertThat(r.out()).startsWith("DSP live: direct-react, 2 tasks from line 1: " + stopped + "\n")
                    .contains("plans the target-only run finished before the signal (1 of 2 tasks):\n"
                            + "  openagi-1: TERMINATE\n  committed in the stopped task: nothing\n")
                    // task 1's ReAct step and task 2's, cancelled by the signal
                    .containsPattern("target-only spent: 2 agent calls, [1-9]\\d* prompt \\+ [1-9]\\d* generated "
                            + "tokens, \\$\\d+\\.\\d{6} \\(unnecessary \\$\\d+\\.\\d{6}\\), \\d+\\.\\d{3} s \\(the "
                            + "stopped task's calls included, the cancelled ones too\\)")
                    .containsPattern("both runs so far: \\$\\d+\\.\\d{6}\n")
                    .doesNotContain("fix-2 spent");
            assertThat(r.err()).contains("specagent: " + stopped);
        }
    }

    /**
     * Whether the request after the first task's two has reached the server (waiting for it up to 10 s), so that the
     * signal comes during a call, not between two tasks, where the run under way would have made no call yet.
     */
    private static boolean thirdRequestCame(ReplayServer server) {
        try {
            return server.awaitRequests(3, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** t-m answers one ReAct step (thought, then TERMINATE) at once, then takes 30 s a call; a-m drafts TERMINATE. */
    private static ReplayServer slowAfterOneTask() throws IOException {
        List<TraceEntry> entries = new ArrayList<>(List.of(answer("t-m", "Thought: nothing to do.", 2),
                answer("t-m", "Action: TERMINATE", 2)));
        for (int i = 0; i < 4; i++) { // the model the run asks for: the ORDER fallback matches by model
            entries.add(answer("t-m", "Thought: nothing to do.", 30_000));
            entries.add(answer("a-m", "TERMINATE", 2));
        }
        return ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1).start();
    }
}
