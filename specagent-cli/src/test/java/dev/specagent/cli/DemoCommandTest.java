package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.chess.replay.ChessReplay;
import dev.specagent.envs.chess.uci.EnginePool;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole demo once (about 15 s here): rows from every part that can run on this machine,
 * all lossless, the report written and naming every part, nothing but one JSON object on stdout.
 */
class DemoCommandTest {

    @Test
    void demoRunsEveryAvailablePartLosslesslyAndWritesTheReport() throws Exception {
        var r = DemoRun.result();
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = CanonicalJson.parse(r.out());
        JsonNode rows = o.get("rows");
        for (JsonNode row : rows) {
            assertThat(row.get("lossless").isBoolean() && row.get("lossless").booleanValue()).as(row.toString()).isTrue();
            assertThat(row.get("hit_rate").doubleValue()).as(row.toString()).isBetween(0.0, 1.0);
        }
        List<String> keys = new ArrayList<>();
        rows.forEach(row -> keys.add(row.get("environment").asText() + " " + row.get("policy").asText() + " "
                + row.get("mode").asText()));
        assertThat(keys).contains("synthetic algorithm1 simulated", "synthetic chained simulated", "synthetic adaptive simulated");
        List<String> parts = new ArrayList<>();
        o.get("parts").forEach(p -> parts.add(p.asText()));
        assertThat(parts).contains("synthetic", "ostune");
        if (EnginePool.stockfishAvailable()) {
            assertThat(keys).contains("chess algorithm1 live", "chess algorithm1 remote-est");
            assertThat(parts).contains("chess live");
        } else {
            assertThat(o.get("skipped").toString()).contains("Stockfish");
        }
        if (DataDirectory.find().map(d -> Files.isDirectory(d.resolve("chess"))).orElse(false)) {
            assertThat(keys).contains("chess algorithm1 replay", "chess chained replay");
            // The recorded games' figures, as docs/chess.md measures them for T = 30, k = 3 (total times of the three games).
            rows.forEach(row -> {
                if (row.get("mode").asText().equals("replay") && row.get("environment").asText().equals("chess")) {
                    assertThat(row.get("saved_pct").doubleValue()).as(row.toString())
                            .isBetween(row.get("policy").asText().equals("chained") ? 40.0 : 15.0,
                                    row.get("policy").asText().equals("chained") ? 48.0 : 21.0);
                }
            });
        }
        String notes = o.get("notes").toString();
        assertThat(notes).contains("ostune").contains("actor + speculator");
        if (parts.contains("chess replay")) {
            // The rows sum the games' times; the note gives the mean of what 'replay chess' prints for each game.
            List<Path> games;
            try (var dirs = Files.list(DataDirectory.find().orElseThrow().resolve("chess"))) {
                games = dirs.filter(d -> Files.isRegularFile(d.resolve("steps_info_gpt_5_2025_08_07_guess_3.json")))
                        .sorted().toList();
            }
            for (String policy : List.of("algorithm1", "chained")) {
                double saved = 0;
                double extra = 0;
                for (Path game : games) {
                    var f = ChessReplay.replayGame(game, 3, 30, policy, Integer.MAX_VALUE)
                            .figures();
                    saved += f.savedPct();
                    extra += 100 * f.unnecessaryCostUsd() / f.sequentialCostUsd();
                }
                assertThat(notes).contains("summed times and costs").contains(String.format("%s %.1f%% / %+.0f%%",
                        policy, saved / games.size(), extra / games.size()));
            }
        }
        if (parts.contains("dsp")) {
            assertThat(notes).containsPattern("hit rate = accepted drafts / steps \\(\\d+ of \\d+\\)");
        }
        if (parts.contains("hotpotqa")) {
            assertThat(notes).containsPattern("top-1 \\d+ of \\d+ steps");
        }
        assertThat(o.get("report").asText()).endsWith("demo-test.html");
        String html = Files.readString(DemoRun.REPORT);
        for (String part : parts) {
            assertThat(html).as("the report names part " + part).containsIgnoringCase(part.split(" ")[0]);
        }
        if (parts.contains("hotpotqa")) {
            assertThat(keys).contains("hotpotqa top-1 guesses replay");
            rows.forEach(row -> {
                if (row.get("environment").asText().equals("hotpotqa")) {
                    assertThat(row.get("saved_pct").isNull()).as("no time claimed: " + row).isTrue();
                }
            });
            assertThat(html).contains("HotpotQA");
        }
        assertThat(html).contains("OS tuning").contains("Parts");
        if (parts.contains("chess live")) {
            assertThat(html).contains("Live game");
        }
        if (parts.contains("chess replay")) {
            assertThat(html).contains("Recorded game");
        }
        if (parts.contains("dsp")) {
            assertThat(html).contains("Time–cost frontier");
            assertThat(keys).anyMatch(k -> k.startsWith("dsp dyn-") && k.endsWith(" replay"));
        }
        if (DataDirectory.find()
                .map(d -> Files.isDirectory(d.resolve(HotpotDataset.RUNS))).orElse(false)) {
            assertThat(parts).contains("hotpotqa");
        }
        if (parts.contains("retail")) {
            assertThat(keys).contains("retail learned k=3 replay");
            assertThat(html).contains("accuracy per tool");
        }
        assertThat(r.err()).contains("synthetic:");
    }

    @Test
    void withoutTheDataDirectoryTheReplaysAreSkippedWithAHintAndTheDemoStillSucceeds() throws Exception {
        Path empty = Files.createDirectories(Path.of("target", "empty-data"));
        Path report = Path.of("target", "demo-no-data.html");
        var r = CliTestSupport.runWithData(empty, "demo", "--json", "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = CanonicalJson.parse(r.out());
        String skipped = o.get("skipped").toString();
        assertThat(skipped).contains("chess replay: no recorded chess games", "retail: no tau-bench retail data",
                "dsp: no recorded DSP runs", "hotpotqa: no recorded HotpotQA runs");
        assertThat(r.err()).contains("chess replay: skipped (").contains("SPECAGENT_DATA");
        o.get("rows").forEach(row -> assertThat(row.get("mode").asText()).isNotEqualTo("replay"));
        assertThat(Files.readString(report)).contains("skipped");
    }
}
