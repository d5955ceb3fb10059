package dev.specagent.cli.hotpotqa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.CliTestSupport.Result;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** {@code specagent hotpotqa} and {@code specagent replay hotpotqa} end to end (the LLM is the replay server on loopback). */
class HotpotqaCommandTest {

    /** Actor answers take 1.5 s (recorded pace), drafts none: the drafts are ready well before the actor. */
    static TraceEntry answer(String model, String content) {
        ObjectNode request = CanonicalJson.object("model", model, "messages", List.of());
        ObjectNode response = CanonicalJson.object("id", "chatcmpl-1", "object", "chat.completion",
                "created", 1_700_000_000L, "model", model);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        response.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 30).put("total_tokens", 1030);
        double ms = model.equals("actor-m") ? 1500 : 0;
        return TraceEntry.completed(request, response, ms / 2, ms);
    }

    /**
     * The answers of a run of d0 ("Were Scott Derrickson and Ed Wood of the same nationality?", gold: yes): the actor
     * model's think calls in order; the speculator model's drafts (after search 1, after the drafted search of Ed
     * Wood, after the next drafted search).
     */
    static List<TraceEntry> d0Answers() {
        return List.of(
                answer("actor-m", "Thought 1: I need both nationalities.\nAction 1: Search[Scott Derrickson]"),
                answer("actor-m", "Thought 2: Derrickson is American. Now Ed Wood.\nAction 2: Search[Ed Wood]"),
                answer("actor-m", "Thought 3: Both are American.\nAction 3: Finish[yes]"),
                answer("spec-m", "Action 2: Search[Ed Wood]"),
                answer("spec-m", "Action 3: Finish[yes]"),
                answer("spec-m", "Action 4: Finish[yes]"));
    }

    @Test
    void answersAQuestionWithTheLlmActorAndTheLocalSpeculator() throws Exception {
        try (ReplayServer server = ReplayServer.builder(d0Answers()).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            Result r = run("hotpotqa", "--ids", "d0", "--speculator", "local", "--k", "1", "--search-latency", "0.3",
                    "--drafter", "speculator", "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "actor-m",
                    "--speculator-model", "spec-m", "--json", "--report", "target/hotpotqa-live.html");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("hotpotqa (questions): 1/1");
            assertThat(Files.readString(Path.of("target/hotpotqa-live.html")))
                    .contains("\"timeline\"").contains("Question d0");
            JsonNode json = new ObjectMapper().readTree(r.out());
            JsonNode q = json.path("questions").get(0);
            assertThat(q.path("answer").asText()).isEqualTo("yes");
            assertThat(q.path("exact_match").asBoolean()).isTrue();
            assertThat(q.path("steps")).hasSize(2);
            assertThat(q.path("steps").get(1).path("observation").asText()).startsWith("Edward Davis Wood Jr.");
            assertThat(q.path("figures").path("hits").asLong()).isEqualTo(1);
            JsonNode totals = json.path("totals");
            assertThat(totals.path("questions").asInt()).isEqualTo(1);
            assertThat(totals.path("exact_match").asDouble()).isEqualTo(1.0);
            assertThat(totals.path("hits").asLong()).isEqualTo(1);
            assertThat(totals.path("sequential_seconds").asDouble())
                    .isEqualTo(q.path("figures").path("sequential_seconds").asDouble());
            assertThat(server.requests()).isBetween(4L, 5L);
        }
    }

    /** An answer of {@code model} that stopped for {@code finishReason}, after {@code reasoning} reasoning tokens. */
    static TraceEntry answer(String model, String content, String finishReason, int reasoning) {
        TraceEntry e = answer(model, content);
        ObjectNode response = e.response().deepCopy();
        ((ObjectNode) response.path("choices").get(0)).put("finish_reason", finishReason);
        ((ObjectNode) response.path("usage")).put("completion_tokens", 400).put("total_tokens", 1400)
                .putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        return TraceEntry.completed(e.request(), response, 0, 0);
    }

    @Test
    void anEmptyActorAnswerFailsTheRunNamingModelQuestionAndStep() throws Exception {
        // a reasoning model that spent its 400 tokens thinking: before, each step became 'Invalid action: ' and the
        // question ended unanswered after 7 paid calls without a word
        List<TraceEntry> entries = List.of(answer("gpt-4.1", "", "length", 400), answer("gpt-4.1", "", "length", 400),
                answer("gpt-4.1", "", "length", 400));
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).start()) {
            Result r = run("hotpotqa", "--ids", "d0", "--speculator", "none", "--search-latency", "0",
                    "--api-key-env", "none", "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "gpt-4.1");
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("d0: run failed: ").contains("failed 1 time(s): question d0, step 1: "
                    + "the answer of model gpt-4.1 could not be turned into the call's value: the answer is empty, cut at "
                    + "the request's token limit (400) after 400 reasoning tokens");
            assertThat(server.requests()).isEqualTo(3);
        }
    }

    @Test
    void aFailedRunSaysWhatItSpent() throws Exception {
        List<TraceEntry> entries = List.of(answer("gpt-4.1", "Thought 1: hm", "length", 0),
                answer("gpt-4.1", "Thought 1: hm", "length", 0), answer("gpt-4.1", "Thought 1: hm", "length", 0));
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).start()) {
            Result text = run("hotpotqa", "--ids", "d0", "--speculator", "none", "--search-latency", "0",
                    "--api-key-env", "none", "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "gpt-4.1");
            assertThat(text.exitCode()).as(text.out() + text.err()).isEqualTo(1);
            assertThat(text.out()).contains("the answer holds no Search/Lookup/Finish action, cut at the request's token "
                    + "limit (400)").contains("(spent 3000 prompt + 1200 completion tokens, $0.0156)")
                    .contains("failed runs cost $0.0156");
        }
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).start()) {
            Result json = run("hotpotqa", "--ids", "d0", "--speculator", "none", "--search-latency", "0", "--json",
                    "--api-key-env", "none", "--actor-endpoint", server.baseUrl().toString(), "--actor-model", "gpt-4.1");
            assertThat(json.exitCode()).as(json.out() + json.err()).isEqualTo(1);
            JsonNode root = new ObjectMapper().readTree(json.out());
            assertThat(root.path("failed_cost_usd").asDouble()).isEqualTo(0.0156, offset(1e-9));
            assertThat(root.path("failures").get(0).asText()).contains("spent 3000 prompt + 1200 completion tokens");
        }
    }

    @Test
    void aSpeculatorWhoseDraftsNameNoActionIsReportedWithTheFirstReason() throws Exception {
        // before, a draft naming no action was dropped without a word: the run showed only 0 hits
        List<TraceEntry> entries = List.of(
                answer("actor-m", "Thought 1: I need both nationalities.\nAction 1: Search[Scott Derrickson]"),
                answer("actor-m", "Thought 2: Both are American.\nAction 2: Finish[yes]"),
                answer("spec-m", "I would look for Ed Wood next."));
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1)
                .start()) {
            Result r = run("hotpotqa", "--ids", "d0", "--speculator", "local", "--k", "1", "--search-latency", "0.3",
                    "--drafter", "speculator", "--api-key-env", "none", "--actor-endpoint", server.baseUrl().toString(),
                    "--actor-model", "actor-m", "--speculator-model", "spec-m");
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("EM 1");
            assertThat(r.err()).contains("the speculator (local+llm:spec-m) gave no draft 1 of the 1 times it was asked; "
                    + "the first: question d0, step 2, drafting (llm:spec-m): model spec-m: the answer names no "
                    + "Search/Lookup/Finish action: 'I would look for Ed Wood next.'");
        }
    }

    @Test
    void badOptionsExitWithTwoAndNameTheOption() {
        Result r = run("hotpotqa", "--k", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--k");
        assertThat(run("hotpotqa", "--speculator", "oracle").err()).contains("--speculator");
        assertThat(run("replay", "hotpotqa", "--runs", "/no/such/dir").exitCode()).isEqualTo(2);
        assertThat(run("replay", "hotpotqa", "--runs", "").err()).contains("'--runs': expected a path, got ''");
        Result noIds = run("hotpotqa", "--api-key-env", "none", "--actor-endpoint", "http://127.0.0.1:9/v1", "--ids", ",");
        assertThat(noIds.exitCode()).isEqualTo(2);
        assertThat(noIds.err()).contains("--ids names no question");
        // refused before any question runs: a huge latency hung the first search, a repeated id ran twice, and
        // --questions next to --ids was silently ignored
        for (String latency : List.of("1e300", "3601")) {
            Result huge = run("hotpotqa", "--api-key-env", "none", "--actor-endpoint", "http://127.0.0.1:9/v1", "--ids", "d0",
                    "--search-latency", latency);
            assertThat(huge.exitCode()).as(huge.err()).isEqualTo(2);
            assertThat(huge.err()).contains("--search-latency must be 'recorded' or seconds from 0 to 3600: " + latency);
        }
        Result twice = run("hotpotqa", "--api-key-env", "none", "--actor-endpoint", "http://127.0.0.1:9/v1", "--ids", "d0,d1,d0");
        assertThat(twice.exitCode()).as(twice.err()).isEqualTo(2);
        assertThat(twice.err()).contains("--ids names d0 twice");
        Result both = run("hotpotqa", "--api-key-env", "none", "--actor-endpoint", "http://127.0.0.1:9/v1", "--ids", "d0",
                "--questions", "2");
        assertThat(both.exitCode()).as(both.err()).isEqualTo(2);
        assertThat(both.err()).contains("--questions and --ids exclude each other");
        Result noKey = run("hotpotqa", "--api-key-env", "SPECAGENT_TEST_KEY_THAT_IS_NEVER_SET", "--actor-endpoint",
                "https://127.0.0.1:9/v1", "--questions", "1");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).contains("environment variable SPECAGENT_TEST_KEY_THAT_IS_NEVER_SET is not set; it must hold"
                + " the API key of https://127.0.0.1:9/v1 (or pass --api-key-env none for a server without keys)");
    }

    /**
     * {@code --search-latency} is read as the other number options are (DecimalNumbers): before, Java's reading took a type
     * suffix or hexadecimal, so {@code --search-latency 2d} ran with 2 s searches and {@code 0x1p1} with 2 s.
     */
    @Test
    void aSearchLatencyThatIsNoDecimalNumberIsRefusedNamingTheOption() {
        for (String latency : List.of("2d", "1f", "0x1p1", "0X1P-1")) {
            Result r = run("hotpotqa", "--api-key-env", "none", "--actor-endpoint", "http://127.0.0.1:9/v1", "--ids", "d0",
                    "--search-latency", latency);
            assertThat(r.exitCode()).as(latency + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--search-latency must be 'recorded' or seconds from 0 to 3600: " + latency);
        }
    }

    @Test
    void replayOfAMetricsRateOutsideZeroToOneNamesTheFileAndField(@TempDir Path runs) throws Exception {
        Path question = Files.createDirectories(runs.resolve("agent_a_top1/trajs_s/1"));
        Files.writeString(question.resolve("metrics.json"), "{\"general\": 2.0}");
        Result r = run("replay", "hotpotqa", "--runs", runs.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(question.resolve("metrics.json") + ": field general must be a rate from 0 to 1, got 2.0")
                .doesNotContain("Exception");
    }

    @Test
    void moreQuestionsThanTheDataFileHoldsIsBadInput(@TempDir Path data) throws Exception {
        Files.writeString(Files.createDirectories(data.resolve("hotpotqa")).resolve("hotpot_dev_distractor_v1.json"),
                "[{\"question\": \"q?\", \"answer\": \"a\", \"context\": [[\"T\", [\"One.\"]]]}]");
        Result r = CliTestSupport.runWithData(data, "hotpotqa", "--api-key-env", "none", "--actor-endpoint",
                "http://127.0.0.1:9/v1", "--questions", "2");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--questions 2: hotpotqa/hotpot_dev_distractor_v1.json holds only 1 question");
    }

    @Test
    void replayOfARecordWithANegativeOrAbsurdLatencyNamesTheFileAndField(@TempDir Path runs) throws Exception {
        Path question = Files.createDirectories(runs.resolve("agent_a_top1/trajs_s/1"));
        for (String seconds : List.of("-1", "1e300")) {
            Files.writeString(question.resolve("normalobs.json"), "{\"prompt\": \"Question: q\\n\", \"thoughts\": [\"t\"], "
                    + "\"actions\": [\"Search[X]\"], \"observations\": [\"o\"], \"time_taken\": [" + seconds + "]}");
            Result r = run("replay", "hotpotqa", "--runs", runs.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(question.resolve("normalobs.json") + ": field time_taken[0] must be seconds")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void replayPrintsOneJsonObject() throws Exception {
        Result r = run("replay", "hotpotqa", "--json", "--report", "target/hotpotqa-replay.html");
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(Path.of("target/hotpotqa-replay.html")))
                .contains("general match rate").contains("top3");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("questions_reproduced").asLong()).isEqualTo(json.path("questions_with_metrics").asLong());
        assertThat(json.path("on_runner").path("hits").asLong()).isEqualTo(json.path("on_runner").path("expected_hits").asLong());
        JsonNode configuration = json.path("configurations").path(0);
        // docs/hotpotqa.md's --json fields per configuration
        for (String field : new String[]{"recorded_answer_exact_match", "recorded_answer_f1", "mean_guess_observation_f1"}) {
            assertThat(configuration.has(field)).as(field + " in " + configuration).isTrue();
        }
    }

    @Test
    void replayTextSaysHowManyRecordedAnswersWereScored() {
        Result r = run("replay", "hotpotqa");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("(question found by text; 94 scored)").contains("93 of those reproduced exactly");
    }
}
