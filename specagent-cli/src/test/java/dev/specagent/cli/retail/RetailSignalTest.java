package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.specagent.cli.SignalledRun;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.conversations.ConversationReader;
import dev.specagent.envs.retail.tasks.TaskSplit;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code retail predict} and {@code predict-calls} ended by a signal (a child JVM sent SIGTERM while its LLM
 * speculator waits for a slow answer) print the accuracy over the tasks or conversations finished, labelled as such.
 * Before, they printed nothing but their progress.
 */
class RetailSignalTest {

    private static final Path LIBRARY = Path.of("../specagent-envs/src/test/resources/conversations/library.json");
    private static final LlmEndpoint MODEL = LlmEndpoint.of("http://127.0.0.1:1/v1", "model-a");

    /** {@code fast} answers at once, then answers that each take 30 s; each proposes no call and used 7 + 2 tokens. */
    private static ReplayServer server(int fast) throws Exception {
        List<TraceEntry> entries = new ArrayList<>();
        for (int i = 0; i < fast + 100; i++) {
            entries.add(TraceEntry.text(MODEL, ChatRequest.builder().user("call " + i).build(), "{\"calls\": []}", 7, 2,
                    0, i < fast ? 0 : 30_000));
        }
        return ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).timeScale(1).start();
    }

    @Test
    void predictCallsStoppedByASignalPrintsTheAccuracyOfTheConversationsFinished() throws Exception {
        int firstCalls = ConversationReader.read(LIBRARY).getFirst().calls().size();
        for (boolean json : List.of(false, true)) {
            // the first conversation's proposals (two requests each) are answered at once; the second's hang
            try (ReplayServer server = server(2 * firstCalls)) {
                List<String> args = new ArrayList<>(List.of("predict-calls", "--conversations", LIBRARY.toString(),
                        "--speculator", "llm", "--k", "1", "--llm-models", "model-a", "--llm-endpoint",
                        server.baseUrl().toString(), "--api-key-env", "none"));
                if (json) {
                    args.add("--json");
                }
                // signalled once the second conversation's first request hangs on the server
                SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("predict-calls (conversations): 1/4")
                                && SignalledRun.requestsCame(server, 2 * firstCalls + 1), args.toArray(String[]::new));
                assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
                assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(3);
                String stopped = "stopped by a signal (SIGTERM) after 1 of 4 conversations; the figures are of the "
                        + "conversations finished";
                assertThat(r.err()).contains("specagent: " + stopped);
                long answered = 7L * 2 * firstCalls; // the calls answered; the one under way adds its estimated prompt
                if (json) {
                    JsonNode o = CanonicalJson.parse(r.out());
                    assertThat(o.get("stopped").asText()).isEqualTo(stopped);
                    assertThat(o.get("conversations").asInt()).isEqualTo(1);
                    assertThat(o.get("calls").asInt()).isEqualTo(firstCalls);
                    assertThat(o.get("accuracy").asDouble()).isZero();
                    assertThat(o.get("calls_under_way").asInt()).isEqualTo(1);
                    assertThat(o.get("prompt_tokens").asLong()).isGreaterThan(answered); // was equal: no call under way
                } else {
                    assertThat(r.out()).startsWith(stopped + "\npredict-calls: 1 conversations, " + firstCalls
                            + " tool calls, speculator llm, k=1\nAPI-call prediction accuracy (top-1, same name and "
                            + "JSON-equal arguments): 0.0% (0 of " + firstCalls + " calls)\nper tool:\n");
                    Matcher spent = Pattern.compile("the llm speculator spent (\\d+) prompt \\+ \\d+ completion tokens, "
                            + "\\$\\d+\\.\\d+ \\(including the proposal under way at the signal: 1 call, charged what "
                            + "they had consumed, as cancelled calls are\\)\n").matcher(r.out());
                    assertThat(spent.find()).as(r.out()).isTrue();
                    assertThat(Long.parseLong(spent.group(1))).isGreaterThan(answered);
                }
            }
        }
    }

    @Test
    void predictCallsStoppedBeforeAnyCallHasNoAccuracy(@TempDir Path dir) throws Exception {
        // the first conversation holds no tool call, the second's first proposal hangs: the signal comes after 0 calls
        JsonNode library = CanonicalJson.parse(Files.readString(LIBRARY));
        ArrayNode two = CanonicalJson.MAPPER.createArrayNode();
        two.addObject().putArray("messages").addObject().put("role", "user").put("content", "hello");
        two.add(library.get(0));
        Path file = Files.writeString(dir.resolve("two.json"), two.toString());
        for (boolean json : List.of(false, true)) {
            try (ReplayServer server = server(0)) {
                List<String> args = new ArrayList<>(List.of("predict-calls", "--conversations", file.toString(),
                        "--speculator", "llm", "--k", "1", "--llm-models", "model-a", "--llm-endpoint",
                        server.baseUrl().toString(), "--api-key-env", "none"));
                if (json) {
                    args.add("--json");
                }
                SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("predict-calls (conversations): 1/2"),
                        args.toArray(String[]::new));
                assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
                if (json) {
                    JsonNode o = CanonicalJson.parse(r.out());
                    assertThat(o.get("calls").asInt()).isZero();
                    assertThat(o.get("accuracy").isNull()).as(r.out()).isTrue(); // was 0.0
                } else {
                    assertThat(r.out()).contains("API-call prediction accuracy (top-1, same name and JSON-equal "
                            + "arguments): n/a (0 of 0 calls)\n"); // was 0.0%
                }
            }
        }
    }

    @Test
    void retailPredictStoppedByASignalPrintsTheAccuracyOfTheTasksPredicted() throws Exception {
        var dev = RetailData.tasks(TaskSplit.DEV);
        for (boolean json : List.of(true, false)) {
            // the proposals of the first tasks are answered at once (fewer requests than calls: equal transcript
            // prefixes are asked once), then a request hangs: the signal comes while the run waits for it
            try (ReplayServer server = server(2 * dev.getFirst().actions().size())) {
                List<String> args = new ArrayList<>(List.of("retail", "predict", "--tasks", "dev", "--speculator",
                        "llm", "--k", "1", "--llm-models", "model-a", "--llm-endpoint", server.baseUrl().toString(),
                        "--api-key-env", "none"));
                if (json) {
                    args.add("--json");
                }
                int fast = 2 * dev.getFirst().actions().size();
                SignalledRun.Result r = SignalledRun.run(
                        line -> line.startsWith("retail predict (tasks, then their time replays): 1/" + 2 * dev.size())
                                && SignalledRun.requestsCame(server, fast + 1), args.toArray(String[]::new));
                assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
                assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(3);
                Matcher m = Pattern.compile("specagent: stopped by a signal \\(SIGTERM\\) after (\\d+) of "
                        + dev.size() + " tasks; the figures are of the tasks finished\n").matcher(r.err());
                assertThat(m.find()).as(r.err()).isTrue();
                int done = Integer.parseInt(m.group(1));
                assertThat(done).isBetween(1, dev.size() - 1);
                int calls = dev.subList(0, done).stream().mapToInt(t -> t.actions().size()).sum();
                String stopped = "stopped by a signal (SIGTERM) after " + done + " of " + dev.size() + " tasks; the "
                        + "figures are of the tasks finished";
                if (json) {
                    JsonNode o = CanonicalJson.parse(r.out());
                    assertThat(o.get("stopped").asText()).isEqualTo(stopped);
                    assertThat(o.get("tasks").asInt()).isEqualTo(done);
                    assertThat(o.get("calls").asInt()).isEqualTo(calls);
                    assertThat(o.get("saved_pct").isNull()).isTrue();
                    assertThat(o.has("lossless")).isFalse();
                    // every answer served is charged (7 prompt tokens each) and the request hanging adds its estimate;
                    // before, the calls of the proposal under way were left out
                    assertThat(server.served()).isEqualTo(fast);
                    assertThat(o.get("calls_under_way").asInt()).isBetween(1, 2);
                    assertThat(o.get("prompt_tokens").asLong()).isGreaterThan(7L * fast);
                } else {
                    assertThat(r.out()).startsWith(stopped + "\nretail predict: " + done + " dev tasks, speculator llm, "
                            + "k=1\nAPI-call prediction accuracy (top-1, same name and JSON-equal arguments): 0.0% (0 of "
                            + calls + " calls)\n").contains("the llm speculator spent ")
                            .contains("(including the proposal under way at the signal: ")
                            .doesNotContain("time (simulated");
                }
            }
        }
    }

}
