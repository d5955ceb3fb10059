package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.Main;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.conversations.ConversationReader;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code retail gold}, {@code retail predict} and {@code predict-calls} end to end. */
class RetailCommandsTest {

    private static final Path LIBRARY = Path.of("../specagent-envs/src/test/resources/conversations/library.json");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anLlmSpeculatorWithoutItsKeyNamesTheVariableAndHowToGoWithoutOneAsEveryLlmCommandDoes() {
        Assumptions.assumeTrue(System.getenv("OPENAI_API_KEY") == null, "OPENAI_API_KEY is set here");
        assertThat(run("predict-calls", "--conversations", LIBRARY.toString(), "--speculator", "llm")).isEqualTo(2);
        assertThat(err.toString()).contains("environment variable OPENAI_API_KEY is not set; it must hold the API key "
                + "of https://api.openai.com/v1 (or pass --api-key-env none for a server without keys)");
    }

    @Test
    void goldWritesOneLinePerTaskWithPythonIdenticalOutputs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gold.jsonl");
        assertThat(run("retail", "gold", "--tasks", "dev", "--out", file.toString(), "--json")).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(20);
        JsonNode first = CanonicalJson.parse(lines.getFirst());
        assertThat(first.get("task").asInt()).isZero();
        JsonNode call = first.get("calls").get(0);
        assertThat(call.get("name").asText()).isEqualTo("cancel_pending_order");
        assertThat(call.get("output").asText()).startsWith("{\"order_id\": \"#W5442520\", ").contains("\"status\": \"cancelled\"");
        assertThat(CanonicalJson.parse(out.toString()).get("tasks").asInt()).isEqualTo(20);
    }

    @Test
    void goldConversationsCanOpenWithTheTaskInstructionAsTheUsersMessage(@TempDir Path dir) throws Exception {
        Path conversations = dir.resolve("dev-openai.json");
        assertThat(run("retail", "gold", "--tasks", "dev", "--out", dir.resolve("gold.jsonl").toString(),
                "--openai-out", conversations.toString(), "--instruction-as-user")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("conversations in the OpenAI format to " + conversations);
        JsonNode first = CanonicalJson.parse(Files.readString(conversations)).get(0).get("traj");
        assertThat(first.get(0).get("role").asText()).isEqualTo("user");
        assertThat(first.get(0).get("content").asText()).startsWith("Your name is Olivia Ito");
        assertThat(first.get(1).get("tool_calls").get(0).get("function").get("name").asText())
                .isEqualTo("cancel_pending_order");
        assertThat(run("retail", "gold", "--tasks", "dev", "--out", dir.resolve("g.jsonl").toString(),
                "--instruction-as-user")).isEqualTo(2);
        assertThat(err.toString()).contains("--instruction-as-user needs --openai-out");
    }

    @Test
    void badOptionsExitWithTwoAndNameTheOption(@TempDir Path dir) throws IOException {
        assertThat(run("retail", "predict", "--k", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--k");
        assertThat(run("retail", "gold", "--tasks", "nope", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tasks");
        assertThat(run("predict-calls", "--conversations", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--conversations");
        assertThat(run("retail", "predict", "--speculator", "oracle")).isEqualTo(2);
        assertThat(err.toString()).contains("'--speculator': expected one of [learned, data-flow, llm], got "
                + "'oracle'");
        assertThat(run("retail", "predict", "--tasks", "dev", "--decision-latency", "1e12")).isEqualTo(2);
        assertThat(err.toString()).contains("--decision-latency must be a positive number of seconds up to");
        assertThat(run("retail", "predict", "--tasks", "dev", "--speculator-latency", "Infinity")).isEqualTo(2);
        assertThat(err.toString()).contains("--speculator-latency must be 0 to");
        // -1 is no longer a hidden "not given"
        assertThat(run("retail", "predict", "--tasks", "dev", "--speculator-latency", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--speculator-latency must be 0 to").contains("not -1.0");
        Path none = dir.resolve("none.json");
        Files.writeString(none, "[]");
        assertThat(run("predict-calls", "--conversations", none.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no assistant tool call");
        assertThat(err.toString()).contains("--speculator");
        assertThat(run("predict-calls", "--conversations", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--conversations: " + dir + " is a folder");
    }

    /** The database is loaded once per process, so the command runs in a child JVM on its own data directory. */
    @Test
    void goldOnAUsersFileWithoutRecordsNamesTheFileAndExitsTwo(@TempDir Path dir) throws Exception {
        Path retail = Files.createDirectories(dir.resolve("tau-bench/retail"));
        Files.writeString(retail.resolve("users.json"), "{}");
        Files.writeString(retail.resolve("orders.json"), "{\"#W1\": {\"order_id\": \"#W1\"}}");
        Files.writeString(retail.resolve("products.json"), "{\"p1\": {\"product_id\": \"p1\"}}");
        Files.writeString(retail.resolve("tasks_dev.json"), "[{\"user_id\": \"u\", \"instruction\": \"i\", "
                + "\"actions\": [{\"name\": \"get_user_details\", \"kwargs\": {\"user_id\": \"u\"}}], \"outputs\": []}]");
        var r = CliTestSupport.runInChildJvm(Map.of("SPECAGENT_DATA", dir.toString()),
                "retail", "gold", "--tasks", "dev", "--out", dir.resolve("gold.jsonl").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(retail.resolve("users.json") + ": expected a non-empty JSON object of records, "
                + "got an empty object").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("Exception");
    }

    @Test
    void goldOutputThatCannotBeWrittenMidRunNamesTheOption() {
        Path full = Path.of("/dev/full"); // opens, then refuses every write: "No space left on device"
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
        assertThat(run("retail", "gold", "--tasks", "dev", "--out", full.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out: cannot write /dev/full: No space left on device")
                .doesNotContain("Exception");
    }

    @Test
    void aBinaryConversationFileIsNamedAsNotText(@TempDir Path dir) throws IOException {
        // a byte that is no UTF-8 in a string (a file saved as Latin-1) is named so, by line and column
        Path binary = Files.write(dir.resolve("binary.json"), new byte[]{'[', '"', (byte) 0xC3, (byte) 0x28, '"', ']'});
        assertThat(run("predict-calls", "--conversations", binary.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("binary.json:1: not valid JSON at line 1, column ").contains("Invalid UTF-8 middle byte")
                .doesNotContain("Input length");
        // outside a string it is no JSON token either
        Files.write(binary, new byte[]{'[', (byte) 0xC3, (byte) 0x28, ']'});
        assertThat(run("predict-calls", "--conversations", binary.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("binary.json:1: not valid JSON at line 1, column ").doesNotContain("Input length");
    }

    /** A shell's process substitution, --conversations <(zcat export.jsonl.gz), is a pipe: it was "no such file". */
    @Test
    void conversationsFromAPipeReadAsFromTheFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start().waitFor() == 0,
                "needs mkfifo");
        assertThat(run("predict-calls", "--conversations", LIBRARY.toString(), "--k", "3", "--json")).isZero();
        String expected = out.toString();
        out.getBuffer().setLength(0);
        Path fifo = dir.resolve("fifo");
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Files.write(fifo, Files.readAllBytes(LIBRARY));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(run("predict-calls", "--conversations", fifo.toString(), "--k", "3", "--json")).as(err.toString())
                .isZero();
        writer.join();
        assertThat(out.toString()).isEqualTo(expected);
    }

    @Test
    void predictReportsAccuracyPerToolAndSavedTime() {
        assertThat(run("retail", "predict", "--tasks", "dev", "--k", "3", "--json")).isZero();
        JsonNode r = CanonicalJson.parse(out.toString());
        assertThat(r.get("calls").asInt()).isEqualTo(25);
        assertThat(r.has("accuracy") && r.has("per_tool") && r.has("saved_pct")).isTrue();
        assertThat(r.get("saved_pct").asDouble()).isBetween(0.0, 25.0);
        assertThat(r.get("lossless").asBoolean()).isTrue();
        assertThat(r.get("lossless_tasks").asInt()).isEqualTo(r.get("tasks").asInt());
    }

    @Test
    void aSplitListingOnlyWritesSaysWhyItsAccuracyIsLow() {
        assertThat(run("retail", "predict", "--tasks", "dev", "--k", "3")).isZero();
        assertThat(out.toString()).contains("note: the dev tasks list only their write actions, no read before them");
        out.getBuffer().setLength(0);
        assertThat(run("retail", "predict", "--tasks", "test", "--k", "1")).isZero();
        assertThat(out.toString()).contains("retail predict: 115 test tasks").doesNotContain("note:");
    }

    @Test
    void predictOnlineHasNoTimeFiguresSinceItIsNotReplayedInTime() {
        assertThat(run("retail", "predict", "--tasks", "dev", "--k", "3", "--online", "--json")).isZero();
        JsonNode r = CanonicalJson.parse(out.toString());
        assertThat(r.get("calls").asInt()).isEqualTo(25);
        assertThat(r.get("saved_pct").isNull()).isTrue();
        assertThat(r.has("sequential_seconds") || r.has("lossless")).isFalse();
    }

    @Test
    void predictCallsLearnsOnlineOnAnyDomain() {
        assertThat(run("predict-calls", "--conversations", LIBRARY.toString(), "--k", "3", "--json")).isZero();
        JsonNode r = CanonicalJson.parse(out.toString());
        assertThat(r.get("conversations").asInt()).isEqualTo(4);
        assertThat(r.get("calls").asInt()).isEqualTo(24);
        assertThat(r.get("accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(r.get("per_tool").has("renew_loan")).isTrue();
    }

    @Test
    void fewShotRebuildsTheRecordedConversationsForPredictCalls(@TempDir Path dir) {
        Path file = dir.resolve("few-shot.json");
        assertThat(run("retail", "few-shot", "--out", file.toString(), "--json")).as(err.toString()).isZero();
        JsonNode summary = CanonicalJson.parse(out.toString());
        assertThat(summary.get("conversations").asInt()).isEqualTo(69);
        assertThat(summary.get("per_tool").get("get_product_details").get("recovered").asInt()).isEqualTo(43);
        out.getBuffer().setLength(0);
        assertThat(run("predict-calls", "--conversations", file.toString(), "--k", "3", "--json")).isZero();
        JsonNode r = CanonicalJson.parse(out.toString());
        assertThat(r.get("calls").asInt()).isEqualTo(summary.get("calls").asInt());
        assertThat(r.get("unparsed_calls").asInt())
                .isEqualTo(summary.get("calls").asInt() - summary.get("recovered").asInt());

        out.getBuffer().setLength(0);
        assertThat(run("predict-calls", "--conversations", file.toString(), "--k", "1", "--json")).isZero();
        JsonNode learned = CanonicalJson.parse(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("predict-calls", "--conversations", file.toString(), "--k", "1", "--speculator", "data-flow",
                "--json")).isZero();
        JsonNode dataFlow = CanonicalJson.parse(out.toString());
        assertThat(dataFlow.get("speculator").asText()).isEqualTo("data-flow");
        assertThat(dataFlow.get("calls").asInt()).isEqualTo(learned.get("calls").asInt());
        assertThat(dataFlow.get("accuracy").asDouble()).as("without recall, other guesses")
                .isNotEqualTo(learned.get("accuracy").asDouble());
    }

    @Test
    void predictWithTheDataFlowAloneIsTrainedLikeTheLearnedSpeculator() {
        assertThat(run("retail", "predict", "--tasks", "dev", "--k", "3", "--speculator", "data-flow")).isZero();
        assertThat(out.toString()).contains("retail predict: 20 dev tasks, speculator data-flow (trained on the train "
                + "tasks), k=3");
    }

    @Test
    void predictCallsCountsACallWithMalformedRecordedArgumentsAsAMissAndWarnsWhereItIs(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("runs.jsonl");
        Files.writeString(file, """
                {"messages": [{"role": "user", "content": "I am ada"}, {"role": "assistant", "tool_calls": [{"id": "1", "function": {"name": "lookup", "arguments": "{\\"name\\": \\"ada\\""}}]}, {"role": "tool", "tool_call_id": "1", "content": "u_1"}, {"role": "assistant", "tool_calls": [{"id": "2", "function": {"name": "details", "arguments": "{\\"user_id\\": \\"u_1\\"}"}}]}, {"role": "tool", "tool_call_id": "2", "content": "{}"}]}
                """);
        assertThat(run("predict-calls", "--conversations", file.toString(), "--json")).as(err.toString()).isZero();
        JsonNode r = CanonicalJson.parse(out.toString());
        assertThat(r.get("calls").asInt()).isEqualTo(2);
        assertThat(r.get("unparsed_calls").asInt()).isEqualTo(1);
        assertThat(r.get("per_tool").get("lookup").get("hits").asInt()).isZero();
        assertThat(err.toString()).contains("runs.jsonl:1, message 1, tool_calls[0]").contains("counts as a miss");
    }

    @Test
    void predictCallsReportsAMissingKeyBeforeTheFilesWarnings(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(System.getenv("OPENAI_API_KEY") == null, "OPENAI_API_KEY is set here");
        Path file = dir.resolve("runs.jsonl");
        Files.writeString(file, """
                {"messages": [{"role": "assistant", "tool_calls": [{"id": "1", "function": {"name": "lookup", "arguments": "{"}}]}]}
                """);
        assertThat(run("predict-calls", "--conversations", file.toString(), "--speculator", "llm")).isEqualTo(2);
        assertThat(err.toString()).contains("OPENAI_API_KEY").doesNotContain("counts as a miss");
    }

    @Test
    void predictCallsWithTheLlmSpeculatorOverAReplayedTrace(@TempDir Path dir) {
        // A trace in which model-a always names the actual next call: the speculator must then score 100%.
        Path trace = RetailLlmOptionsTest.libraryTrace(dir);
        assertThat(run("predict-calls", "--conversations", LIBRARY.toString(), "--speculator", "llm", "--k", "2",
                "--llm-models", "model-a,model-b", "--llm-endpoint", "http://127.0.0.1:1/v1",
                "--llm-replay", trace.toString(), "--json")).as(err.toString()).isZero();
        JsonNode r = CanonicalJson.parse(out.toString());
        assertThat(r.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(r.get("calls").asInt()).isEqualTo(24);
    }

    @Test
    void predictCallsGivesUpOnAHungLlmModelAtTheMemberTimeout(@TempDir Path dir) throws Exception {
        // the first conversation of the library up to its second call's output: two calls to predict
        JsonNode library = CanonicalJson.parse(Files.readString(LIBRARY));
        ArrayNode traj = (ArrayNode)
                library.get(0).get("traj").deepCopy();
        while (traj.size() > 6) {
            traj.remove(traj.size() - 1);
        }
        Path conversations = dir.resolve("two-calls.json");
        Files.writeString(conversations, "[{\"task_id\": 0, \"traj\": " + traj + "}]");
        // model-a names each actual call at once; model-b's second stage would take a minute
        LlmEndpoint a = LlmEndpoint.of("http://127.0.0.1:1/v1", "model-a");
        LlmEndpoint b = LlmEndpoint.of("http://127.0.0.1:1/v1", "model-b");
        LlmCallSpeculator template = new LlmCallSpeculator(List.of(ChatClient.builder(a).build()), null);
        List<TraceEntry> trace = new ArrayList<>();
        int calls = 0;
        for (Transcript conversation : ConversationReader.read(conversations)) {
            Transcript prefix = Transcript.empty();
            for (Transcript.Entry e : conversation.entries()) {
                if (e.isCall()) {
                    calls++;
                    String answer = "{\"calls\": [{\"name\": \"" + e.call().name() + "\", \"arguments\": "
                            + CanonicalJson.toCanonicalString(e.call().kwargs()) + ", \"confidence\": 0.9}]}";
                    for (LlmEndpoint endpoint : List.of(a, b)) {
                        double ms = endpoint == a ? 20 : 60_000;
                        trace.add(TraceEntry.text(endpoint, template.messageRequest(prefix), "renew it", 50, 3, 10, 20));
                        trace.add(TraceEntry.text(endpoint, template.callsRequest(prefix, "renew it", 2),
                                endpoint == a ? answer : "{\"calls\": []}", 80, 20, ms, ms));
                    }
                    template.observe(prefix, e.call());
                }
                prefix = prefix.with(e);
            }
        }
        assertThat(calls).isEqualTo(2);
        try (ReplayServer server = ReplayServer.builder(trace).start()) {
            long start = System.nanoTime();
            // the models on a live endpoint (the replay server at the recorded pace), not --llm-replay, which has none
            assertThat(run("predict-calls", "--conversations", conversations.toString(), "--speculator", "llm",
                    "--k", "2", "--llm-models", "model-a,model-b", "--llm-endpoint", server.baseUrl().toString(),
                    "--llm-member-timeout", "0.5", "--json")).as(err.toString()).isZero();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("predict-calls with a hung model: %.2f s for %d calls%n", seconds, calls);
            assertThat(seconds).isLessThan(15); // 2 minutes when every proposal waited for model-b
            assertThat(CanonicalJson.parse(out.toString()).get("accuracy").asDouble()).isEqualTo(1.0);
            long deadline = System.nanoTime() + 10_000_000_000L; // see docs/llm.md: the JDK may release a cancelled socket up to 3 s late
            while (server.disconnects().size() < calls && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.disconnects()).hasSize(calls); // each of model-b's hung calls was cancelled
        }
        assertThat(run("predict-calls", "--conversations", conversations.toString(), "--speculator", "llm",
                "--llm-member-timeout", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--llm-member-timeout must be 0 (no timeout) to");
        assertThat(run("predict-calls", "--conversations", conversations.toString(), "--speculator", "llm",
                "--llm-member-timeout", "NaN")).isEqualTo(2);
        assertThat(err.toString()).contains("--llm-member-timeout must be 0 (no timeout) to").contains("not NaN");
    }
}
