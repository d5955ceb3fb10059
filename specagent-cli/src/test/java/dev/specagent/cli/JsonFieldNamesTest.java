package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.CliTestSupport.Result;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceRecorder;
import dev.specagent.envs.chess.uci.EnginePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every field name of the {@code --json} output of {@code hotpotqa}, {@code replay hotpotqa}, {@code llm-demo} and
 * {@code serve-replay} is snake_case, as every other command's is (these four printed camelCase names, some of them
 * from records serialised as they were); and every command names a duration's unit one way ({@link JsonFieldNames}).
 */
class JsonFieldNamesTest {

    @Test
    void hotpotqaNamesEveryFieldInSnakeCase() throws Exception {
        ObjectNode request = CanonicalJson.object("model", "actor-m", "messages", List.of());
        ObjectNode response = CanonicalJson.object("id", "chatcmpl-1", "object", "chat.completion",
                "created", 1_700_000_000L, "model", "actor-m");
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", "Thought 1: Both are American.\n"
                + "Action 1: Finish[yes]");
        choice.put("finish_reason", "stop");
        response.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 30).put("total_tokens", 1030);
        try (ReplayServer server = ReplayServer.builder(List.of(TraceEntry.completed(request, response, 0, 0)))
                .fallback(ReplayServer.Fallback.ORDER).start()) {
            Result r = run("hotpotqa", "--ids", "d0", "--speculator", "none", "--search-latency", "0", "--json",
                    "--api-key-env", "none", "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "actor-m");
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode json = CanonicalJson.parse(r.out());
            JsonFieldNames.assertWellNamed(json);
            assertThat(json.path("questions").path(0).path("figures").has("saved_pct")).as(r.out()).isTrue();
        }
    }

    @Test
    void replayHotpotqaNamesEveryFieldInSnakeCase() {
        Result r = run("replay", "hotpotqa", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CanonicalJson.parse(r.out());
        JsonFieldNames.assertWellNamed(json);
        assertThat(json.path("on_runner").has("expected_hits")).as(r.out()).isTrue();
        assertThat(json.path("configurations").path(0).path("rates").has("search")).as(r.out()).isTrue();
    }

    @Test
    void llmDemoNamesEveryFieldInSnakeCase() {
        Result r = run("llm-demo", "--synthetic", "--replay-speed", "0", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CanonicalJson.parse(r.out().strip());
        JsonFieldNames.assertWellNamed(json);
        assertThat(json.path("cancel_savings").has("saved_usd")).as(r.out()).isTrue();
        assertThat(json.path("speculative").has("unnecessary_cost_usd")).as(r.out()).isTrue();
    }

    @Test
    void serveReplayNamesEveryFieldInSnakeCase(@TempDir Path dir) {
        Path trace = dir.resolve("trace.jsonl");
        ChatRequest hello = ChatRequest.ofUser("Say hello");
        JsonNode request = WireFormat.requestBody(hello, LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4o-mini"));
        JsonNode response = CanonicalJson.parse("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2,\"total_tokens\":11}}");
        try (TraceRecorder recorder = new TraceRecorder(trace)) {
            recorder.record(TraceEntry.completed(request, response, 20, 40));
        }
        Result r = run("serve-replay", trace.toString(), "--port", "0", "--for", "0.1", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CanonicalJson.parse(r.out().strip());
        JsonFieldNames.assertWellNamed(json);
        assertThat(json.has("base_url")).as(r.out()).isTrue();
    }

    /**
     * Every duration of every command's --json names its unit as {@code _seconds} (or {@code _ms}): chess, replay
     * chess and retail predict wrote {@code sequential_s}, {@code authors_speculative_s}, {@code decision_latency_s}...
     * while retail predict, dsp and ostune wrote {@code sequential_seconds}, {@code time_seconds},
     * {@code convergence_seconds}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("offlineCommands")
    void everyCommandSpellsItsUnitsOneWay(String command, @TempDir Path dir) {
        String[] args = command.replace("DIR", dir.toString()).split(" ");
        Result r = run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonFieldNames.assertWellNamed(CanonicalJson.parse(r.out().strip()));
    }

    static Stream<String> offlineCommands() {
        return Stream.of(
                "replay chess --game 32831f2d --steps 3 --json",
                "replay chess --game 32831f2d --online --json",
                "retail predict --tasks dev --k 1 --json",
                "retail predict --tasks dev --k 1 --online --json",
                "retail gold --tasks dev --out DIR/gold.jsonl --json",
                "retail few-shot --out DIR/few-shot.json --json",
                "predict-calls --conversations ../specagent-envs/src/test/resources/conversations/library.json --json",
                "dsp sweep --world synthetic --tasks 4 --seed 1 --json",
                "dsp run --world synthetic --tasks 4 --policy fix-2 --json",
                "dsp drafts --world synthetic --tasks 2 --json",
                "dsp curve --world synthetic --tasks 8 --policy dyn-tau0.5 --buckets 2 --json",
                "ostune --knob simulated --mode both --seconds 2 --quiet --json",
                "simulate --p 0.5 --alpha 2 --beta 1 --steps 3 --runs 2 --json");
    }

    @Test
    void replayChessNamesItsSecondsAsSeconds() {
        JsonNode json = CanonicalJson.parse(run("replay", "chess", "--game", "32831f2d", "--online", "--json").out());
        for (String field : List.of("sequential_seconds", "speculative_seconds", "authors_sequential_seconds",
                "authors_speculative_seconds", "recorded_speculative_seconds")) {
            assertThat(json.path(field).isNumber()).as(field + " in " + json).isTrue();
        }
    }

    @Test
    void retailPredictNamesItsLatenciesInSeconds() {
        JsonNode json = CanonicalJson.parse(run("retail", "predict", "--tasks", "dev", "--k", "1", "--json").out());
        for (String field : List.of("decision_latency_seconds", "tool_latency_seconds", "speculator_latency_seconds",
                "sequential_seconds", "speculative_seconds")) {
            assertThat(json.path(field).isNumber()).as(field + " in " + json).isTrue();
        }
    }

    @Test
    void aLiveChessGameNamesItsSecondsAsSeconds() {
        assumeThat(EnginePool.stockfishAvailable()).as("stockfish installed").isTrue();
        Result r = run("chess", "--white", "stockfish:depth=1", "--black", "stockfish:depth=1", "--speculator",
                "stockfish:depth=1", "--k", "1", "--plies", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CanonicalJson.parse(r.out().strip());
        JsonFieldNames.assertWellNamed(json);
        for (String field : List.of("sequential_seconds", "speculative_seconds", "sequential_wall_seconds",
                "speculative_wall_seconds", "remote_estimate.sequential_seconds", "remote_estimate.speculative_seconds")) {
            JsonNode at = json;
            for (String name : field.split("\\.")) {
                at = at.path(name);
            }
            assertThat(at.isNumber()).as(field + " in " + json).isTrue();
        }
    }
}
