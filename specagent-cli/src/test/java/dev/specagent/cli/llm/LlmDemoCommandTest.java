package dev.specagent.cli.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.cli.Main;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code specagent llm-demo} on its synthetic trace: lossless, with hits, and its cancels saved money. */
class LlmDemoCommandTest {

    @Test
    void syntheticRunIsLosslessHitsAndShowsCancelSavings(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        Path record = dir.resolve("demo.jsonl");
        int exit = cli.execute("llm-demo", "--synthetic", "--replay-speed", "0.3", "--record", record.toString(),
                "--json");
        assertThat(exit).as(err.toString()).isZero();
        JsonNode result = CanonicalJson.parse(out.toString().strip());
        assertThat(result.get("lossless").asBoolean()).isTrue();
        assertThat(result.get("answers").toString()).contains("London");
        // the two hits are answers asked on right guesses while the actor was still answering the question before
        // (algorithm1 opens a branch only while its parent call runs), which the sequential run never does. How much
        // faster that makes the run on a real clock is the figure the command prints, not an assertion: comparing
        // the two runs' wall times makes a test depend on the machine's load
        assertThat(result.path("speculative").path("hits").asLong()).isEqualTo(2);
        assertThat(result.path("sequential").path("hits").asLong()).isZero();
        assertThat(result.path("cancel_savings").path("cancelled_calls").asLong()).isEqualTo(1);
        assertThat(result.path("cancel_savings").path("saved_usd").asDouble()).isPositive();
        assertThat(record).exists();
    }

