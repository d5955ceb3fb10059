package dev.specagent.cli.llm;

import dev.specagent.cli.CliTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A replay trace that cannot answer anything (empty) or has a wrongly typed field is bad input for every
 * command that replays one: exit 2 and a message naming the file (and line), before any model is called.
 * So is a trace to record that cannot be written: the message names the option too. One that fails mid-run
 * keeps the run's results, then names the option, the file and the entries lost, and exits 2.
 */
class BadTraceCliTest {

    @Test
    void anEmptyReplayTraceIsBadInputNotAFailedRun(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        var demo = CliTestSupport.run("llm-demo", "--replay", empty.toString(), "--replay-speed", "0");
        assertThat(demo.exitCode()).as(demo.err()).isEqualTo(2);
        assertThat(demo.err()).contains("empty.jsonl").contains("no completed entry").doesNotContain("Exception");
        var serve = CliTestSupport.run("serve-replay", empty.toString(), "--port", "0", "--for", "1");
        assertThat(serve.exitCode()).as(serve.err()).isEqualTo(2);
        assertThat(serve.err()).contains("empty.jsonl").contains("no completed entry");
    }

    @Test
    void aWronglyTypedStatusNamesTheLineAndField(@TempDir Path dir) throws Exception {
        Path good = ServeReplayCommandTest.trace(dir);
        String line = Files.readString(good).strip();
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), line + "\n" + line.replace("\"status\":200",
                "\"status\":\"ok\"") + "\n");
        assertThat(Files.readString(bad)).contains("\"status\":\"ok\"");
        var r = CliTestSupport.run("serve-replay", bad.toString(), "--port", "0", "--for", "1");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("bad.jsonl:2").contains("\"status\"");
    }

    @Test
    void aTraceCutOffInItsLastLineSaysSoAndHowManyEntriesPrecedeIt(@TempDir Path dir) throws Exception {
        String line = Files.readString(ServeReplayCommandTest.trace(dir)).strip();
        Path cut = Files.writeString(dir.resolve("cut.jsonl"), line + "\n" + line.substring(0, line.length() / 2));
        var r = CliTestSupport.run("serve-replay", cut.toString(), "--port", "0", "--for", "1");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cut.jsonl:2: the last line is cut off").contains("replay the entry before it");
    }

    @Test
    void aLineCutOffInTheMiddleOfATraceNamesTheLineAndColumnWithoutJacksonsSourceBlock(@TempDir Path dir)
            throws Exception {
        String line = Files.readString(ServeReplayCommandTest.trace(dir)).strip();
        String status = "\"status\":200"; // cut after a whole value: Jackson then names the object's start marker
        Path cut = Files.writeString(dir.resolve("cut.jsonl"),
                line.substring(0, line.indexOf(status) + status.length()) + "\n" + line + "\n");
        var r = CliTestSupport.run("serve-replay", cut.toString(), "--port", "0", "--for", "1");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cut.jsonl:1: not valid JSON at line 1, column ")
                .doesNotContain("Source").doesNotContain("StreamReadFeature");
    }

    @Test
    void aBinaryTraceOrPriceFileIsNamedAsNotText(@TempDir Path dir) throws Exception {
        Path binary = Files.write(dir.resolve("binary.jsonl"), new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
        var serve = CliTestSupport.run("serve-replay", binary.toString(), "--port", "0", "--for", "1");
        assertThat(serve.exitCode()).as(serve.err()).isEqualTo(2);
        assertThat(serve.err()).contains("binary.jsonl:1: not UTF-8 text at byte 2 of the line")
                .doesNotContain("Input length");
        var prices = CliTestSupport.run("llm-demo", "--synthetic", "--replay-speed", "0", "--prices", binary.toString());
        assertThat(prices.exitCode()).as(prices.err()).isEqualTo(2);
        // read as bytes, as JSON allows them (a byte order mark, UTF-16): the parser names the byte that is no UTF-8
        assertThat(prices.err()).contains("binary.jsonl: not valid JSON at line 1, column 4: Invalid UTF-8 middle byte")
                .doesNotContain("Input length");
    }

    @Test
    void anAbsurdPriceNamesTheOptionFileModelAndField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), "{\"models\": {\"gpt-4o\": {\"input\": 1e300, \"output\": 1}}}");
        var r = CliTestSupport.run("llm-demo", "--synthetic", "--replay-speed", "0", "--prices", file.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("price file " + file + ": models.gpt-4o.input must be US dollars per "
                + "million tokens from 0 to 1000.0, got 1.0E300").doesNotContain("Exception");
    }

    @Test
    void anUnwritableRecordTraceNamesTheOption(@TempDir Path dir) {
        var demo = CliTestSupport.run("llm-demo", "--synthetic", "--replay-speed", "0", "--record", dir.toString());
        assertThat(demo.exitCode()).as(demo.err()).isEqualTo(2);
        assertThat(demo.err()).contains("--record: cannot write " + dir).doesNotContain("Exception");
        Path library = Path.of("..", "specagent-envs", "src", "test", "resources", "conversations", "library.json");
        var predict = CliTestSupport.run("predict-calls", "--conversations", library.toString(), "--speculator", "llm",
                "--llm-endpoint", "http://127.0.0.1:9/v1", "--llm-models", "m", "--llm-record", dir.toString());
        assertThat(predict.exitCode()).as(predict.err()).isEqualTo(2);
        assertThat(predict.err()).contains("--llm-record: cannot write " + dir).doesNotContain("Exception");
    }

    @Test
    void aRecordTraceThatFailsMidRunKeepsTheResultsThenNamesTheTraceAndExitsTwo() throws Exception {
        Path full = Path.of("/dev/full"); // opens, then refuses every write: "No space left on device"
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        var demo = CliTestSupport.run("llm-demo", "--synthetic", "--replay-speed", "0", "--record", full.toString(),
                "--json");
        assertThat(demo.exitCode()).as(demo.err()).isEqualTo(2);
        assertThat(demo.json().get("lossless").asBoolean()).isTrue();
        assertThat(demo.err()).containsPattern("specagent: --record: cannot write /dev/full: No space left on device "
                + "\\((\\d+) of \\1 entries not written; the trace is incomplete\\)").doesNotContain("Exception");

        Path library = Path.of("..", "specagent-envs", "src", "test", "resources", "conversations", "library.json");
        var predict = CliTestSupport.run("predict-calls", "--conversations", library.toString(), "--speculator", "llm",
                "--llm-endpoint", "http://127.0.0.1:9/v1", "--llm-models", "m", "--llm-record", full.toString(), "--json");
        assertThat(predict.exitCode()).as(predict.err()).isEqualTo(2);
        assertThat(predict.json().get("calls").asInt()).isPositive();
        assertThat(predict.err()).contains("specagent: --llm-record: cannot write /dev/full: No space left on device (")
                .doesNotContain("Exception");
    }
}
