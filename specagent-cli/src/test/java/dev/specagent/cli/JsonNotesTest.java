package dev.specagent.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.chess.uci.EnginePool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under {@code --json} standard output is one JSON value and nothing after it, whatever else the command was asked
 * to write: the notes for a person ({@code report: FILE}, {@code frontier plot written to FILE}) go to standard
 * error. Without {@code --json} they stay on standard output, after the figures. Each command that takes
 * {@code --report} and runs in a few seconds on what this machine has (recorded games, Stockfish) is run both ways.
 */
class JsonNotesTest {

    private static final Path FOLDER = Path.of("target", "json-notes-test");

    /** A command line, the note it writes besides the report's, and whether this machine can run it. */
    record Case(String name, List<String> args, String otherNote, BooleanSupplier runsHere) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> commands() {
        String conversations = "../specagent-envs/src/test/resources/conversations/library.json";
        BooleanSupplier always = () -> true;
        return Stream.of(
                new Case("simulate", List.of("simulate", "--p", "0.7", "--alpha", "5", "--beta", "1", "--steps", "20",
                        "--runs", "20", "--seed", "1"), null, always),
                new Case("dsp sweep", List.of("dsp", "sweep", "--world", "synthetic", "--tasks", "8", "--seed", "2",
                        "--plot", FOLDER.resolve("frontier.svg").toString()), "frontier plot written to ", always),
                new Case("dsp run", List.of("dsp", "run", "--world", "synthetic", "--tasks", "8", "--policy", "fix-2"),
                        null, always),
                new Case("dsp drafts", List.of("dsp", "drafts", "--world", "synthetic", "--tasks", "25", "--seed", "3"),
                        null, always),
                new Case("retail predict", List.of("retail", "predict", "--tasks", "dev", "--k", "3"), null, always),
                new Case("retail gold", List.of("retail", "gold", "--tasks", "dev", "--out",
                        FOLDER.resolve("gold.jsonl").toString()), null, always),
                new Case("retail few-shot", List.of("retail", "few-shot", "--out",
                        FOLDER.resolve("few-shot.json").toString()), null, always),
                new Case("predict-calls", List.of("predict-calls", "--conversations", conversations, "--k", "3"),
                        null, always),
                new Case("ostune", List.of("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "30",
                        "--perturb-at", "15"), null, always),
                new Case("replay hotpotqa", List.of("replay", "hotpotqa"), null,
                        () -> hasData("hotpotqa/speculative-actions-runs")),
                new Case("replay chess", List.of("replay", "chess", "--game", "32831f2d", "--k", "3", "--steps", "10"),
                        null, () -> hasData("chess/32831f2d-0059-40e7-84b8-f713e64bd519")),
                new Case("chess", List.of("chess", "--white", "stockfish:nodes=3000", "--black", "stockfish:depth=4",
                        "--speculator", "stockfish:nodes=300", "--policy", "chained", "--k", "2", "--plies", "2"),
                        null, EnginePool::stockfishAvailable));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void underJsonStdoutIsOnlyTheJsonAndTheNotesAreOnStderr(Case c) throws Exception {
        Assumptions.assumeTrue(c.runsHere().getAsBoolean(), c.name() + " needs data or an engine this machine lacks");
        Path report = Files.createDirectories(FOLDER).resolve(c.name().replace(' ', '-') + ".html");
        String reportNote = "report: " + report.toAbsolutePath();

        var json = CliTestSupport.run(with(c.args(), "--json", "--report", report.toString()));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode parsed = CanonicalJson.MAPPER.readerFor(JsonNode.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(json.out());
        assertThat(parsed.isContainerNode()).as(json.out()).isTrue();
        assertThat(json.err()).contains(reportNote);
        if (c.otherNote() != null) {
            assertThat(json.err()).contains(c.otherNote());
        }

        var text = CliTestSupport.run(with(c.args(), "--report", report.toString()));
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).endsWith(reportNote + System.lineSeparator());
        assertThat(text.err()).doesNotContain(reportNote);
        if (c.otherNote() != null) {
            assertThat(text.out()).contains(c.otherNote());
            assertThat(text.err()).doesNotContain(c.otherNote());
        }
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static boolean hasData(String relative) {
        return DataDirectory.find().map(d -> Files.isDirectory(d.resolve(relative))).orElse(false);
    }
}
