package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.conversations.ConversationReader;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The LLM options of {@code retail predict} and {@code predict-calls} mean what they mean in every other LLM
 * command ({@code --api-key-env}, {@code --prices}), and both commands say what the LLM speculator spent, from the
 * usage its models' answers carried (a replayed trace's recorded usage).
 */
class RetailLlmOptionsTest {

    private static final Path LIBRARY = Path.of("../specagent-envs/src/test/resources/conversations/library.json");
    private static final String NOWHERE = "http://127.0.0.1:1/v1";
    /** Recorded usage of each model's two calls per proposal in {@link #libraryTrace}. */
    private static final int MESSAGE_PROMPT = 50;
    private static final int MESSAGE_COMPLETION = 3;
    private static final int CALLS_PROMPT = 80;
    private static final int CALLS_COMPLETION = 20;

    /**
     * A trace of {@code predict-calls --k 2 --llm-models model-a,model-b} over the library conversations in which
     * model-a always names the actual next call and model-b none; every call recorded with the usage above.
     */
    static Path libraryTrace(Path dir) {
        LlmEndpoint a = LlmEndpoint.of(NOWHERE, "model-a");
        LlmEndpoint b = LlmEndpoint.of(NOWHERE, "model-b");
        LlmCallSpeculator template = new LlmCallSpeculator(List.of(ChatClient.builder(a).build()), null);
        Path trace = dir.resolve("trace.jsonl");
        try (TraceRecorder recorder = new TraceRecorder(trace)) {
            for (Transcript conversation : ConversationReader.read(LIBRARY)) {
                Transcript prefix = Transcript.empty();
                for (Transcript.Entry e : conversation.entries()) {
                    if (e.isCall()) {
                        String answer = "{\"calls\": [{\"name\": \"" + e.call().name() + "\", \"arguments\": "
                                + CanonicalJson.toCanonicalString(e.call().kwargs()) + ", \"confidence\": 0.9}]}";
                        for (LlmEndpoint endpoint : List.of(a, b)) {
                            recorder.record(TraceEntry.text(endpoint, template.messageRequest(prefix), "renew it",
                                    MESSAGE_PROMPT, MESSAGE_COMPLETION, 1, 2));
                            recorder.record(TraceEntry.text(endpoint, template.callsRequest(prefix, "renew it", 2),
                                    endpoint == a ? answer : "{\"calls\": []}", CALLS_PROMPT, CALLS_COMPLETION, 1, 2));
                        }
                        template.observe(prefix, e.call());
                    }
                    prefix = prefix.with(e);
                }
            }
        }
        return trace;
    }

