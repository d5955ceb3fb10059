package dev.specagent.envs.retail.conversations;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.DataFlowSpeculator;
import dev.specagent.envs.retail.speculate.PredictionReplay;
import dev.specagent.envs.retail.speculate.PredictionTally;
import dev.specagent.envs.retail.speculate.ScoredCall;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading OpenAI-format conversations: both layouts, outputs attached by call id, clear errors. */
class ConversationReaderTest {

    static Path fixture(String name) throws Exception {
        return Path.of(ConversationReaderTest.class.getResource("/conversations/" + name).toURI());
    }

    @Test
    void readsTheTrajectoryArrayAndTheJsonlLayoutAlike() throws Exception {
        List<Transcript> array = ConversationReader.read(fixture("library.json"));
        List<Transcript> lines = ConversationReader.read(fixture("library.jsonl"));
        assertThat(array).hasSize(4);
        assertThat(array.stream().mapToInt(t -> t.calls().size()).sum()).isEqualTo(24);
        for (int i = 0; i < array.size(); i++) {
            assertThat(lines.get(i).calls()).isEqualTo(array.get(i).calls());
        }
        var first = array.getFirst().calls().getFirst();
        assertThat(first.name()).isEqualTo("lookup_member");
        assertThat(first.kwargs().path("email").asText()).isEqualTo("ada.lovelace@example.org");
        assertThat(first.output()).isEqualTo("mem_ada_101");
        assertThat(array.getFirst().entries().getFirst().role()).isEqualTo("system");
    }

