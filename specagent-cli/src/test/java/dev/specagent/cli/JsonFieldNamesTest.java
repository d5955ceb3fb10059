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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field name of the {@code --json} output of {@code hotpotqa}, {@code replay hotpotqa}, {@code llm-demo} and
 * {@code serve-replay} is snake_case, as every other command's is (these four printed camelCase names, some of them
 * from records serialised as they were).
 */
class JsonFieldNamesTest {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9_]+");

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
            assertSnakeCase(json);
            assertThat(json.path("questions").path(0).path("figures").has("saved_pct")).as(r.out()).isTrue();
        }
    }

    @Test
    void replayHotpotqaNamesEveryFieldInSnakeCase() {
        Result r = run("replay", "hotpotqa", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CanonicalJson.parse(r.out());
        assertSnakeCase(json);
        assertThat(json.path("on_runner").has("expected_hits")).as(r.out()).isTrue();
        assertThat(json.path("configurations").path(0).path("rates").has("search")).as(r.out()).isTrue();
    }

    @Test
    void llmDemoNamesEveryFieldInSnakeCase() {
        Result r = run("llm-demo", "--synthetic", "--replay-speed", "0", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CanonicalJson.parse(r.out().strip());
        assertSnakeCase(json);
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
        assertSnakeCase(json);
        assertThat(json.has("base_url")).as(r.out()).isTrue();
    }

    /** Fails naming every field (by its path) whose name is not snake_case. */
    private static void assertSnakeCase(JsonNode json) {
        List<String> names = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        walk(json, "", names, wrong);
        assertThat(names).as("field names").isNotEmpty();
        assertThat(wrong).as("field names not matching " + SNAKE_CASE).isEmpty();
    }

    private static void walk(JsonNode node, String path, List<String> names, List<String> wrong) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String at = path + "." + e.getKey();
                names.add(at);
                if (!SNAKE_CASE.matcher(e.getKey()).matches()) {
                    wrong.add(at);
                }
                walk(e.getValue(), at, names, wrong);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", names, wrong);
            }
        }
    }
}
