package dev.specagent.cli.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.Main;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.LlmModels;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceReader;
import dev.specagent.llm.trace.TraceRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code specagent serve-replay} and the reusable {@link LlmOptions} mixin. */
class ServeReplayCommandTest {

    static final ChatRequest HELLO = ChatRequest.ofUser("Say hello");

    static Path trace(Path dir) {
        Path file = dir.resolve("trace.jsonl");
        JsonNode request = WireFormat.requestBody(HELLO, LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4o-mini"));
        JsonNode response = CanonicalJson.parse("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2,\"total_tokens\":11}}");
        try (TraceRecorder recorder = new TraceRecorder(file)) {
            recorder.record(TraceEntry.completed(request, response, 20, 40));
        }
        return file;
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void servesATraceOverHttp(@TempDir Path dir) throws Exception {
        Path trace = trace(dir);
        // a cancelled call is recorded too, but cannot answer a request
        String line = Files.readAllLines(trace).get(0);
        Files.writeString(trace, line.replace("\"outcome\":\"completed\"", "\"outcome\":\"cancelled\"") + "\n",
                StandardOpenOption.APPEND);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(out, err, "serve-replay",
                trace.toString(), "--port", "0", "--for", "3", "--json"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (out.toString().isBlank() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        JsonNode info = CanonicalJson.parse(out.toString().strip());
        assertThat(info.get("entries").asInt()).isEqualTo(2);
        assertThat(info.get("replayable").asInt()).isEqualTo(1);
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of(info.get("base_url").asText(), "gpt-4o-mini")).build()) {
            assertThat(client.complete(HELLO).content()).isEqualTo("Hello!");
        }
        assertThat(exit.get()).isZero();
        assertThat(out.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("1 requests, 1 served");
    }

    @Test
    void stoppedByASignalItStillPrintsItsCounts(@TempDir Path dir) throws Exception {
        // Ctrl-C (here SIGTERM: the same shutdown hooks) ended the JVM with no word of what was served
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve-replay", trace(dir).toString(),
                "--port", "0", "--json").start();
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            JsonNode info = CanonicalJson.parse(out.readLine());
            try (ChatClient client = ChatClient.builder(LlmEndpoint.of(info.get("base_url").asText(), "gpt-4o-mini")).build()) {
                assertThat(client.complete(HELLO).content()).isEqualTo("Hello!");
            }
            child.toHandle().destroy(); // SIGTERM, leaving the streams open (Process.destroy closes them)
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("serve-replay: 1 requests, 1 served");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void theCountsPrintedAtTheEndIncludeAnAnswerStillBeingSent(@TempDir Path dir) throws Exception {
        // stopped (--for or Ctrl-C) while an answer was under way, the line said '1 requests, 0 served' though the
        // client got it; here the answer is due 300 ms after the stop
        Path file = dir.resolve("slow.jsonl");
        JsonNode request = WireFormat.requestBody(HELLO, LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4o-mini"));
        JsonNode response = CanonicalJson.parse(Files.readAllLines(trace(dir)).getFirst()).get("response");
        try (TraceRecorder recorder = new TraceRecorder(file)) {
            recorder.record(TraceEntry.completed(request, response, 300, 300));
        }
        try (ReplayServer server = ReplayServer.builder(TraceReader.read(file)).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "gpt-4o-mini")).build()) {
            var call = client.start(HELLO);
            assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
            StringWriter err = new StringWriter();
            ServeReplayCommand.printCounts(server, new PrintWriter(err, true));
            assertThat(err.toString()).contains("serve-replay: 1 requests, 1 served");
            assertThat(call.await().content()).isEqualTo("Hello!");
        }
    }

    @Test
    void badOptionsExitWith2AndNameTheOption(@TempDir Path dir) throws Exception {
        Path trace = trace(dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "serve-replay", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("TRACE").contains("missing.jsonl");
        assertThat(run(out, err, "serve-replay", trace.toString(), "--status", "200")).isEqualTo(2);
        assertThat(err.toString()).contains("--status");
        assertThat(run(out, err, "serve-replay", trace.toString(), "--fallback", "random")).isEqualTo(2);
        assertThat(err.toString()).contains("--fallback");
        Files.writeString(dir.resolve("bad.jsonl"), "{\"request\": 1}\n");
        assertThat(run(out, err, "serve-replay", dir.resolve("bad.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.jsonl:1");
        assertThat(err.toString()).doesNotContain("Exception");
        assertThat(run(out, err, "serve-replay", trace.toString(), "--host", "256.1.1.1", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--host 256.1.1.1");
    }

    @Test
    void aPaceSlowerThanAThousandTimesIsRefusedNamingTheOption(@TempDir Path dir) throws Exception {
        // '--speed 1e300' was accepted and its first request never answered (and --replay-speed alike)
        Path trace = trace(dir);
        for (String speed : new String[] {"1e300", "1000.5"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(run(out, err, "serve-replay", trace.toString(), "--port", "0", "--for", "0.01", "--speed", speed))
                    .as(err.toString()).isEqualTo(2);
            assertThat(err.toString()).contains("--speed must be a number from 0 to 1000: " + Double.parseDouble(speed));
            assertThat(out.toString()).doesNotContain("serving");
            Probe probe = new Probe();
            CommandLine cli = new CommandLine(probe);
            cli.setExecutionExceptionHandler(Main.commandLine().getExecutionExceptionHandler());
            StringWriter probeErr = new StringWriter();
            cli.setErr(new PrintWriter(probeErr, true));
            assertThat(cli.execute("--replay", trace.toString(), "--replay-speed", speed)).isEqualTo(2);
            assertThat(probeErr.toString()).contains("--replay-speed must be a number from 0 to 1000: "
                    + Double.parseDouble(speed));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "serve-replay", trace.toString(), "--port", "0", "--for", "0.01", "--speed", "1000"))
                .as(err.toString()).isZero();
        assertThatThrownBy(() -> ReplayServer.builder(trace).timeScale(1e300))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 0 to 1000");
    }

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        LlmOptions llm;
        LlmModels.Config config;

        @Override
        public void run() {
            config = llm.config();
        }
    }

    @Test
    void llmOptionsMixin(@TempDir Path dir) throws Exception {
        Probe probe = new Probe();
        CommandLine cli = new CommandLine(probe);
        cli.setExecutionExceptionHandler(Main.commandLine().getExecutionExceptionHandler());
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("--actor-endpoint", "http://localhost:8000/v1", "--actor-model", "qwen3:8b",
                "--speculator-model", "qwen3:0.6b", "--speculator-reasoning-effort", "low",
                "--replay", trace(dir).toString(), "--replay-speed", "0")).isZero();
        assertThat(probe.config.actor().model()).isEqualTo("qwen3:8b");
        assertThat(probe.config.speculator().baseUrl().toString()).isEqualTo("http://localhost:8000/v1");
        assertThat(probe.config.speculator().reasoningEffort()).isEqualTo("low");
        assertThat(probe.config.replay()).isNotNull();
        assertThat(probe.config.timeScale()).isZero();

        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("--speculator-reasoning-effort", "extreme")).isEqualTo(2);
        assertThat(err.toString()).contains("reasoning effort");
        assertThat(cli.execute("--replay", dir.resolve("none.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--replay");
        assertThat(cli.execute("--actor-endpoint", "localhost:8000")).isEqualTo(2);
        assertThat(err.toString()).contains("--actor-endpoint");
    }

    /**
     * An empty {@code --api-key-env} read no variable, so a command sent its requests without a key; every command
     * with the LLM options now refuses it before any call, naming the option (the check is in LlmEndpoint.parseArgs).
     */
    @Test
    void anEmptyApiKeyVariableIsRefusedByEveryCommandThatTakesIt() {
        String endpoint = "http://127.0.0.1:9/v1"; // nothing listens: a command that got past the check would fail otherwise
        List<List<String>> commands = List.of(List.of("llm-demo"), List.of("hotpotqa", "--speculator", "llm"),
                List.of("dsp", "live"), List.of("ostune", "--llm", "both"), List.of("chess", "--white", "llm"));
        for (List<String> command : commands) {
            for (String empty : List.of("", " ")) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("--actor-endpoint", endpoint, "--api-key-env", empty));
                var r = CliTestSupport.run(args.toArray(String[]::new));
                assertThat(r.exitCode()).as(args + ": " + r.err()).isEqualTo(2);
                assertThat(r.err()).as(args.toString()).contains("--api-key-env needs the name of an environment "
                        + "variable ('none' for a server without keys), got an empty value");
            }
        }
    }

    @Test
    void replayModeConnectsBothClientsToALocalReplayServer(@TempDir Path dir) throws Exception {
        LlmModels.Config config = new LlmModels.Config(LlmEndpoint.of("https://api.openai.com/v1", "gpt-4o-mini"),
                null, trace(dir), dir.resolve("out.jsonl"), 0, null);
        try (LlmModels models = LlmModels.open(config)) {
            assertThat(models.replay()).isPresent();
            assertThat(models.actor().complete(HELLO).content()).isEqualTo("Hello!");
            assertThat(models.speculator().endpoint().baseUrl()).isEqualTo(models.replay().get().baseUrl());
        }
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(1);
    }
}
