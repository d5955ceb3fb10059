package dev.specagent.llm;

import com.sun.net.httpserver.HttpServer;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.RequestHash;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceReader;
import dev.specagent.llm.trace.TraceRecorder;
import dev.specagent.llm.trace.UnwritableTraceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every call of a recorded run lands in the JSONL trace, and the trace replays the same answers at the recorded pace. */
class RecordReplayTest {

    static final String MODEL = "gpt-4o-mini";

    @Test
    void recordsEveryCallAndReplaysTheRecording(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("run.jsonl");
        ChatRequest tools = ChatClientReplayTest.TOOLS.toBuilder().stream(false).build();
        List<TraceEntry> original = List.of(
                Traces.text(ChatClientReplayTest.HELLO, MODEL, ChatClientReplayTest.HELLO_TEXT, 150, 400),
                Traces.entry(tools, MODEL, Traces.completion(MODEL, null,
                        List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), 50, 10), 30, 120),
                Traces.text(ChatClientReplayTest.LONG, MODEL, "word ".repeat(200), 50, 4000));
        ChatResponse recordedHello;
        try (ReplayServer live = ReplayServer.builder(original).start();
             TraceRecorder recorder = new TraceRecorder(trace);
             ChatClient client = ChatClient.builder(LlmEndpoint.of(live.baseUrl().toString(), MODEL))
                     .recorder(recorder).build()) {
            recordedHello = client.complete(ChatClientReplayTest.HELLO);
            client.complete(tools);
            ChatCall cancelled = client.start(ChatClientReplayTest.LONG);
            // cancelled mid-stream: once some of the answer has arrived (not a fixed time after the start)
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (cancelled.spentSoFar().completionTokens() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            cancelled.cancel();
            assertThatThrownBy(() -> client.complete(ChatRequest.ofUser("unknown"))).isInstanceOf(LlmException.class);
            assertThat(recorder.written()).isEqualTo(4);
        }

        List<TraceEntry> recorded = TraceReader.read(trace);
        assertThat(recorded).extracting(TraceEntry::outcome)
                .containsExactly("completed", "completed", "cancelled", "failed");
        TraceEntry hello = recorded.get(0);
        assertThat(hello.chunks()).hasSizeGreaterThan(5);
        assertThat(hello.firstTokenMs()).isGreaterThanOrEqualTo(140);
        assertThat(hello.usage().promptTokens()).isEqualTo(20);
        assertThat(hello.usageReported()).isTrue();
        assertThat(hello.request().path("stream").asBoolean()).isTrue();
        assertThat(recorded.get(1).chunks()).isEmpty();
        assertThat(recorded.get(2).usage().completionTokens()).isBetween(1L, 199L);
        assertThat(recorded.get(3).status()).isEqualTo(404);
        assertThat(recorded.get(3).error()).contains("no response for this request");
        assertThat(Files.readAllLines(trace)).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("{"));