    @Test
    void aFailedSequentialRunKeepsTheAnswersItPaidFor(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("demo.jsonl");
        CommandLine quiet = Main.commandLine();
        quiet.setOut(new PrintWriter(new StringWriter(), true));
        quiet.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(quiet.execute("llm-demo", "--synthetic", "--replay-speed", "0", "--record", record.toString()))
                .isZero();
        Path firstOnly = dir.resolve("first.jsonl");
        Files.writeString(firstOnly, Files.readAllLines(record).getFirst() + "\n"); // the first answer only
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("llm-demo", "--replay", firstOnly.toString(), "--json")).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(err.toString()).contains("the sequential run failed after 1 answers");
        JsonNode result = CanonicalJson.parse(out.toString().strip());
        assertThat(result.get("answers")).hasSize(1);
        assertThat(result.get("error").asText()).contains("no response for this request");
    }

    /**
     * Models missing from the price table cost $0, which made a mistyped or new model look free without a word; a run
     * now prints one warning per such model on stderr, however many of its calls the run prices (13 here), and the
     * figures stay at $0. In a JVM of its own: the warning goes through the logger to the real stderr.
     */
    @Test
    void aModelWithoutAPriceIsWarnedOfOncePerRun() throws Exception {
        var r = CliTestSupport.runInChildJvm(Map.of(), "llm-demo", "--synthetic",
                "--replay-speed", "0", "--actor-model", "gpt-4.2-typo", "--speculator-model", "my-new-model");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("WARNING: ")).toList();
        assertThat(warnings).as(r.err()).containsExactlyInAnyOrder(
                "WARNING: " + unpriced("gpt-4.2-typo"), "WARNING: " + unpriced("my-new-model"));
        assertThat(r.out()).containsPattern("sequential +[0-9.]+ +0 +0\\.0000000 ").doesNotContain("WARNING");
    }

    private static String unpriced(String model) {
        return "model " + model + " has no price in the built-in price table (as of 2025-08-07), so its tokens cost $0 "
                + "in the figures; to price it, pass --prices FILE with {\"models\": {\"" + model + "\": {\"input\": "
                + "1.25, \"output\": 10}}} (US dollars per million tokens, 0 for a model you host; docs/llm.md, Prices)";
    }

    @Test
    void ensembleOfTwoSpeculatorModels() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("llm-demo", "--synthetic", "--replay-speed", "0.3", "--speculator-model",
                "gpt-4.1-nano, gpt-4o-mini", "--json");
        assertThat(exit).as(err.toString()).isZero();
        JsonNode result = CanonicalJson.parse(out.toString().strip());
        assertThat(result.get("lossless").asBoolean()).isTrue();
        assertThat(result.path("speculative").path("hits").asLong()).isEqualTo(2);
        assertThat(result.get("speculator_models").toString()).isEqualTo("[\"gpt-4.1-nano\",\"gpt-4o-mini\"]");
        // 5 sequential answers; then 3 actor answers, 2 hit branches and 3 proposals asked of both models
        // (13 with one speculator model); the cancelled branch is not served to the end
        assertThat(result.get("replay_served").asLong()).isEqualTo(16);
    }

    @Test
    void aHungSpeculatorModelIsCancelledAtTheDefaultMemberTimeoutSoTheOthersGuessesStillHit(@TempDir Path dir)
            throws Exception {
        // the synthetic trace at its recorded pace (actor 1.2 s to the first token, speculators 0.4 s), but
        // gpt-4o-mini's guesses take 30 s: the ensemble held every guess back until the actor had answered, when the
        // runner cancels the proposal, so no guess was ever used (0 hits)
        Path trace = dir.resolve("hung.jsonl");
        SyntheticChainTrace.write(trace, "gpt-4.1", List.of("gpt-4.1-nano", "gpt-4o-mini"), 1, LlmDemoCommand::speculator);
        List<String> lines = new ArrayList<>();
        int slowed = 0;
        for (String line : Files.readAllLines(trace)) {
            ObjectNode entry = (ObjectNode) CanonicalJson.parse(line);
            if (entry.path("request").path("model").asText().equals("gpt-4o-mini")) {
                entry.put("firstTokenMs", 30_000).put("totalMs", 30_000);
                slowed++;
            }
            lines.add(entry.toString());
        }
        assertThat(slowed).isEqualTo(5);
        Files.write(trace, lines);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("llm-demo", "--replay", trace.toString(), "--speculator-model", "gpt-4.1-nano,gpt-4o-mini",
                "--json");
        assertThat(exit).as(err.toString()).isZero();
        JsonNode result = CanonicalJson.parse(out.toString().strip());
        assertThat(result.get("lossless").asBoolean()).isTrue();
        assertThat(result.path("speculative").path("hits").asLong()).isEqualTo(2);
    }

    @Test
    void theRecordTraceMustNotBeThePriceFile(@TempDir Path dir) throws Exception {
        // every call appended to the price file spoiled it for the next run
        Path prices = Files.writeString(dir.resolve("prices.json"), "{\"models\": {}}");
        var r = CliTestSupport.run("llm-demo", "--synthetic", "--replay-speed", "0", "--prices", prices.toString(),
                "--record", prices.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--record must not be the --prices file: " + prices);
        assertThat(Files.readString(prices)).isEqualTo("{\"models\": {}}");
    }

    @Test
    void badOptions() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("llm-demo", "--synthetic", "--k", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--k");
        for (String bad : List.of("-1", "NaN", "Infinity", "2e6")) {
            assertThat(cli.execute("llm-demo", "--synthetic", "--member-timeout", bad)).isEqualTo(2);
            assertThat(err.toString()).contains("--member-timeout must be 0 (wait for every model) to 1000000.0 seconds, "
                    + "not " + Double.parseDouble(bad));
        }
        assertThat(cli.execute("llm-demo", "--synthetic", "--member-timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--member-timeout");
        Path trace = Files.createTempFile("t", ".jsonl");
        assertThat(cli.execute("llm-demo", "--synthetic", "--replay", trace.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--synthetic and --replay");
        Files.delete(trace);
        assertThat(cli.execute("llm-demo", "--synthetic", "--speculator-model", "a,,b")).isEqualTo(2);
        assertThat(err.toString()).contains("--speculator-model has an empty name");
        assertThat(cli.execute("llm-demo", "--synthetic", "--speculator-model", ",")).isEqualTo(2);
        assertThat(cli.execute("dsp", "live", "--tasks", "1", "--speculator-model", "a,b")).isEqualTo(2);
        assertThat(err.toString()).contains("this command asks one speculator model");
        // a link to the replayed trace is that trace: recording into it would grow what is being replayed
        Path replayed = Files.createTempFile("replayed", ".jsonl");
        Path link = replayed.resolveSibling(replayed.getFileName() + ".link");
        Files.createSymbolicLink(link, replayed);
        try {
            assertThat(cli.execute("llm-demo", "--replay", replayed.toString(), "--record", link.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("--record must not be the --replay trace itself");
        } finally {
            Files.delete(link);
            Files.delete(replayed);
        }
    }
}
