package dev.specagent.cli.ostune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.Main;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ostune --llm both} replaying a recorded trace on the project's replay server (loopback HTTP). */
class OsTuneLlmCommandTest {

    @TempDir
    Path dir;

    static String line(String model, String content, double totalMs) {
        return entry(model, content, totalMs).toJson().toString();
    }

    /** A recorded answer of {@code model} (300 prompt and 40 completion tokens) that takes {@code totalMs}. */
    static TraceEntry entry(String model, String content, double totalMs) {
        ObjectNode request = CanonicalJson.object("model", model);
        request.putArray("messages").addObject().put("role", "user").put("content", "recorded");
        ObjectNode response = CanonicalJson.object("id", "chatcmpl-1", "object", "chat.completion", "created", 1_700_000_000L, "model", model);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        response.putObject("usage").put("prompt_tokens", 300).put("completion_tokens", 40).put("total_tokens", 340);
        return TraceEntry.completed(request, response, totalMs / 2, totalMs);
    }

    @Test
    void llmAgentsRunFromAReplayedTraceAndReportTokensAndCost() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(line("gpt-4.1", "Analysis: queueing dominates at 24 ms.\nConfig: {\"simulated_min_granularity_ms\": 8}", 1200));
        lines.add(line("gpt-4.1", "Analysis: keep.\nConfig: {\"simulated_min_granularity_ms\": 7}", 1200));
        for (int i = 0; i < 8; i++) {
            lines.add(line("gpt-4.1-nano", "Analysis: a little lower.\nConfig: {\"simulated_min_granularity_ms\": " + (10 - i) + "}", 80));
        }
        Path trace = dir.resolve("ostune.jsonl");
        Files.write(trace, lines);
        var r = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "3", "--llm", "both",
                "--replay", trace.toString(), "--actor-model", "gpt-4.1", "--speculator-model", "gpt-4.1-nano", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = CanonicalJson.parse(r.out());
        assertThat(o.get("agents").toString()).contains("LLM gpt-4.1 (actor", "LLM gpt-4.1-nano (speculator");
        assertThat(o.get("prompt_tokens").asLong()).isGreaterThanOrEqualTo(600);
        assertThat(o.get("cost_usd").asDouble()).isPositive();
        assertThat(o.get("writes").findValuesAsText("source")).contains("actor", "speculator");
        assertThat(o.get("restored").asBoolean()).isTrue();
    }

    @Test
    void aRecordTraceThatFailsMidReplayKeepsTheResultsThenNamesTheTraceAndExitsTwo() throws Exception {
        Path full = Path.of("/dev/full"); // opens, then refuses every write: "No space left on device"
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
        Path trace = Files.write(dir.resolve("ostune.jsonl"),
                List.of(line("gpt-4.1", "Analysis: keep.\nConfig: {\"simulated_min_granularity_ms\": 7}", 100)));
        // ostune replays through its own recorder (answers in order), not LlmModels': checked all the same
        var r = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "3", "--llm", "actor",
                "--replay", trace.toString(), "--actor-model", "gpt-4.1", "--record", full.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(CanonicalJson.parse(r.out()).get("restored").asBoolean()).isTrue();
        assertThat(r.err()).contains("specagent: --record: cannot write /dev/full: No space left on device (");
    }

    @Test
    void llmAgentsWhoseCallsAllFailAreNotReportedAsLocalAgents() throws Exception {
        Path trace = dir.resolve("other-model.jsonl"); // answers no model the run asks: every decision fails (404)
        Files.write(trace, List.of(line("gpt-4o-mini", "Analysis: -.\nConfig: {\"simulated_min_granularity_ms\": 8}", 100)));
        var llm = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "3", "--llm", "both",
                "--replay", trace.toString(), "--actor-model", "gpt-4.1", "--speculator-model", "gpt-4.1-nano");
        assertThat(llm.exitCode()).as(llm.err()).isZero();
        assertThat(llm.out()).contains("speculator failed: model gpt-4.1-nano: HTTP 404", "tokens      0 prompt, 0 completion")
                .doesNotContain("local agents");
        var local = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "3");
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(local.out()).contains("(local agents: no LLM calls)");
    }

    @Test
    void whyDecisionsFailedIsReportedAlsoWithJsonOrQuiet() throws Exception {
        // the readings (and their "failed:" notes) are not printed then: such a run ended 0 with no word of why
        Path trace = dir.resolve("other-model.jsonl");
        Files.write(trace, List.of(line("gpt-4o-mini", "Analysis: -.\nConfig: {\"simulated_min_granularity_ms\": 8}", 100)));
        var json = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "speculator-only", "--seconds", "3", "--llm",
                "speculator", "--replay", trace.toString(), "--speculator-model", "gpt-4.1-nano", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode failures = CanonicalJson.parse(json.out()).get("agent_failures");
        assertThat(failures).isNotEmpty();
        assertThat(failures.get(0).get("agent").asText()).isEqualTo("speculator");
        assertThat(failures.get(0).get("message").asText()).startsWith("model gpt-4.1-nano: HTTP 404");
        assertThat(failures.get(0).get("count").asInt()).isPositive();
        var quiet = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "speculator-only", "--seconds", "3", "--llm",
                "speculator", "--replay", trace.toString(), "--speculator-model", "gpt-4.1-nano", "--quiet");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).containsPattern("failed      \\d+× speculator: model gpt-4\\.1-nano: HTTP 404");
    }

    @Test
    void aRunEndedByASignalStillPrintsWhatItMeasured() throws Exception {
        // an LLM agent makes the simulated knob real-time; Ctrl-C (here SIGTERM: the same shutdown hooks) used to end
        // the JVM with nothing on stdout: a --json run lost every reading
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(line("gpt-4.1", "Analysis: try.\nConfig: {\"simulated_min_granularity_ms\": " + (8 + i % 3) + "}", 300));
        }
        Path trace = Files.write(dir.resolve("slow.jsonl"), lines);
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "ostune", "--knob", "simulated",
                "--mode", "actor-only", "--seconds", "120", "--llm", "actor", "--replay", trace.toString(), "--actor-model",
                "gpt-4.1", "--json").start();
        String out;
        try (var err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            String first = err.readLine(); // the progress bar's first line comes with the first reading
            assertThat(first).as("stderr").contains("ostune (seconds): 1/120");
            child.toHandle().destroy(); // SIGTERM, leaving the streams open (Process.destroy closes them)
            out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String rest = err.lines().collect(Collectors.joining("\n"));
            assertThat(rest).containsPattern("specagent: stopped by a signal \\(SIGTERM\\) after [1-9]\\d* readings and \\d+ "
                    + "writes, at t=\\d+\\.\\d s \\(in the JSON above\\); the knob is restored on exit; ")
                    .containsPattern("its agents' decisions spent [1-9]\\d* prompt \\+ [1-9]\\d* completion tokens, \\$0\\.\\d*[1-9]");
        } finally {
            child.destroyForcibly();
        }
        JsonNode o = CanonicalJson.parse(out);
        assertThat(o.get("error").asText()).matches("stopped by a signal \\(SIGTERM\\) after [1-9]\\d* readings and \\d+ "
                + "writes, at t=\\d+\\.\\d s; the knob is restored on exit");
        assertThat(o.get("readings")).isNotEmpty();
        assertThat(o.has("writes")).isTrue();
        // the actor's first decision (300 ms) was paid before the first reading: an LLM run stopped so still says what it cost
        assertThat(o.get("prompt_tokens").asLong()).isGreaterThanOrEqualTo(300);
        assertThat(o.get("completion_tokens").asLong()).isGreaterThanOrEqualTo(40);
        assertThat(o.get("cost_usd").asDouble()).isPositive();
    }

    /** --llm naming only agents that --mode does not run would call no LLM: refused before the run, naming both. */
    @ParameterizedTest
    @CsvSource({"both,none", "actor,none", "actor,speculator-only", "speculator,actor-only"})
    void anLlmAgentTheModeDoesNotRunIsBadInput(String llm, String mode) {
        var r = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", mode, "--seconds", "3", "--llm", llm,
                "--actor-model", "gpt-4.1", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--llm " + llm + " with --mode " + mode + ": that mode runs no ",
                "so no LLM would be called; drop --llm");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badLlmChoiceIsBadInput() {
        var r = CliTestSupport.run("ostune", "--llm", "everyone");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--llm");
    }
}