        try (ReplayServer replay = ReplayServer.builder(trace).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(replay.baseUrl().toString(), MODEL)).build()) {
            assertThat(replay.entries()).isEqualTo(2);
            ChatResponse again = client.complete(ChatClientReplayTest.HELLO);
            assertThat(again.content()).isEqualTo(recordedHello.content());
            assertThat(again.usage()).isEqualTo(recordedHello.usage());
            assertThat(again.firstTokenNanos() / 1e6).isGreaterThanOrEqualTo(hello.firstTokenMs() * 0.9);
            // recorded as a stream, asked without streaming: the assembled answer after the recorded total time
            ChatResponse plain = client.complete(ChatClientReplayTest.HELLO.toBuilder().stream(false).build());
            assertThat(plain.content()).isEqualTo(recordedHello.content());
            assertThat(client.complete(tools).toolCalls()).singleElement()
                    .satisfies(c -> assertThat(c.arguments().get("city").asText()).isEqualTo("Paris"));
            // cancelled and failed calls are kept in the trace but not replayed
            assertThatThrownBy(() -> client.complete(ChatClientReplayTest.LONG))
                    .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void orderFallbackServesUnmatchedRequestsOfTheSameModelInFileOrder() throws Exception {
        List<TraceEntry> entries = List.of(
                Traces.text(ChatRequest.ofUser("first"), MODEL, "one", 0, 0),
                Traces.text(ChatRequest.ofUser("second"), MODEL, "two", 0, 0));
        try (ReplayServer replay = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(replay.baseUrl().toString(), MODEL)).build()) {
            assertThat(client.complete(ChatRequest.ofUser("second")).content()).isEqualTo("two");
            assertThat(client.complete(ChatRequest.ofUser("something else")).content()).isEqualTo("one");
            assertThatThrownBy(() -> client.complete(ChatRequest.ofUser("and another")))
                    .isInstanceOf(LlmException.class);
            try (ChatClient other = ChatClient.builder(LlmEndpoint.of(replay.baseUrl().toString(), "gpt-4o")).build()) {
                assertThatThrownBy(() -> other.complete(ChatRequest.ofUser("first"))).isInstanceOf(LlmException.class);
            }
        }
    }

    @Test
    void badTraceLinesNameFileLineAndField(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("bad.jsonl");
        Files.writeString(trace, "# comment\n\n{\"request\": {\"model\": \"m\"}}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.jsonl:3").hasMessageContaining("\"request\"");
        Files.writeString(trace, "{not json\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("bad.jsonl:1: not valid JSON");
        // a recording killed while writing its last line: named as cut off, with the entries before it
        String entry = "{\"request\": {\"model\": \"m\", \"messages\": []}, \"outcome\": \"cancelled\"}\n";
        Files.writeString(trace, entry + entry + entry.substring(0, 30));
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("bad.jsonl:3: the last line is cut off")
                .hasMessageContaining("replay the 2 entries before it");
        // the same line cut off above another is not the recording's end: plain invalid JSON
        Files.writeString(trace, entry + entry.substring(0, 30) + "\n" + entry);
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("bad.jsonl:2: not valid JSON");
        Files.writeString(trace, "{\"request\": {\"model\": \"m\", \"messages\": []}, \"outcome\": \"completed\"}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("\"response\"");
    }

    /**
     * A trace is UTF-8 (answers in other scripts are written as they are), so a byte that is not is named by its line:
     * a line saved in another encoding, or a recording stopped in the middle of a character of its last line.
     */
    @Test
    void aLineThatIsNotUtf8IsNamedByItsLine(@TempDir Path dir) throws Exception {
        String entry = "{\"request\": {\"model\": \"m\", \"messages\": []}, \"outcome\": \"cancelled\"}\n";
        String latin1 = "{\"request\": {\"model\": \"caf\u00e9\", \"messages\": []}, \"outcome\": \"cancelled\"}\n";
        Path trace = dir.resolve("mixed.jsonl");
        Files.write(trace, bytes(entry.getBytes(StandardCharsets.UTF_8), latin1.getBytes(StandardCharsets.ISO_8859_1),
                entry.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> TraceReader.read(trace)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(trace + ":2: not UTF-8 text at byte 27 of the line (a file saved in another encoding?)");

        byte[] japanese = ("{\"request\": {\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": "
                + "\"\u65e5\u672c\"}]}, \"outcome\": \"cancelled\"}\n").getBytes(StandardCharsets.UTF_8);
        int inside = new String(japanese, StandardCharsets.UTF_8).indexOf('\u65e5') + 2; // 2 of the character's 3 bytes
        Files.write(trace, bytes(entry.getBytes(StandardCharsets.UTF_8), japanese,
                java.util.Arrays.copyOf(japanese, inside)));
        assertThatThrownBy(() -> TraceReader.read(trace))
                .hasMessageStartingWith(trace + ":3: the last line is cut off")
                .hasMessageContaining("replay the 2 entries before it");
        // the entries before and after a character of every width read as they are
        Files.write(trace, bytes(japanese, "{\"request\": {\"model\": \"\uD83D\uDE00 \u00e9\", \"messages\": []}, \"outcome\": \"cancelled\"}\r\n"
                .getBytes(StandardCharsets.UTF_8), entry.getBytes(StandardCharsets.UTF_8)));
        assertThat(TraceReader.read(trace)).extracting(TraceEntry::model).containsExactly("m", "\uD83D\uDE00 \u00e9", "m");
    }

    /** A trace edited in an editor that saves a byte order mark (and CRLF) read "line 1: Unexpected character ('\uFEFF')". */
    @Test
    void aTraceSavedWithAByteOrderMarkReadsAsWithout(@TempDir Path dir) throws Exception {
        String entries = "{\"request\": {\"model\": \"m\", \"messages\": []}, \"outcome\": \"cancelled\"}\n"
                + "{\"request\": {\"model\": \"n\", \"messages\": []}, \"outcome\": \"cancelled\"}\n";
        Path plain = Files.writeString(dir.resolve("plain.jsonl"), entries);
        Path marked = Files.writeString(dir.resolve("marked.jsonl"), "\uFEFF" + entries.replace("\n", "\r\n"));
        assertThat(TraceReader.read(marked)).isEqualTo(TraceReader.read(plain)).hasSize(2);
        Path inside = Files.writeString(dir.resolve("inside.jsonl"), entries + "\uFEFF" + entries);
        assertThatThrownBy(() -> TraceReader.read(inside)).hasMessageStartingWith(inside + ":3: not valid JSON");
    }

    private static byte[] bytes(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void twoEntriesOnOneLineAreAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        // one entry a line: the second on a line was dropped unread, so its answer could not be replayed
        String entry = "{\"request\": {\"model\": \"m\", \"messages\": []}, \"outcome\": \"cancelled\"}";
        Path trace = Files.writeString(dir.resolve("two.jsonl"), entry + "\n" + entry + " " + entry + "\n" + entry + "\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(trace + ":2: not valid JSON at line 1, column " + (entry.length() + 2)
                        + ": a second JSON value follows the first (only one is allowed)");
        Files.writeString(trace, entry + " # a note\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageStartingWith(trace + ":1: not valid JSON at line 1");
        Files.writeString(trace, entry + "  \n" + entry + "\n");
        assertThat(TraceReader.read(trace)).hasSize(2);
    }

    @Test
    void wronglyTypedTraceFieldsNameFileLineAndField(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("typed.jsonl");
        String good = "\"request\": {\"model\": \"m\", \"messages\": []}, \"response\": {\"choices\": "
                + "[{\"message\": {\"role\": \"assistant\", \"content\": \"hi\"}}]}";
        Files.writeString(trace, "{" + good + "}\n{" + good + ", \"status\": \"ok\"}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("typed.jsonl:2").hasMessageContaining("\"status\"");
        Files.writeString(trace, "{" + good + ", \"totalMs\": \"slow\"}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("typed.jsonl:1")
                .hasMessageContaining("\"totalMs\"");
        Files.writeString(trace, "{" + good + ", \"v\": 7}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("typed.jsonl:1")
                .hasMessageContaining("\"v\"");
        // recorded times from 0 to a day; chunks an array (a huge time would keep the replay server waiting)
        Files.writeString(trace, "{" + good + ", \"totalMs\": 1e300}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("typed.jsonl:1")
                .hasMessageContaining("\"totalMs\" must be milliseconds from 0 to 86400000");
        Files.writeString(trace, "{" + good + ", \"chunks\": [{\"ms\": -3, \"data\": {}}]}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("\"chunks[0].ms\" must be milliseconds");
        Files.writeString(trace, "{" + good + ", \"chunks\": \"x\"}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("\"chunks\" must be an array");
        Files.writeString(trace, "{" + good + ", \"v\": 1, \"status\": 200, \"totalMs\": 5, \"firstTokenMs\": -1}\n");
        assertThat(TraceReader.read(trace)).hasSize(1);
        // a completed answer with nothing to replay
        for (String choices : new String[] {"[]", "[\"x\"]"}) {
            Files.writeString(trace, "{\"request\": {\"model\": \"m\", \"messages\": []}, \"response\": {\"choices\": "
                    + choices + "}}\n");
            assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining("typed.jsonl:1")
                    .hasMessageContaining("\"response.choices\"");
        }
    }

    @Test
    void moreTraceFieldsNameFileLineAndField(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("fields.jsonl");
        String good = "\"request\": {\"model\": \"m\", \"messages\": []}, \"response\": {\"choices\": "
                + "[{\"message\": {\"role\": \"assistant\", \"content\": \"hi\"}}]}";
        Files.writeString(trace, "{" + good + ", \"chunks\": [{\"ms\": 1, \"data\": {}}, {\"ms\": \"x\", \"data\": {}}]}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessage(trace + ":1: chunks[1] needs a number \"ms\" and an "
                + "object \"data\"");
        Files.writeString(trace, "{" + good + ", \"chunks\": [{\"ms\": 1, \"data\": {}}, {\"ms\": -1, \"data\": {}}]}\n");
        assertThatThrownBy(() -> TraceReader.read(trace)).hasMessageContaining(":1: field \"chunks[1].ms\"");
        Files.writeString(trace, "{" + good + ", \"firstTokenMs\": \"soon\"}\n");
        assertThatThrownBy(() -> TraceReader.read(trace))
                .hasMessage(trace + ":1: field \"firstTokenMs\" must be a number of milliseconds, got \"soon\"");
        Files.writeString(trace, "{" + good + ", \"outcome\": 5}\n");
        assertThatThrownBy(() -> TraceReader.read(trace))
                .hasMessage(trace + ":1: field \"outcome\" must be a string, got 5");
        Files.writeString(trace, "{\"request\": {\"model\": \"e\", \"input\": [\"x\"]}, \"response\": {}}\n");
        assertThatThrownBy(() -> TraceReader.read(trace))
                .hasMessage(trace + ":1: field \"response\" must be an embeddings list object with \"data\"");
        // the times' bounds are allowed: 0 and a day
        Files.writeString(trace, "{" + good + ", \"totalMs\": 0}\n{" + good + ", \"totalMs\": 86400000}\n");
        assertThat(TraceReader.read(trace)).extracting(TraceEntry::totalMs).containsExactly(0.0, 86_400_000.0);
    }

    /**
     * The time to the first token is bounded as the total time is: the replay server sends the first chunk of an
     * entry recorded without streaming at it and waits until the later of the two, so 1e300 kept it waiting for good.
     */
    @Test
    void aFirstTokenTimeBeyondADayOrBelowNoneIsAnErrorNamingTheField(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("first.jsonl");
        String good = "\"request\": {\"model\": \"m\", \"messages\": []}, \"response\": {\"choices\": "
                + "[{\"message\": {\"role\": \"assistant\", \"content\": \"hi\"}}]}, \"totalMs\": 5";
        for (String bad : new String[] {"1e300", "86400001", "-2"}) {
            Files.writeString(trace, "{" + good + "}\n{" + good + ", \"firstTokenMs\": " + bad + "}\n");
            assertThatThrownBy(() -> TraceReader.read(trace)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(trace + ":2: field \"firstTokenMs\" must be -1 (no first token) or "
                            + "milliseconds from 0 to 86400000 (a day), got ");
        }
        Files.writeString(trace, "{" + good + ", \"firstTokenMs\": -1}\n{" + good + ", \"firstTokenMs\": 0}\n{" + good
                + ", \"firstTokenMs\": 86400000}\n{" + good + "}\n");
        assertThat(TraceReader.read(trace)).extracting(TraceEntry::firstTokenMs)
                .containsExactly(-1.0, 0.0, 86_400_000.0, -1.0);
    }

    /**
     * The recorded usage, which a simulated replay charges when the answer carries none, is read as written or refused
     * naming its field: "many" tokens or a usage that is not an object used to be read as 0 tokens.
     */
    @Test
    void aWronglyTypedUsageIsAnErrorNamingTheField(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("usage.jsonl");
        String good = "\"request\": {\"model\": \"m\", \"messages\": []}, \"response\": {\"choices\": "
                + "[{\"message\": {\"role\": \"assistant\", \"content\": \"hi\"}}]}";
        String[][] bad = {
                {"12", "field \"usage\" must be an object"},
                {"{\"promptTokens\": \"many\"}", "field \"usage.promptTokens\" must be a whole number of tokens, got \"many\""},
                {"{\"completionTokens\": 2.5}", "field \"usage.completionTokens\" must be a whole number of tokens, got 2.5"},
                {"{\"cachedPromptTokens\": true}", "field \"usage.cachedPromptTokens\" must be a whole number of tokens"},
                {"{\"costUsd\": \"cheap\"}", "field \"usage.costUsd\" must be a number of US dollars, got \"cheap\""},
                {"{\"reported\": \"yes\"}", "field \"usage.reported\" must be true or false, got \"yes\""},
                {"{\"promptTokens\": -3}", "field \"usage\": usage must be non-negative"},
        };
        for (String[] b : bad) {
            Files.writeString(trace, "{" + good + "}\n{" + good + ", \"usage\": " + b[0] + "}\n");
            assertThatThrownBy(() -> TraceReader.read(trace)).as(b[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(trace + ":2: " + b[1]);
        }
        Files.writeString(trace, "{" + good + ", \"usage\": {\"promptTokens\": 9, \"completionTokens\": 3.0, "
                + "\"cachedPromptTokens\": 0, \"costUsd\": 6.8e-06, \"reported\": true}}\n{" + good + ", \"usage\": null}\n{"
                + good + "}\n");
        assertThat(TraceReader.read(trace)).extracting(TraceEntry::usage, TraceEntry::usageReported).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new dev.specagent.core.call.Usage(9, 3, 0, 6.8e-06), true),
                org.assertj.core.groups.Tuple.tuple(dev.specagent.core.call.Usage.ZERO, false),
                org.assertj.core.groups.Tuple.tuple(dev.specagent.core.call.Usage.ZERO, false));
    }

    /**
     * The usage of a recorded answer, which the replay server sends and a simulated replay charges, is refused naming
     * its field when its counts are not whole numbers of tokens: a simulated replay read 12.7 prompt tokens as 12 and
     * "9" as 9, while over HTTP the client refuses such an answer at every call.
     */
    @Test
    void aRecordedAnswersUsageThatIsNotAWholeNumberOfTokensIsAnErrorNamingTheField(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("answer-usage.jsonl");
        String good = "\"request\": {\"model\": \"m\", \"messages\": []}, \"response\": {\"choices\": "
                + "[{\"message\": {\"role\": \"assistant\", \"content\": \"hi\"}}], \"usage\": ";
        String[][] bad = {
                {"{\"prompt_tokens\": 12.7}", "response.usage.prompt_tokens", "12.7"},
                {"{\"completion_tokens\": \"9\"}", "response.usage.completion_tokens", "\"9\""},
                {"{\"prompt_tokens\": -3}", "response.usage.prompt_tokens", "-3"},
                {"{\"prompt_tokens\": 18446744073709551621}", "response.usage.prompt_tokens", "18446744073709551621"},
                {"{\"prompt_tokens_details\": {\"cached_tokens\": true}}",
                        "response.usage.prompt_tokens_details.cached_tokens", "true"},
        };
        for (String[] b : bad) {
            Files.writeString(trace, "{" + good + "{}}}\n{" + good + b[0] + "}}\n");
            assertThatThrownBy(() -> TraceReader.read(trace)).as(b[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(trace + ":2: field \"" + b[1] + "\" must be a whole number of tokens (0 or more), got "
                            + b[2]);
        }
        Files.writeString(trace, "{" + good + "{\"prompt_tokens\": 12.0, \"completion_tokens\": 3, "
                + "\"prompt_tokens_details\": {\"cached_tokens\": null}}}}\n");
        assertThat(TraceReader.read(trace)).singleElement()
                .satisfies(e -> assertThat(e.response().at("/usage/prompt_tokens").asLong()).isEqualTo(12));
    }

    /** A request edited by hand under its old hash is matched by what it now says. */
    @Test
    void aStaleRequestHashGivesWayToTheHashOfTheRequest(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("edited.jsonl");
        String request = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"edited\"}]}";
        Files.writeString(trace, "{\"requestHash\": \"" + "0".repeat(64) + "\", \"request\": " + request
                + ", \"response\": {\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"hi\"}}]}}\n");
        assertThat(TraceReader.read(trace)).singleElement().extracting(TraceEntry::requestHash)
                .isEqualTo(RequestHash.of(CanonicalJson.parse(request)));
    }

    /**
     * The same cap on the answer's length is {@code max_completion_tokens} in a call to api.openai.com (and from the
     * official SDKs, where {@code max_tokens} is deprecated) and {@code max_tokens} elsewhere: a run recorded against
     * OpenAI replays on the local replay server, whose URL makes the client send {@code max_tokens}, and the reverse.
     */
    @Test
    void aRecordingAgainstOpenAiReplaysAlthoughTheLocalClientSendsMaxTokens() throws Exception {
        ChatRequest capped = ChatRequest.builder().user("a short answer").maxTokens(512).build();
        TraceEntry recordedAtOpenAi = TraceEntry.text(LlmEndpoint.of("https://api.openai.com/v1", MODEL), capped,
                "short", 5, 1, 5, 10);
        assertThat(recordedAtOpenAi.request().has("max_completion_tokens")).isTrue();
        try (ReplayServer server = ReplayServer.builder(List.of(recordedAtOpenAi)).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL))
                     .apiKey(null).maxRetries(0).build()) {
            assertThat(client.complete(capped).content()).isEqualTo("short");
        }
        TraceEntry recordedLocally = TraceEntry.text(LlmEndpoint.of("http://127.0.0.1:9/v1", MODEL), capped,
                "local", 5, 1, 5, 10);
        String sdkBody = "{\"model\": \"" + MODEL + "\", \"messages\": [{\"role\": \"user\", \"content\": "
                + "\"a short answer\"}], \"max_completion_tokens\": 512}";
        try (ReplayServer server = ReplayServer.builder(List.of(recordedLocally)).start();
             var http = java.net.http.HttpClient.newHttpClient()) {
            var answer = ReplayServerHostileClientTest.post(http, server, "/chat/completions", sdkBody);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(CanonicalJson.parse(answer.body()).at("/choices/0/message/content").asText()).isEqualTo("local");
        }
    }

    @Test
    void aSyntheticEntryCountsItsTotalTokens() {
        TraceEntry entry = TraceEntry.text(LlmEndpoint.of("http://127.0.0.1:9/v1", MODEL), ChatRequest.ofUser("hi"),
                "hello", 10, 3, 5, 10);
        assertThat(entry.response().at("/usage/total_tokens").asLong()).isEqualTo(13);
        assertThat(entry.usage().promptTokens()).isEqualTo(10);
        assertThat(entry.usage().completionTokens()).isEqualTo(3);
    }

    @Test
    void aTraceFileThatCannotBeWrittenSaysWhy(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("trace.jsonl"));
        assertThatThrownBy(() -> new TraceRecorder(folder)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write trace file " + folder + ": Is a directory")
                .isInstanceOfSatisfying(UnwritableTraceException.class, e -> {
                    assertThat(e.file()).isEqualTo(folder);
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                });
        Path underFile = Files.writeString(dir.resolve("plain.txt"), "x").resolve("t.jsonl");
        assertThatThrownBy(() -> new TraceRecorder(underFile)).hasMessageContaining("plain.txt is in the way");
    }

    @Test
    void aTraceThatFailsMidRunCountsTheEntriesItCouldNotWriteAndNeverFailsACall() throws Exception {
        Path full = Path.of("/dev/full"); // opens, then refuses every write: "No space left on device"
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        List<TraceEntry> entries = List.of(Traces.text(ChatRequest.ofUser("first"), MODEL, "one", 0, 0),
                Traces.text(ChatRequest.ofUser("second"), MODEL, "two", 0, 0));
        TraceRecorder recorder = new TraceRecorder(full);
        try (ReplayServer live = ReplayServer.builder(entries).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(live.baseUrl().toString(), MODEL))
                     .recorder(recorder).build()) {
            assertThat(client.complete(ChatRequest.ofUser("first")).content()).isEqualTo("one");
            assertThat(client.complete(ChatRequest.ofUser("second")).content()).isEqualTo("two");
        }
        assertThat(recorder.written()).isZero();
        assertThat(recorder.notWritten()).isEqualTo(2);
        assertThat(recorder.failure()).get().extracting(Throwable::getMessage).asString()
                .contains("No space left on device");
        recorder.close();
        // only the first lost entry throws (the client logs it once); later ones are counted
        try (TraceRecorder direct = new TraceRecorder(full)) {
            assertThatThrownBy(() -> direct.record(entries.get(0))).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot append to trace file /dev/full: No space left on device");
            direct.record(entries.get(1));
            assertThat(direct.notWritten()).isEqualTo(2);
        }
    }

    /**
     * A thread whose interrupt status is set (a call cancelled by Ctrl-C, recorded as the interrupted command unwinds)
     * still appends its entries, and keeps its status. Before, the interrupt closed the file's channel: the entry was
     * lost, every later one too, and the trace said "cannot append ... input/output error" of a healthy disk.
     */
    @Test
    void anInterruptedThreadStillRecordsAndStaysInterrupted(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        List<TraceEntry> entries = List.of(Traces.text(ChatRequest.ofUser("first"), MODEL, "one", 0, 0),
                Traces.text(ChatRequest.ofUser("second"), MODEL, "two", 0, 0));
        boolean stillInterrupted;
        try (TraceRecorder recorder = new TraceRecorder(trace)) {
            Thread.currentThread().interrupt();
            try {
                recorder.record(entries.get(0));
                recorder.record(entries.get(1));
            } finally {
                stillInterrupted = Thread.interrupted();
            }
            assertThat(recorder.failure()).isEmpty();
            assertThat(recorder.written()).isEqualTo(2);
        }
        assertThat(stillInterrupted).isTrue();
        assertThat(TraceReader.read(trace)).hasSize(2);
    }

    /**
     * A file that fills in the middle of a line (here a child JVM's file-size limit: writes past it fail with "File too
     * large" after a short write) keeps whole lines: the cut line is taken back, so the trace replays as it is.
     */
    @Test
    void aLineCutByAFullFileIsTakenBackSoTheTraceReplays(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        Process child = new ProcessBuilder("bash", "-c", "ulimit -f 4; exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                ProcessHandle.current().info().command().orElseThrow(), System.getProperty("java.class.path"),
                TraceRecordingUntilFull.class.getName(), trace.toString()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(out).isZero();
        long written = Long.parseLong(out.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(written).as("some entries fit, not all").isBetween(1L, 99L);
        assertThat(Files.size(trace)).isLessThan(4096);
        assertThat(TraceReader.read(trace)).hasSize((int) written);
    }

    /** A recorder closes its file once, on close or on the first write that fails (it takes no more entries). */
    @Test
    void aRecorderClosesItsFileOnCloseOrOnItsFirstFailedWrite() {
        int[] closes = {0};
        OutputStream counting = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closes[0]++;
            }
        };
        TraceRecorder recorder = new TraceRecorder(Path.of("t.jsonl"), counting);
        recorder.record(Traces.text(ChatRequest.ofUser("first"), MODEL, "one", 0, 0));
        recorder.close();
        recorder.close();
        assertThat(closes[0]).isEqualTo(1);
        assertThat(recorder.file()).isEqualTo(Path.of("t.jsonl"));
        assertThat(recorder.written()).isEqualTo(1);

        int[] failedCloses = {0};
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
                failedCloses[0]++;
            }
        };
        TraceRecorder failing = new TraceRecorder(Path.of("full.jsonl"), full);
        assertThatThrownBy(() -> failing.record(Traces.text(ChatRequest.ofUser("first"), MODEL, "one", 0, 0)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(failedCloses[0]).as("closed at the failure").isEqualTo(1);
        failing.close();
        assertThat(failedCloses[0]).isEqualTo(1);

        // a file that cannot be closed: kept as the failure, not thrown
        IOException unclosable = new IOException("Input/output error");
        TraceRecorder closing = new TraceRecorder(Path.of("nfs.jsonl"), new ByteArrayOutputStream() {
            @Override
            public void close() throws IOException {
                throw unclosable;
            }
        });
        closing.close();
        assertThat(closing.failure()).containsSame(unclosable);
    }

    @Test
    void aTraceWithNothingToReplayIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        assertThatThrownBy(() -> ReplayServer.builder(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty.jsonl").hasMessageContaining("no completed entry");
        Path failed = Files.writeString(dir.resolve("failed.jsonl"),
                "{\"request\": {\"model\": \"m\", \"messages\": []}, \"outcome\": \"failed\", \"status\": 500}\n");
        assertThatThrownBy(() -> ReplayServer.builder(failed)).hasMessageContaining("failed.jsonl");
    }

    /**
     * A server that cuts its answer by UTF-16 units sends the halves of a surrogate pair in two chunks, as JSON escapes;
     * the recording and the replay of such a stream must give the character back, not "??".
     */
    @Test
    void aCharacterSplitBetweenTwoChunksIsRecordedAndReplayedWhole(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("run.jsonl");
        String stream = "data: {\"id\":\"c\",\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"role\":\"assistant\",\"content\":\"Hi \\ud83d\"}}]}\n\n"
                + "data: {\"id\":\"c\",\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"\\ude00!\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"c\",\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";
        HttpServer live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        live.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                byte[] body = stream.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        live.start();
        try (TraceRecorder recorder = new TraceRecorder(trace);
             ChatClient client = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:" + live.getAddress().getPort()
                     + "/v1", MODEL)).recorder(recorder).build()) {
            assertThat(client.complete(ChatClientReplayTest.HELLO).content()).isEqualTo("Hi \uD83D\uDE00!");
        } finally {
            live.stop(0);
        }
        TraceEntry recorded = TraceReader.read(trace).get(0);
        assertThat(recorded.chunks()).extracting(c -> c.data().path("choices").path(0).path("delta").path("content")
                .asText()).startsWith("Hi \uD83D", "\uDE00!");

        try (ReplayServer replay = ReplayServer.builder(trace).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(replay.baseUrl().toString(), MODEL)).build()) {
            assertThat(client.complete(ChatClientReplayTest.HELLO).content()).isEqualTo("Hi \uD83D\uDE00!");
        }
    }
}