    private static List<String> predictCallsOnTheTrace(Path trace, String... more) {
        List<String> args = new ArrayList<>(List.of("predict-calls", "--conversations", LIBRARY.toString(),
                "--speculator", "llm", "--k", "2", "--llm-models", "model-a,model-b", "--llm-endpoint", NOWHERE,
                "--llm-replay", trace.toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void predictCallsSaysWhatTheLlmSpeculatorSpentFromTheTracesUsageAtTheGivenPrices(@TempDir Path dir)
            throws Exception {
        Path trace = libraryTrace(dir);
        Path prices = Files.writeString(dir.resolve("prices.json"),
                "{\"models\": {\"model-a\": {\"input\": 100, \"output\": 200}, \"model-b\": {\"input\": 10, \"output\": 20}}}");
        var json = CliTestSupport.run(predictCallsOnTheTrace(trace, "--prices", prices.toString(), "--json")
                .toArray(String[]::new));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode r = CanonicalJson.parse(json.out());
        int calls = r.get("calls").asInt();
        assertThat(calls).isEqualTo(24);
        assertThat(r.get("accuracy").asDouble()).isEqualTo(1.0);
        // each proposal: two models, each a message call and a calls call, answered with the recorded usage
        long prompt = MESSAGE_PROMPT + CALLS_PROMPT;
        long completion = MESSAGE_COMPLETION + CALLS_COMPLETION;
        assertThat(r.get("prompt_tokens").asLong()).isEqualTo(calls * 2 * prompt);
        assertThat(r.get("completion_tokens").asLong()).isEqualTo(calls * 2 * completion);
        double cost = calls * (prompt * 100 + completion * 200 + prompt * 10 + completion * 20) / 1e6;
        assertThat(r.get("cost_usd").asDouble()).isCloseTo(cost, within(1e-12));

        var text = CliTestSupport.run(predictCallsOnTheTrace(trace, "--prices", prices.toString())
                .toArray(String[]::new));
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("per tool:\n").containsSubsequence("per tool:",
                "the llm speculator spent 6240 prompt + 1104 completion tokens, $0.4646");
    }

    @Test
    void aModelThatFailsEveryProposalIsNamedWithTheFiguresItDidNotShape(@TempDir Path dir) {
        // model-c is not in the trace, so each of its requests fails (404); that was a warning per proposal on stderr
        // only, and the figures (here 100% from model-a) did not say they rested on two of the three models asked
        Path trace = libraryTrace(dir);
        List<String> args = new ArrayList<>(predictCallsOnTheTrace(trace));
        args.set(args.indexOf("model-a,model-b"), "model-a,model-b,model-c");
        var json = CliTestSupport.run(with(args, "--json"));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode r = CanonicalJson.parse(json.out());
        assertThat(r.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(r.get("models").toString()).isEqualTo("[{\"model\":\"model-a\",\"proposals\":24,\"failed\":0,"
                + "\"timed_out\":0},{\"model\":\"model-b\",\"proposals\":24,\"failed\":0,\"timed_out\":0},"
                + "{\"model\":\"model-c\",\"proposals\":24,\"failed\":24,\"timed_out\":0}]");
        var text = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).containsSubsequence("the llm speculator spent",
                        "the llm speculator's model model-c gave no calls in 24 of 24 proposals: 24 failed, 0 timed out")
                .doesNotContain("model model-a gave").doesNotContain("model model-b gave");
        var learned = CliTestSupport.run("predict-calls", "--conversations", LIBRARY.toString(), "--json");
        assertThat(CanonicalJson.parse(learned.out()).has("models")).isFalse(); // no models, no field
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void withoutAPriceFileTheReplayedTokensAreCountedAndTheUnknownModelsCostNothing(@TempDir Path dir) {
        var r = CliTestSupport.run(predictCallsOnTheTrace(libraryTrace(dir), "--json").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CanonicalJson.parse(r.out());
        assertThat(json.get("prompt_tokens").asLong()).isEqualTo(6240);
        assertThat(json.get("cost_usd").asDouble()).isZero(); // model-a and model-b are not in the built-in table
    }

    @Test
    void aBadPriceFileIsRefusedAsByTheOtherCommands(@TempDir Path dir) throws Exception {
        Path trace = libraryTrace(dir);
        var missing = CliTestSupport.run(predictCallsOnTheTrace(trace, "--prices", dir.resolve("none.json").toString())
                .toArray(String[]::new));
        assertThat(missing.exitCode()).as(missing.err()).isEqualTo(2);
        assertThat(missing.err()).contains("--prices: price file " + dir.resolve("none.json") + " is not a readable file");
        Path absurd = Files.writeString(dir.resolve("prices.json"), "{\"models\": {\"model-a\": {\"input\": 1e300, \"output\": 1}}}");
        var predict = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--speculator", "llm",
                "--llm-endpoint", NOWHERE, "--llm-models", "model-a", "--prices", absurd.toString());
        assertThat(predict.exitCode()).as(predict.err()).isEqualTo(2);
        assertThat(predict.err()).contains("price file " + absurd + ": models.model-a.input must be US dollars per "
                + "million tokens from 0 to 1000.0, got 1.0E300").doesNotContain("Exception");
    }

    @Test
    void theLlmRecordTraceMustNotBeAnInputFileOfTheRun(@TempDir Path dir) throws Exception {
        // recording appends every call to the trace: into the conversations or the price file it spoiled that input
        Path trace = libraryTrace(dir);
        Path conversations = Files.copy(LIBRARY, dir.resolve("conversations.json"));
        Path prices = Files.writeString(dir.resolve("prices.json"), "{\"models\": {\"model-a\": {\"input\": 1, "
                + "\"output\": 2}}}");
        byte[] conversationsBefore = Files.readAllBytes(conversations);
        byte[] pricesBefore = Files.readAllBytes(prices);
        for (Path input : List.of(conversations, prices)) {
            List<String> args = new ArrayList<>(List.of("predict-calls", "--conversations", conversations.toString(),
                    "--speculator", "llm", "--k", "2", "--llm-models", "model-a,model-b", "--llm-endpoint", NOWHERE,
                    "--llm-replay", trace.toString(), "--prices", prices.toString(), "--llm-record", input.toString()));
            var r = CliTestSupport.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--llm-record must not be the " + (input == prices ? "--prices" : "--conversations")
                    + " file: " + input);
        }
        var retail = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--speculator", "llm", "--llm-endpoint",
                NOWHERE, "--llm-models", "model-a", "--prices", prices.toString(), "--llm-record", prices.toString());
        assertThat(retail.exitCode()).as(retail.err()).isEqualTo(2);
        assertThat(retail.err()).contains("--llm-record must not be the --prices file: " + prices);
        assertThat(Files.readAllBytes(conversations)).isEqualTo(conversationsBefore);
        assertThat(Files.readAllBytes(prices)).isEqualTo(pricesBefore);
    }

    @Test
    void theApiKeyVariableIsTheOneNamedByApiKeyEnv() {
        String variable = "SPECAGENT_TEST_RETAIL_KEY_THAT_IS_NOT_SET";
        assertThat(System.getenv(variable)).isNull();
        for (List<String> command : List.of(List.of("predict-calls", "--conversations", LIBRARY.toString()),
                List.of("retail", "predict", "--tasks", "dev"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--speculator", "llm", "--llm-endpoint", "https://127.0.0.1:9/v1", "--api-key-env",
                    variable));
            var r = CliTestSupport.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(args + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(args.toString()).contains("environment variable " + variable + " is not set; it "
                    + "must hold the API key of https://127.0.0.1:9/v1 (or pass --api-key-env none for a server "
                    + "without keys)");
            for (String empty : List.of("", " ")) {
                List<String> blank = new ArrayList<>(args.subList(0, args.size() - 1));
                blank.add(empty);
                var refused = CliTestSupport.run(blank.toArray(String[]::new));
                assertThat(refused.exitCode()).as(blank + ": " + refused.err()).isEqualTo(2);
                assertThat(refused.err()).as(blank.toString()).contains("--api-key-env needs the name of an "
                        + "environment variable ('none' for a server without keys), got an empty value");
            }
        }
    }

    @Test
    void retailPredictSaysWhatTheLlmSpeculatorSpentAndTheLearnedOneSpendsNothing(@TempDir Path dir) throws Exception {
        // every answer of model-a, in order whatever the request, proposes no call and used 7 + 2 tokens
        LlmEndpoint a = LlmEndpoint.of(NOWHERE, "model-a");
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(TraceEntry.text(a, ChatRequest.builder().user("call " + i).build(), "{\"calls\": []}", 7, 2, 0, 0));
        }
        Path prices = Files.writeString(dir.resolve("prices.json"), "{\"models\": {\"model-a\": {\"input\": 100, \"output\": 500}}}");
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(0)
                .start()) {
            var json = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--speculator", "llm",
                    "--llm-endpoint", server.baseUrl().toString(), "--llm-models", "model-a", "--prices",
                    prices.toString(), "--json");
            assertThat(json.exitCode()).as(json.err()).isZero();
            JsonNode r = CanonicalJson.parse(json.out());
            long served = server.served();
            assertThat(served).isPositive().isLessThan(entries.size()).isEqualTo(server.requests());
            assertThat(r.get("prompt_tokens").asLong()).isEqualTo(7 * served);
            assertThat(r.get("completion_tokens").asLong()).isEqualTo(2 * served);
            assertThat(r.get("cost_usd").asDouble()).isCloseTo(served * (7 * 100 + 2 * 500) / 1e6, within(1e-12));
        }
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(0)
                .start()) {
            var text = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--speculator", "llm",
                    "--llm-endpoint", server.baseUrl().toString(), "--llm-models", "model-a", "--prices",
                    prices.toString());
            assertThat(text.exitCode()).as(text.err()).isZero();
            long served = server.served();
            assertThat(text.out()).containsSubsequence("per tool:", "the llm speculator spent " + 7 * served
                    + " prompt + " + 2 * served + " completion tokens, $", "time (simulated;");
        }
        var learned = CliTestSupport.run("retail", "predict", "--tasks", "dev", "--json");
        assertThat(learned.exitCode()).as(learned.err()).isZero();
        JsonNode r = CanonicalJson.parse(learned.out());
        assertThat(r.get("prompt_tokens").asLong()).isZero();
        assertThat(r.get("completion_tokens").asLong()).isZero();
        assertThat(r.get("cost_usd").asDouble()).isZero();
        var learnedText = CliTestSupport.run("retail", "predict", "--tasks", "dev");
        assertThat(learnedText.out()).contains("API-call prediction accuracy").doesNotContain("spent");
    }
}