    @Test
    void malformedInputIsNamedByFileLineAndField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"messages\": []}\n{not json}\n");
        assertThatThrownBy(() -> ConversationReader.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.jsonl:2").hasMessageContaining("not valid JSON");
        Path noName = dir.resolve("noname.json");
        Files.writeString(noName, "[{\"traj\": [{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"1\", "
                + "\"function\": {\"arguments\": \"{}\"}}]}]}]");
        assertThatThrownBy(() -> ConversationReader.read(noName)).hasMessageContaining("function.name")
                .hasMessageContaining("conversation 0, message 0");
        Path badArgs = dir.resolve("args.json");
        Files.writeString(badArgs, "[[{\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\": \"f\", "
                + "\"arguments\": \"[1]\"}}]}]]");
        assertThatThrownBy(() -> ConversationReader.read(badArgs)).hasMessageContaining("must be a JSON object");
    }

    @Test
    void aFileSavedWithAByteOrderMarkReadsAsWithout(@TempDir Path dir) throws Exception {
        // an editor's UTF-8 byte order mark made both layouts bad input: "not valid JSON at line 1, column 2:
        // Unexpected character ('\uFEFF' ...)", exit 2 on a file every JSON tool reads
        List<Transcript> expected = ConversationReader.read(fixture("library.json"));
        for (String name : List.of("library.json", "library.jsonl")) {
            Path file = Files.writeString(dir.resolve(name), "\uFEFF" + Files.readString(fixture(name)));
            List<Transcript> read = ConversationReader.read(file);
            assertThat(read).as(name).hasSize(expected.size());
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).entries()).as(name).isEqualTo(expected.get(i).entries());
            }
        }
        // a mark anywhere else is still no JSON, named by its line
        Path inside = Files.writeString(dir.resolve("inside.jsonl"), "[]\n\uFEFF[]\n");
        assertThatThrownBy(() -> ConversationReader.read(inside)).hasMessageContaining("inside.jsonl:2: not valid JSON");
    }

    /**
     * Files as other tools write them read as the canonical ones: {@code jq .} prints one value over many lines (was
     * "line 1: Unexpected end-of-input"), a classic Mac or a converter ends lines with CR alone (was "line 1: a second
     * JSON value follows the first"), Windows PowerShell's {@code >} writes UTF-16 with a byte order mark (was "not
     * UTF-8 text (a binary file?)").
     */
    @Test
    void filesAsOtherToolsWriteThemReadAsTheCanonicalOnes(@TempDir Path dir) throws Exception {
        List<Transcript> expected = ConversationReader.read(fixture("library.jsonl"));
        String jsonl = Files.readString(fixture("library.jsonl"));
        String array = Files.readString(fixture("library.json"));
        StringBuilder pretty = new StringBuilder();
        for (String line : jsonl.split("\n")) {
            if (!line.isBlank()) {
                pretty.append(CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(CanonicalJson.MAPPER.readTree(line))).append('\n');
            }
        }
        Map<String, byte[]> variants = new LinkedHashMap<>();
        variants.put("jq.json", pretty.toString().getBytes(StandardCharsets.UTF_8));
        variants.put("jq-crlf.json", pretty.toString().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        variants.put("cr.jsonl", jsonl.replace("\n", "\r").getBytes(StandardCharsets.UTF_8));
        variants.put("crlf.jsonl", jsonl.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        variants.put("powershell.jsonl", ("\uFEFF" + jsonl.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_16LE));
        variants.put("utf16be.json", ("\uFEFF" + array).getBytes(StandardCharsets.UTF_16BE));
        variants.put("utf16le.json", ("\uFEFF" + array).getBytes(StandardCharsets.UTF_16LE));
        variants.put("cr.json", array.replace("\n", "\r").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> variant : variants.entrySet()) {
            Path file = Files.write(dir.resolve(variant.getKey()), variant.getValue());
            List<Transcript> read = ConversationReader.read(file);
            assertThat(read).as(variant.getKey()).hasSize(expected.size());
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).entries()).as(variant.getKey()).isEqualTo(expected.get(i).entries());
            }
        }
        // a value cut short is still named by the line it starts on, in whichever layout
        Path cut = Files.writeString(dir.resolve("cut.json"), pretty.substring(0, pretty.length() - 4));
        assertThatThrownBy(() -> ConversationReader.read(cut)).hasMessageMatching("(?s).*cut\\.json:\\d+: not valid "
                + "JSON at line \\d+, column \\d+: Unexpected end-of-input.*");
    }

    /** A gzip file ({@code .jsonl.gz}, as data sets ship) was "not UTF-8 text (a binary file?)"; one cut short is named. */
    @Test
    void aGzipFileReadsAsTheFileItCompresses(@TempDir Path dir) throws Exception {
        List<Transcript> expected = ConversationReader.read(fixture("library.jsonl"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(Files.readAllBytes(fixture("library.jsonl")));
        }
        Path file = Files.write(dir.resolve("library.jsonl.gz"), bytes.toByteArray());
        List<Transcript> read = ConversationReader.read(file);
        assertThat(read).hasSize(expected.size());
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).entries()).isEqualTo(expected.get(i).entries());
        }
        Path cut = Files.write(dir.resolve("cut.jsonl.gz"), Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));
        assertThatThrownBy(() -> ConversationReader.read(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read " + cut + ": ");
        Path descriptors = Path.of("/proc/self/fd");
        if (Files.isDirectory(descriptors)) { // a file cut short leaves no descriptor open, however early it fails
            long before;
            try (var open = Files.list(descriptors)) {
                before = open.count();
            }
            for (int i = 0; i < 50; i++) {
                assertThatThrownBy(() -> ConversationReader.read(cut)).isInstanceOf(IllegalArgumentException.class);
            }
            try (var open = Files.list(descriptors)) {
                assertThat(open.count()).isLessThan(before + 10);
            }
        }
    }

    /**
     * A conversation exported in Anthropic's format (or the Responses API's) holds its calls and outputs as content
     * parts; they were read as parts without text, so predict-calls counted no call in it and printed an accuracy over
     * the other conversations alone. Each is an error naming the message and part.
     */
    @Test
    void callsHeldAsContentPartsOfAnotherFormatAreAnErrorNotDropped(@TempDir Path dir) throws Exception {
        String[][] parts = {
                {"assistant", "{\"type\": \"text\", \"text\": \"Looking it up\"}, {\"type\": \"tool_use\", \"id\": "
                        + "\"t1\", \"name\": \"get_order\", \"input\": {\"order_id\": \"#W1\"}}", "content[1]' is a 'tool_use' part"},
                {"user", "{\"type\": \"tool_result\", \"tool_use_id\": \"t1\", \"content\": \"shipped\"}",
                        "content[0]' is a 'tool_result' part"},
                {"assistant", "{\"type\": \"function_call\", \"call_id\": \"c\", \"name\": \"f\", \"arguments\": \"{}\"}",
                        "content[0]' is a 'function_call' part"}};
        for (int i = 0; i < parts.length; i++) {
            Path file = Files.writeString(dir.resolve("parts" + i + ".jsonl"), "[{\"role\": \"user\", \"content\": "
                    + "\"where is #W1?\"}, {\"role\": \"" + parts[i][0] + "\", \"content\": [" + parts[i][1] + "]}]\n");
            assertThatThrownBy(() -> ConversationReader.read(file)).as(parts[i][1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parts" + i + ".jsonl: conversation 0, message 1: '" + parts[i][2]);
        }
        Path image = Files.writeString(dir.resolve("image.jsonl"), "[{\"role\": \"user\", \"content\": [{\"type\": "
                + "\"image_url\", \"image_url\": {\"url\": \"x\"}}, {\"type\": \"text\", \"text\": \"hi\"}]}]\n");
        assertThat(ConversationReader.read(image).getFirst().entries().getFirst().text()).isEqualTo("hi");
    }

    /** Characters beyond the Basic Multilingual Plane, spelled raw or escaped, in any encoding, are one value. */
    @Test
    void anEmojiReadsWholeHoweverItIsSpelled(@TempDir Path dir) throws Exception {
        String raw = "[{\"role\": \"user\", \"content\": \"caf\u00e9 \uD83D\uDE00\"}, {\"role\": \"assistant\", "
                + "\"tool_calls\": [{\"id\": \"1\", \"function\": {\"name\": \"note\", \"arguments\": "
                + "\"{\\\"text\\\": \\\"\uD83D\uDE00\\\"}\"}}]}, " + output("1", "ok") + "]\n";
        String escaped = raw.replace("\u00e9", "\\u00e9").replace("\uD83D\uDE00\\\"", "\\\\ud83d\\\\ude00\\\"")
                .replace("\uD83D\uDE00", "\\ud83d\\ude00");
        List<List<Transcript.Entry>> read = new ArrayList<>();
        for (byte[] bytes : List.of(raw.getBytes(StandardCharsets.UTF_8), escaped.getBytes(StandardCharsets.UTF_8),
                ("\uFEFF" + raw).getBytes(StandardCharsets.UTF_16LE), raw.repeat(2).getBytes(StandardCharsets.UTF_8))) {
            Path file = Files.write(dir.resolve("emoji" + read.size() + ".jsonl"), bytes);
            read.add(ConversationReader.read(file).getFirst().entries());
        }
        assertThat(read).allSatisfy(entries -> assertThat(entries).isEqualTo(read.getFirst()));
        assertThat(read.getFirst().getFirst().text()).isEqualTo("caf\u00e9 \uD83D\uDE00");
        assertThat(read.getFirst().get(1).call().kwargs().get("text").textValue()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void jsonlOfBareMessageArraysReadsEveryLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bare.jsonl");
        String call = "[{\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": \"{}\"}}]}]";
        Files.writeString(file, call + "\n" + call + "\n\n" + call + "\n");
        assertThat(ConversationReader.read(file)).hasSize(3);
        Path oneLine = Files.writeString(dir.resolve("one.json"), "[" + call + ", " + call + "]\n");
        assertThat(ConversationReader.read(oneLine)).hasSize(2);
    }

    @Test
    void wronglyTypedToolCallsAreAnErrorNotSilentlyDropped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        Files.writeString(file, "[{\"role\": \"user\", \"content\": \"hi\"}]\n"
                + "[{\"role\": \"assistant\", \"tool_calls\": {\"function\": {\"name\": \"f\"}}}]\n");
        assertThatThrownBy(() -> ConversationReader.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calls.jsonl:2, message 0").hasMessageContaining("'tool_calls' must be an array");
    }

    /**
     * Defects that were read past silently, dropping what the calls after them were chosen with: a tool message
     * answering no call (its output was lost), content that is neither text nor parts (the customer's words were
     * lost), a legacy {@code function_call} that is not an object (the call was lost), an unknown role.
     */
    @Test
    void messagesThatWouldBeSilentlyDroppedAreErrorsNamingTheMessage(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {output("x", "orphan") + ", " + call("f"), "message 0: a tool message that answers no call: its "
                        + "'tool_call_id' 'x' matches no unanswered call"},
                {call("f") + ", " + output("other", "lost"), "message 1: a tool message that answers no call"},
                {call("f") + ", " + output("x", "one") + ", " + output("x", "two"), "message 2: a tool message that "
                        + "answers no call"},
                {"{\"role\": \"user\", \"content\": {\"text\": \"hi\"}}, " + call("f"),
                        "message 0: 'content' must be a string, an array of content parts or null, got object"},
                {call("f") + ", {\"role\": \"tool\", \"tool_call_id\": \"x\", \"content\": 5}",
                        "message 1: 'content' must be a string, an array of content parts or null, got number"},
                {"{\"role\": \"assistant\", \"function_call\": [\"f\"]}", "message 0: 'function_call' must be an "
                        + "object, got array"},
                {"{\"role\": \"wizard\", \"content\": \"hi\"}, " + call("f"), "message 0: unknown role 'wizard'; "
                        + "expected system, developer, user, assistant, tool or function"}};
        for (int i = 0; i < cases.length; i++) {
            Path file = Files.writeString(dir.resolve("case" + i + ".jsonl"), "[" + call("g") + ", "
                    + output("x", "fine") + "]\n[" + cases[i][0] + "]\n");
            assertThatThrownBy(() -> ConversationReader.read(file, problem -> { })).as(cases[i][0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("case" + i + ".jsonl:2, " + cases[i][1]);
        }
        Path fine = Files.writeString(dir.resolve("fine.jsonl"), "[{\"role\": \"developer\", \"content\": null}, "
                + "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"hi\"}]}, " + call("f")
                + ", " + output("x", "out") + ", {\"role\": \"assistant\", \"content\": \"done\", \"function_call\": null}]\n");
        assertThat(ConversationReader.read(fine).getFirst().calls()).extracting(ToolCallRecord::output)
                .containsExactly("out");
    }

    @Test
    void aMalformedJsonArrayFileNamesTheLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cut.json");
        Files.writeString(file, "\n[\n  {\"traj\": []},\n  {\"traj\": [\n");
        assertThatThrownBy(() -> ConversationReader.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut.json").hasMessageMatching("(?s).*not valid JSON at line [45], column \\d+.*");
    }

    @Test
    void aCallWithMalformedArgumentsCanBeKeptAsUnparsedAndReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("truncated.json");
        Files.writeString(file, "[[{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"a\", \"function\": "
                + "{\"name\": \"f\", \"arguments\": \"{\\\"x\\\": 1\"}}]}, {\"role\": \"tool\", \"tool_call_id\": \"a\", "
                + "\"content\": \"done\"}]]");
        List<String> problems = new ArrayList<>();
        var call = ConversationReader.read(file, problems::add).getFirst().calls().getFirst();
        assertThat(call.hasUnparsedArguments()).isTrue();
        assertThat(call.kwargs().get(ToolCallRecord.UNPARSED_ARGUMENTS).asText()).isEqualTo("{\"x\": 1");
        assertThat(call.output()).isEqualTo("done");
        assertThat(problems).singleElement().asString().contains("conversation 0, message 0, tool_calls[0]");
        assertThatThrownBy(() -> ConversationReader.read(file)).hasMessageContaining("function.arguments");
    }

    /** Recorded models reuse call ids (τ-bench's gpt-4o airline run gives two different calls the same id). */
    @Test
    void aReusedCallIdPairsEachCallWithTheOutputThatFollowsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reused.json");
        Files.writeString(file, "[{\"traj\": ["
                + call("direct") + ", " + output("x", "two direct flights") + ", "
                + call("onestop") + ", " + output("x", "one-stop flights") + "]}]");
        List<ToolCallRecord> calls = ConversationReader.read(file).getFirst().calls();
        assertThat(calls).extracting(ToolCallRecord::output).containsExactly("two direct flights", "one-stop flights");
    }

    /**
     * Seeded random conversations: each assistant message makes one to three calls with distinct ids drawn from a
     * pool of four (so ids recur across messages), and their tool messages follow in shuffled order. Every call
     * must get its own output.
     */
    @Test
    void everyCallGetsItsOwnOutputWhateverTheIdReuseAndOrder(@TempDir Path dir) throws Exception {
        for (long seed = 1; seed <= 200; seed++) {
            Random r = new Random(seed);
            StringBuilder traj = new StringBuilder("[{\"traj\": [");
            List<String> expected = new ArrayList<>();
            int blocks = 1 + r.nextInt(6);
            for (int b = 0; b < blocks; b++) {
                List<String> ids = new ArrayList<>(List.of("a", "b", "c", "d"));
                Collections.shuffle(ids, r);
                List<String> calls = new ArrayList<>();
                List<String> outputs = new ArrayList<>();
                for (int c = 0, n = 1 + r.nextInt(3); c < n; c++) {
                    String output = "out-" + b + "-" + c;
                    calls.add("{\"id\": \"" + ids.get(c) + "\", \"function\": {\"name\": \"f\", \"arguments\": \"{}\"}}");
                    outputs.add(output("" + ids.get(c), output));
                    expected.add(output);
                }
                Collections.shuffle(outputs, r);
                traj.append(b == 0 ? "" : ", ").append("{\"role\": \"assistant\", \"tool_calls\": [")
                        .append(String.join(", ", calls)).append("]}, ").append(String.join(", ", outputs));
            }
            Path file = Files.writeString(dir.resolve("random-" + seed + ".json"), traj.append("]}]").toString());
            assertThat(ConversationReader.read(file).getFirst().calls()).as("seed %d", seed)
                    .extracting(ToolCallRecord::output).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theLegacyFunctionCallFormatIsReadToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("legacy.jsonl");
        Files.writeString(file, "[{\"role\": \"user\", \"content\": \"weather in Oslo?\"}, {\"role\": \"assistant\", "
                + "\"content\": null, \"function_call\": {\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": "
                + "\\\"Oslo\\\"}\"}}, {\"role\": \"function\", \"name\": \"get_weather\", \"content\": \"rain\"}]\n");
        List<ToolCallRecord> calls = ConversationReader.read(file).getFirst().calls();
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(c.kwargs().path("city").asText()).isEqualTo("Oslo");
            assertThat(c.output()).isEqualTo("rain");
        });
    }

    @Test
    void legacyCallsAreReadWhenToolCallsIsNullAsModelDumpWritesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dump.jsonl");
        Files.writeString(file, "[{\"role\": \"assistant\", \"content\": null, \"tool_calls\": null, "
                + "\"function_call\": {\"name\": \"get_weather\", \"arguments\": \"{}\"}}]\n");
        assertThat(ConversationReader.read(file).getFirst().calls()).extracting(ToolCallRecord::name)
                .containsExactly("get_weather");
    }

    /**
     * A legacy {@code function_call} beside an empty {@code tool_calls} array (as some recorders write a message
     * without tool calls) is the message's call; it was dropped silently, so the call and its output were lost.
     */
    @Test
    void legacyCallsAreReadWhenToolCallsIsAnEmptyArray(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty-tool-calls.jsonl");
        Files.writeString(file, "[{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [], "
                + "\"function_call\": {\"name\": \"get_weather\", \"arguments\": \"{}\"}}, "
                + "{\"role\": \"function\", \"name\": \"get_weather\", \"content\": \"rain\"}]\n");
        assertThat(ConversationReader.read(file).getFirst().calls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(c.output()).isEqualTo("rain");
        });
    }

    /**
     * Content parts whose words cannot be read (a bare string or number among the parts, a {@code text} that is not
     * a string) were read as no text, silently dropping the customer's words; they are errors naming the message and
     * the part. Parts without text (an image) still add nothing.
     */
    @Test
    void contentPartsWithoutReadableTextAreErrorsNamingThePart(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"[\"Hi, I am u_1.\"]", "message 0: 'content[0]' must be a content part object, got string"},
                {"[{\"type\": \"text\", \"text\": \"Hi\"}, 5]",
                        "message 0: 'content[1]' must be a content part object, got number"},
                {"[{\"type\": \"text\", \"text\": {\"value\": \"Hi\"}}]",
                        "message 0: 'content[0].text' must be a string, got object"},
                {"[{\"type\": \"text\", \"text\": 7}]", "message 0: 'content[0].text' must be a string, got number"}};
        for (int i = 0; i < cases.length; i++) {
            Path file = Files.writeString(dir.resolve("parts" + i + ".jsonl"), "[" + call("g") + ", "
                    + output("x", "fine") + "]\n[{\"role\": \"user\", \"content\": " + cases[i][0] + "}, " + call("f")
                    + "]\n");
            assertThatThrownBy(() -> ConversationReader.read(file)).as(cases[i][0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parts" + i + ".jsonl:2, " + cases[i][1]);
        }
        Path tool = Files.writeString(dir.resolve("tool.json"), "[[" + call("f") + ", {\"role\": \"tool\", "
                + "\"tool_call_id\": \"x\", \"content\": [\"out\"]}]]");
        assertThatThrownBy(() -> ConversationReader.read(tool)).hasMessageContaining("tool.json: conversation 0, "
                + "message 1: 'content[0]' must be a content part object, got string");
        Path image = Files.writeString(dir.resolve("image.jsonl"), "[{\"role\": \"user\", \"content\": "
                + "[{\"type\": \"image_url\", \"image_url\": {\"url\": \"u\"}}, {\"type\": \"text\", "
                + "\"text\": \"this one\"}]}, " + call("f") + "]\n");
        assertThat(ConversationReader.read(image).getFirst().entries().getFirst().text()).isEqualTo("this one");
    }

    /**
     * A recorded argument beyond the double range ({@code 1e400}, infinity to Python's json) stopped predict-calls with
     * "NumberFormatException: Infinite or NaN", naming no file or line; the call is predicted and learned from like any.
     */
    @Test
    void anArgumentBeyondTheDoubleRangeIsReadAndPredictedAsPythonReadsIt(@TempDir Path dir) throws Exception {
        String conversation = "[{\"role\": \"user\", \"content\": \"order #W1\"}, {\"role\": \"assistant\", "
                + "\"content\": null, \"tool_calls\": [{\"id\": \"a\", \"function\": {\"name\": \"get_order_details\", "
                + "\"arguments\": \"{\\\"order_id\\\": %s}\"}}]}, {\"role\": \"tool\", \"tool_call_id\": \"a\", "
                + "\"content\": \"Error: order not found\"}]\n";
        Path file = Files.writeString(dir.resolve("inf.jsonl"), conversation.formatted("1e400")
                + conversation.formatted("-1e400") + conversation.formatted("\\\"#W1\\\""));
        List<Transcript> read = ConversationReader.read(file);
        assertThat(read.getFirst().calls().getFirst().kwargs().get("order_id").doubleValue())
                .isEqualTo(Double.POSITIVE_INFINITY);
        PredictionTally tally = PredictionReplay.run(read, DataFlowSpeculator.untrained(), 3, true);
        assertThat(tally.calls()).isEqualTo(3);
        assertThat(tally.conversations()).isEqualTo(3);
    }

    @Test
    void anAssistantsTextComesAfterTheCallsItWasWrittenWith(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("text.jsonl");
        Files.writeString(file, "[{\"role\": \"user\", \"content\": \"where is my order?\"}, {\"role\": "
                + "\"assistant\", \"content\": \"Let me look up #W7\", \"tool_calls\": [{\"id\": \"a\", "
                + "\"function\": {\"name\": \"get_order\", \"arguments\": \"{\\\"order_id\\\": \\\"#W7\\\"}\"}}]}, "
                + output("a", "shipped") + "]\n");
        List<Transcript.Entry> entries = ConversationReader.read(file).getFirst().entries();
        assertThat(entries).extracting(Transcript.Entry::role).containsExactly("user", "tool", "assistant");
        assertThat(entries.get(1).call().name()).isEqualTo("get_order");
    }

    @Test
    void aCallWithoutAnOutputNeverTakesALaterCallsOutput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("later.jsonl");
        Files.writeString(file, "[" + call("think") + ", " + call("get_order") + ", " + output("x", "order") + "]\n");
        List<ToolCallRecord> calls = ConversationReader.read(file).getFirst().calls();
        assertThat(calls).extracting(ToolCallRecord::output).containsExactly(null, "order");
    }

    @Test
    void textAfterAJsonValueIsReadOrAnErrorNeverSilentlyDropped(@TempDir Path dir) throws Exception {
        // two values on one line (`cat a.jsonl b.jsonl` when a.jsonl has no final newline): both are read
        Path file = dir.resolve("two.jsonl");
        Files.writeString(file, "[" + call("a") + "]\n[" + call("b") + "] [" + call("c") + "]\n");
        assertThat(ConversationReader.read(file)).extracting(t -> t.calls().getFirst().name())
                .containsExactly("a", "b", "c");
        Path junk = Files.writeString(dir.resolve("junk.jsonl"), "[" + call("a") + "]\n[" + call("b") + "] junk\n");
        assertThatThrownBy(() -> ConversationReader.read(junk)).hasMessageContaining("junk.jsonl:2: not valid JSON at "
                + "line 2, column ");
        Path args = dir.resolve("args.jsonl");
        Files.writeString(args, "[{\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\": \"f\", "
                + "\"arguments\": \"{\\\"a\\\": 1}{\\\"a\\\": 2}\"}}]}]\n");
        List<String> malformed = new ArrayList<>();
        assertThat(ConversationReader.read(args, malformed::add).getFirst().calls().getFirst().hasUnparsedArguments())
                .isTrue();
        assertThat(malformed).hasSize(1);
    }

    @Test
    void callsMadeTogetherArePredictedWithoutEachOthersOutputs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("parallel.jsonl");
        Files.writeString(file, "[{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"1\", \"function\": "
                + "{\"name\": \"get_user\", \"arguments\": \"{}\"}}, {\"id\": \"2\", \"function\": {\"name\": "
                + "\"get_orders\", \"arguments\": \"{}\"}}]}, " + output("1", "user") + ", " + output("2", "orders")
                + ", " + call("next") + "]\n");
        List<List<String>> seen = new ArrayList<>();
        CallSpeculator recorder = new CallSpeculator() {
            @Override
            public List<ScoredCall> propose(Transcript soFar, int k) {
                seen.add(soFar.calls().stream().map(c -> c.name() + "=" + c.output()).toList());
                return List.of();
            }

            @Override
            public String name() {
                return "recorder";
            }
        };
        PredictionReplay.run(ConversationReader.read(file), recorder, 1, false);
        assertThat(seen).containsExactly(List.of(), List.of("get_user=null"),
                List.of("get_user=user", "get_orders=orders"));
    }

    private static String call(String name) {
        return "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"x\", \"type\": \"function\", "
                + "\"function\": {\"name\": \"" + name + "\", \"arguments\": \"{}\"}}]}";
    }

    private static String output(String id, String content) {
        return "{\"role\": \"tool\", \"tool_call_id\": \"" + id + "\", \"content\": \"" + content + "\"}";
    }

    /**
     * Content given as parts is the parts' text joined; a call without {@code arguments} has none (an empty
     * object); a file holding an empty array has no conversations (not an error of the reader: the command says so).
     */
    @Test
    void contentPartsAreJoinedAMissingArgumentsFieldIsNoArgumentsAndAnEmptyArrayHasNoConversations(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("parts.json");
        Files.writeString(file, "[[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Hi, \"}, "
                + "{\"type\": \"text\", \"text\": \"I am u_1.\"}]}, {\"role\": \"assistant\", \"content\": null, "
                + "\"tool_calls\": [{\"id\": \"c1\", \"function\": {\"name\": \"list_all\"}}]}, "
                + "{\"role\": \"tool\", \"tool_call_id\": \"c1\", \"content\": [{\"type\": \"text\", \"text\": \"[]\"}]}]]");
        Transcript t = ConversationReader.read(file).getFirst();
        assertThat(t.entries().getFirst().text()).isEqualTo("Hi, I am u_1.");
        assertThat(t.calls()).singleElement().satisfies(c -> {
            assertThat(c.kwargs().isEmpty()).isTrue();
            assertThat(c.hasUnparsedArguments()).isFalse();
            assertThat(c.output()).isEqualTo("[]");
        });
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "[]\n");
        assertThat(ConversationReader.read(empty)).isEmpty();
    }
}
