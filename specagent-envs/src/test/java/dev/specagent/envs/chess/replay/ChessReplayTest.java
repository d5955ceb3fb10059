package dev.specagent.envs.chess.replay;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.policy.Algorithm1Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The recorded GPT-5 games replayed on the runner, against the authors' own bookkeeping. */
class ChessReplayTest {

    private static List<Path> games() throws IOException {
        try (Stream<Path> dirs = Files.list(DataDirectory.require("chess"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void algorithm1ReproducesTheAuthorsBookkeepingOnEveryGameKAndHorizon() throws IOException {
        assertThat(games()).hasSize(3);
        for (Path game : games()) {
            for (int k = 1; k <= 3; k++) {
                for (int steps : new int[]{10, 30, 50}) {
                    ReplayReport r = ChessReplay.replayGame(game, k, steps, "algorithm1", 1);
                    assertThat(r.lossless()).isTrue();
                    assertThat(r.sequentialSeconds()).isCloseTo(r.authors().sequentialSeconds(), within(1e-6));
                    assertThat(r.speculativeSeconds()).as("%s k=%d T=%d", game.getFileName(), k, steps)
                            .isCloseTo(r.authors().speculativeSeconds(), within(1e-6));
                }
            }
        }
    }

    @Test
    void theAuthorsAverageForThirtyPliesAndThreeGuessesOverTheShippedGames() throws IOException {
        double sum = 0;
        for (Path game : games()) {
            sum += ChessReplay.replayGame(game, 3, 30, "algorithm1", 1).savedPct();
        }
        // 14.96 %, 21.70 % and 17.57 %: the three of the authors' five sample games that are shipped.
        assertThat(sum / 3).isCloseTo(18.076, within(0.001));
    }

    @Test
    void withoutWaitingForLateGuessesOnlyTheFirstPlyOfOneGameChanges() throws IOException {
        for (Path game : games()) {
            RecordedGame g = StepsInfoReader.read(game, 3);
            var plain = ChessReplay.run(new RecordedGameTimeline(g, 3), 30,
                    new Algorithm1Policy(3), 1, ChessReplay.recordedPrices()).figures();
            double authors = AuthorsBookkeeping.guessFile(g, 30).speculativeSeconds();
            if (game.getFileName().toString().startsWith("32831f2d")) {
                // Ply 0: the move after 2.83 s, the right guess after 4.46 s. Waiting costs 1.64 s.
                assertThat(plain.speculativeSeconds()).isCloseTo(5479.52, within(0.01));
                assertThat(authors - plain.speculativeSeconds()).isCloseTo(4.4648 - 2.8272, within(0.001));
            } else {
                assertThat(plain.speculativeSeconds()).isCloseTo(authors, within(1e-6));
            }
        }
    }

    @Test
    void chainedSavesMoreThanAlgorithm1OnEveryGame() throws IOException {
        for (Path game : games()) {
            for (int k = 1; k <= 3; k++) {
                for (int steps : new int[]{30, 50}) {
                    ReplayReport a1 = ChessReplay.replayGame(game, k, steps, "algorithm1", 1);
                    ReplayReport chained = ChessReplay.replayGame(game, k, steps, "chained", Integer.MAX_VALUE);
                    assertThat(chained.lossless()).isTrue();
                    assertThat(chained.sequentialSeconds()).isCloseTo(a1.sequentialSeconds(), within(1e-6));
                    assertThat(chained.savedPct()).as("%s k=%d T=%d", game.getFileName(), k, steps)
                            .isGreaterThan(a1.savedPct());
                }
            }
        }
    }

    @Test
    void theOnlineRunReproducesItsRecordedTotal() throws IOException {
        Path game = games().stream().filter(p -> p.getFileName().toString().startsWith("32831f2d")).findFirst().orElseThrow();
        OnlineRun run = OnlineRunReader.read(game);
        ReplayReport r = ChessReplay.replayOnline(game);
        assertThat(r.lossless()).isTrue();
        assertThat(r.speculativeSeconds()).isCloseTo(run.recordedSpeculativeSeconds().orElseThrow(), within(1e-6));
        assertThat(r.speculativeSeconds()).isCloseTo(11446.059255, within(1e-5));
        assertThat(r.authors().speculativeSeconds()).isCloseTo(r.speculativeSeconds(), within(1e-6));
        assertThat(r.figures().hits()).isEqualTo(13);
    }

    @Test
    void aGamePlayedWithoutSpeculationCannotBeReplayedOnline() throws IOException {
        Path plain = games().stream().filter(p -> p.getFileName().toString().startsWith("4c277d18")).findFirst().orElseThrow();
        assertThatThrownBy(() -> ChessReplay.replayOnline(plain)).hasMessageContaining("without speculation");
    }

    @Test
    void badRecordsAreNamedByFileStepAndField(@TempDir Path dir) throws IOException {
        Path game = dir.resolve("g");
        Files.createDirectories(game);
        Path file = game.resolve("steps_info_m_guess_1.json");
        Files.writeString(file, """
                {"0": {"current_move": "[e2e4]", "time_taken_current_agent": 1.5, "input_tokens_current_agent": 1,
                       "output_tokens_current_agent": 2, "guessed_moves": ["[e2e4]"], "guess_prediction_time": "soon",
                       "guess_input_tokens": 1, "guess_output_tokens": 1}}
                """);
        assertThatThrownBy(() -> ChessReplay.replayGame(game, 1, 1, "algorithm1", 1))
                .hasMessageContaining(file.toString()).hasMessageContaining("step 0")
                .hasMessageContaining("guess_prediction_time");
        assertThatThrownBy(() -> ChessReplay.replayGame(game, 2, 1, "algorithm1", 1))
                .hasMessageContaining("k = [1]");
        Files.writeString(file, "{\"0\": {\"current_move\": \"castle!\", \"guessed_moves\": [\"[e2e4]\"]}}");
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).hasMessageContaining("current_move")
                .hasMessageContaining("not a UCI move");
        assertThatThrownBy(() -> ChessReplay.policy("greedy", 1, 1)).hasMessageContaining("--policy");
    }

    @Test
    void aSecondObjectAfterTheStepsIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        // steps appended as a second object were dropped unread: the game replayed shorter than recorded
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("steps_info_m_guess_1.json");
        Files.writeString(file, "{\"0\": {\"current_move\": \"[e2e4]\", \"guessed_moves\": [\"[e2e4]\"]}}\n"
                + "{\"1\": {\"current_move\": \"[e7e5]\", \"guessed_moves\": [\"[e7e5]\"]}}\n");
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ": cannot read: line 2, column 1: "
                        + "a second JSON value follows the first (only one is allowed)");
    }

    /**
     * JSON keeps the last of two equal keys, so a step number recorded twice silently replaced the first step of that
     * number (and a field given twice in a step its first value); both are refused naming the file and the line.
     */
    @Test
    void aStepOrAFieldRecordedTwiceIsRefusedNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("steps_info_m_guess_1.json");
        String step = """
                {"current_move": "[%s]", "time_taken_current_agent": 1.5, "input_tokens_current_agent": 1,
                  "output_tokens_current_agent": 2, "guessed_moves": ["[e2e4]"], "guess_prediction_time": 0.5,
                  "guess_input_tokens": 1, "guess_output_tokens": 1}""";
        Files.writeString(file, "{\n\"0\": " + step.formatted("e2e4") + ",\n\"1\": " + step.formatted("e7e5")
                + ",\n\"1\": " + step.formatted("c7c5") + "\n}\n");
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ": cannot read: line 8, column").hasMessageContaining("'1'");
        Files.writeString(file, "{\n\"0\": " + step.formatted("e2e4").replace("\"guess_input_tokens\": 1,",
                "\"guess_input_tokens\": 1, \"current_move\": \"[d2d4]\",") + "\n}\n");
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ": cannot read: line 4, column").hasMessageContaining("'current_move'");
        Files.writeString(file, "{\n\"0\": " + step.formatted("e2e4") + ",\n\"1\": " + step.formatted("e7e5") + "\n}\n");
        assertThat(StepsInfoReader.read(game, 1).moves(2)).containsExactly("e2e4", "e7e5");
    }

    /** The records hold every move as UCI in square brackets ({@code [e2e4]}); anything else is not a recorded move. */
    @Test
    void aMoveNotInBracketsIsRejectedNamingFileLineStepAndField(@TempDir Path dir) throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("steps_info_m_guess_1.json");
        for (String move : List.of("e2e4", "[e2e4", "e2e4]", " [e2e4]", "[ e2e4 ]", "[E2E4]", "[e7e8Q]")) {
            Files.writeString(file, """
                    {
                        "0": {
                            "guessed_moves": ["[e2e4]"],
                            "current_move": "%s"
                        }
                    }
                    """.formatted(move));
            assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).as(move).isInstanceOf(RecordFormatException.class)
                    .hasMessage(file + ":4, step 0, field 'current_move': not a UCI move in square brackets such as "
                            + "[e2e4] or [e7e8q]: '" + move + "'");
        }
        Files.writeString(file, "{\"0\": {\"current_move\": \"[e7e8q]\", \"guessed_moves\": [\"e2e4\"]}}");
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).hasMessageStartingWith(file + ":1, step 0, field "
                + "'guessed_moves': not a UCI move in square brackets");
    }

    /** The token counts are what the ledger charges a replayed call: they are read from the record as they stand. */
    @Test
    void theRecordedTokenCountsAndTimesOfAPlyAreReadAsRecorded() throws IOException {
        Path game = games().stream().filter(p -> p.getFileName().toString().startsWith("32831f2d")).findFirst().orElseThrow();
        RecordedStep first = StepsInfoReader.read(game, 3).steps().get(0);
        assertThat(first.actorUsage()).isEqualTo(StepFields.usage(352, 75));
        assertThat(first.guessUsage()).isEqualTo(StepFields.usage(482, 346));
        assertThat(first.actorSeconds()).isCloseTo(2.827249728143215, within(1e-12));
        assertThat(first.guesses()).containsExactly("e2e4", "d2d4", "g1f3");

        OnlineRun online = OnlineRunReader.read(game);
        OnlineStep missed = online.steps().get(0);
        assertThat(missed.hitStep()).isFalse();
        assertThat(missed.actorUsage()).isEqualTo(StepFields.usage(352, 75));
        assertThat(missed.guessUsage()).isEqualTo(StepFields.usage(501, 90));
        assertThat(missed.branchUsage()).containsExactly(StepFields.usage(350, 334), StepFields.usage(350, 462),
                StepFields.usage(350, 462));
        assertThat(missed.branchSeconds()).hasSize(3);
        OnlineStep hit = online.steps().get(1);
        assertThat(hit.hitStep()).isTrue();
        assertThat(hit.actorUsage()).isEqualTo(Usage.ZERO);
        assertThat(hit.actorSeconds()).isZero();
    }

    @Test
    void zeroTokensAndZeroSecondsAreValidNegativeOnesAreNamed(@TempDir Path dir) throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("steps_info_m_guess_1.json");
        String step = """
                {"0": {"current_move": "[e2e4]", "time_taken_current_agent": %s, "input_tokens_current_agent": %s,
                       "output_tokens_current_agent": 0, "guessed_moves": ["[e2e4]"], "guess_prediction_time": 0,
                       "guess_input_tokens": 0, "guess_output_tokens": 0}}
                """;
        Files.writeString(file, step.formatted("0", "0"));
        RecordedStep read = StepsInfoReader.read(game, 1).steps().get(0);
        assertThat(read.actorUsage()).isEqualTo(Usage.ZERO);
        assertThat(read.actorSeconds()).isZero();
        Files.writeString(file, step.formatted("0", "-1"));
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("field 'input_tokens_current_agent'").hasMessageContaining("non-negative");
        Files.writeString(file, step.formatted("-0.5", "0"));
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("field 'time_taken_current_agent'").hasMessageContaining("seconds");
        Files.writeString(file, step.formatted(Clock.MAX_CALL_SECONDS, "0"));
        assertThat(StepsInfoReader.read(game, 1).steps().get(0).actorSeconds()).isEqualTo(Clock.MAX_CALL_SECONDS);
    }

    /** A token count is a whole number: 2.5 tokens was read as 2, silently; 100.0 is 100 tokens. */
    @Test
    void aFractionalTokenCountIsRefusedNamingTheFieldAndAWholeOneWrittenWithADecimalPointIsRead(@TempDir Path dir)
            throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("steps_info_m_guess_1.json");
        String step = """
                {"0": {"current_move": "[e2e4]", "time_taken_current_agent": 1, "input_tokens_current_agent": %s,
                       "output_tokens_current_agent": 0, "guessed_moves": ["[e2e4]"], "guess_prediction_time": 0,
                       "guess_input_tokens": 0, "guess_output_tokens": 0}}
                """;
        Files.writeString(file, step.formatted("100.0"));
        assertThat(StepsInfoReader.read(game, 1).steps().get(0).actorUsage().promptTokens()).isEqualTo(100);
        Files.writeString(file, step.formatted("2.5"));
        assertThatThrownBy(() -> StepsInfoReader.read(game, 1)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ":1, step 0, field 'input_tokens_current_agent': expected a non-negative token count, got 2.5");

        Path online = Files.createDirectories(dir.resolve("o"));
        writeOnlineRun(online.resolve("stepsinfo.json"), onlineStep("e2e4", false, List.of("d2d4"), List.of("d7d5"))
                .replace("\"input_tokens_speculation\": [100]", "\"input_tokens_speculation\": [99.5]"));
        assertThatThrownBy(() -> OnlineRunReader.read(online)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("step 0, field 'input_tokens_speculation': expected non-negative token counts, got 99.5");
    }

    /**
     * An online run's branches (the reply to each prediction, {@code current_spec}, and its time,
     * {@code time_taken_speculation}) come one per prediction ({@code current_pred}); a list of another length is named
     * by file, line, step and field like every other bad field.
     */
    @Test
    void anOnlineRunsBranchListsOfAnotherLengthThanItsPredictionsAreNamedByFileStepAndField(@TempDir Path dir)
            throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("stepsinfo.json");
        String step = """
                {
                  "0": {
                    "current_move": "[e2e4]", "speculation_hit": false, "time_taken_current_agent": 2.0,
                    "input_tokens_current_agent": 10, "output_tokens_current_agent": 20,
                    "current_pred": ["[e2e4]", "[d2d4]"], "time_taken_prediction": [1.0],
                    "input_tokens_prediction": [5], "output_tokens_prediction": [6],
                    "current_spec": %s,
                    "time_taken_speculation": %s,
                    "input_tokens_speculation": [7, 7], "output_tokens_speculation": [8, 8]
                  }
                }
                """;
        Files.writeString(file, step.formatted("[\"[e7e5]\", \"[d7d5]\"]", "[1.5, 1.6]"));
        assertThat(OnlineRunReader.read(game).steps().get(0).branchMoves()).containsExactly("e7e5", "d7d5");
        Files.writeString(file, step.formatted("[\"[e7e5]\"]", "[1.5, 1.6]"));
        assertThatThrownBy(() -> OnlineRunReader.read(game)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ":7, step 0, field 'current_spec': expected one move per prediction "
                        + "(2 in current_pred), found 1");
        Files.writeString(file, step.formatted("[\"[e7e5]\", \"[d7d5]\"]", "[1.5, 1.6, 1.7]"));
        assertThatThrownBy(() -> OnlineRunReader.read(game)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ":8, step 0, field 'time_taken_speculation': expected one number of seconds per "
                        + "prediction (2 in current_pred), found 3");
    }

    /**
     * A branch on a wrong guess is cancelled when the actual move arrives: it has paid its whole prompt and the
     * completion tokens generated until then, and the ledger counts them so; its dollars were the elapsed share of
     * the whole call's cost, the prompt's included, less than those tokens cost at the price the replay quotes.
     */
    @Test
    void aCancelledBranchCostsItsWholePromptAndTheCompletionTokensGeneratedUntilTheCancel(@TempDir Path dir)
            throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        // ply 0: move after 10 s, guesses [d2d4] (wrong) and [e2e4] after 1 s; ply 1 thinks 20 s with 4,000 prompt tokens
        Files.writeString(game.resolve("steps_info_m_guess_2.json"), """
                {"0": {"current_move": "[e2e4]", "time_taken_current_agent": 10, "input_tokens_current_agent": 4000,
                       "output_tokens_current_agent": 1000, "guessed_moves": ["[d2d4]", "[e2e4]"],
                       "guess_prediction_time": 1, "guess_input_tokens": 500, "guess_output_tokens": 100},
                 "1": {"current_move": "[e7e5]", "time_taken_current_agent": 20, "input_tokens_current_agent": 4000,
                       "output_tokens_current_agent": 1000, "guessed_moves": ["[c7c5]", "[d7d5]"],
                       "guess_prediction_time": 1, "guess_input_tokens": 500, "guess_output_tokens": 100}}
                """);
        ReplayReport r = ChessReplay.replayGame(game, 2, 2, "algorithm1", 1);
        List<LedgerEntry> cancelled = r.ledger().stream().filter(e -> e.fate() == Fate.CANCELLED).toList();
        assertThat(cancelled).hasSize(1);
        Usage spent = cancelled.get(0).usage();
        // cancelled at 10 s, 9 s into its 20 s: 450 of its 1,000 completion tokens
        assertThat(spent.promptTokens()).isEqualTo(4000);
        assertThat(spent.completionTokens()).isEqualTo(450);
        assertThat(spent.costUsd()).isCloseTo(ChessReplay.recordedPrices().apply(StepFields.usage(4000, 450)).costUsd(),
                within(1e-12));
    }

    /** One step of an online run: a hit step ran nothing; any other ran its actor and one branch per prediction. */
    private static String onlineStep(String move, boolean hit, List<String> predictions, List<String> replies) {
        if (hit) {
            return """
                    {"current_move": "[%s]", "speculation_hit": true, "time_taken_current_agent": 0,
                      "input_tokens_current_agent": [], "output_tokens_current_agent": [], "current_pred": [],
                      "time_taken_prediction": [], "input_tokens_prediction": [], "output_tokens_prediction": [],
                      "current_spec": [], "time_taken_speculation": [], "input_tokens_speculation": [],
                      "output_tokens_speculation": []}""".formatted(move);
        }
        int n = predictions.size();
        return """
                {"current_move": "[%s]", "speculation_hit": false, "time_taken_current_agent": 10,
                  "input_tokens_current_agent": 100, "output_tokens_current_agent": 200, "current_pred": %s,
                  "time_taken_prediction": %s, "input_tokens_prediction": %s, "output_tokens_prediction": %s,
                  "current_spec": %s, "time_taken_speculation": %s, "input_tokens_speculation": %s,
                  "output_tokens_speculation": %s}""".formatted(move, movesJson(predictions), repeated(n, "1"),
                repeated(n, "50"), repeated(n, "20"), movesJson(replies), repeated(n, "4"), repeated(n, "100"),
                repeated(n, "80"));
    }

    private static String movesJson(List<String> moves) {
        return moves.stream().map(m -> "\"[" + m + "]\"").toList().toString();
    }

    private static String repeated(int n, String value) {
        return Collections.nCopies(n, value).toString();
    }

    private static void writeOnlineRun(Path file, String... steps) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < steps.length; i++) {
            json.append(i == 0 ? "\n" : ",\n").append('"').append(i).append("\": ").append(steps[i]);
        }
        Files.writeString(file, json.append("\n}\n").toString());
    }

    /**
     * In the authors' online run a ply is taken from a branch ({@code speculation_hit}) exactly when the ply before it
     * ran its actor and its move is among its predictions. A record that says otherwise failed the replay with exit 1
     * ("call move{…} failed 3 time(s)") or, for a right prediction not followed by a hit step, replayed with figures
     * that silently disagreed with the authors' bookkeeping beside them; it is refused naming file, line, step and field.
     */
    @Test
    void anOnlineRunWhoseHitStepsDisagreeWithThePredictionsBeforeThemIsRefusedNamingTheField(@TempDir Path dir)
            throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("stepsinfo.json");
        String rightGuess = onlineStep("e2e4", false, List.of("d2d4", "e2e4"), List.of("d7d5", "e7e5"));
        String wrongGuess = onlineStep("e2e4", false, List.of("d2d4"), List.of("d7d5"));
        String hit = onlineStep("e7e5", true, List.of(), List.of());
        String afterHit = onlineStep("g1f3", false, List.of("b8c6"), List.of("f1b5"));

        writeOnlineRun(file, rightGuess, hit, afterHit);
        ReplayReport valid = ChessReplay.replayOnline(game);
        assertThat(valid.lossless()).isTrue();
        assertThat(valid.figures().hits()).isEqualTo(1);
        assertThat(valid.speculativeSeconds()).isCloseTo(valid.authors().speculativeSeconds(), within(1e-9));

        writeOnlineRun(file, hit, afterHit);
        assertThatThrownBy(() -> OnlineRunReader.read(game)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ":2, step 0, field 'speculation_hit': true, but");
        writeOnlineRun(file, wrongGuess, hit, afterHit);
        assertThatThrownBy(() -> OnlineRunReader.read(game)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ":7, step 1, field 'speculation_hit': true, but")
                .hasMessageContaining("played [e2e4]");
        writeOnlineRun(file, rightGuess, hit, hit);
        assertThatThrownBy(() -> OnlineRunReader.read(game)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ":12, step 2, field 'speculation_hit': true, but");
        writeOnlineRun(file, rightGuess, afterHit.replace("g1f3", "e7e5"), afterHit);
        assertThatThrownBy(() -> OnlineRunReader.read(game)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ":7, step 1, field 'speculation_hit': false, but")
                .hasMessageContaining("played [e2e4]");
    }

    /**
     * A ply with predictions recorded their latency and tokens (one entry per prediction in the authors' runner). An
     * empty {@code time_taken_prediction} was read as guesses that took 0 s, and missing token counts as 0 tokens, so
     * the replay saved time and money the run never saved; such a record is refused naming the field.
     */
    @Test
    void anOnlineRunsPredictionsWithoutTheirLatencyOrTokensAreRefusedNamingTheField(@TempDir Path dir) throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        Path file = game.resolve("stepsinfo.json");
        String step = onlineStep("e2e4", false, List.of("d2d4", "c2c4"), List.of("d7d5", "e7e5"));
        writeOnlineRun(file, step);
        assertThat(OnlineRunReader.read(game).steps().get(0).guessSeconds()).isEqualTo(1);
        for (String field : List.of("time_taken_prediction", "input_tokens_prediction", "output_tokens_prediction",
                "input_tokens_speculation", "output_tokens_speculation")) {
            String missing = step.replaceFirst("\"" + field + "\": \\[[^\\]]*\\]", "\"" + field + "\": []");
            assertThat(missing).isNotEqualTo(step);
            writeOnlineRun(file, missing);
            assertThatThrownBy(() -> OnlineRunReader.read(game)).as(field).isInstanceOf(RecordFormatException.class)
                    .hasMessageStartingWith(file + ":").hasMessageContaining("step 0, field '" + field + "'");
        }
        writeOnlineRun(file, step.replace("\"input_tokens_speculation\": [100, 100]", "\"input_tokens_speculation\": [100]"));
        assertThatThrownBy(() -> OnlineRunReader.read(game)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("step 0, field 'input_tokens_speculation'");
    }

    /**
     * {@code time_checker_speculate.json} holds the authors' speculative total in seconds. It was read with
     * {@code Double.parseDouble}, so {@code NaN} (printed as 0.0), a negative total, {@code 1e400} (infinite, printed as
     * 9.2E12) and Java-only spellings ({@code 0x10p0}, {@code 7d}) were taken as the total; each is refused naming
     * the file, and a total as the authors wrote it reads as before.
     */
    @Test
    void aRecordedTotalThatIsNoNumberOfSecondsIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        writeOnlineRun(game.resolve("stepsinfo.json"), onlineStep("e2e4", false, List.of("d2d4"), List.of("d7d5")));
        Path total = game.resolve("time_checker_speculate.json");
        Files.writeString(total, "11446.059255207889");
        assertThat(OnlineRunReader.read(game).recordedSpeculativeSeconds()).hasValue(11446.059255207889);
        Files.writeString(total, " 0\n");
        assertThat(OnlineRunReader.read(game).recordedSpeculativeSeconds()).hasValue(0);
        for (String bad : List.of("NaN", "-5", "1e400", "0x10p0", "7d", "Infinity", "\"12\"", "[12]", "", "12 13")) {
            Files.writeString(total, bad);
            assertThatThrownBy(() -> OnlineRunReader.read(game)).as(bad).isInstanceOf(RecordFormatException.class)
                    .hasMessageStartingWith(total + ": ").hasMessageContaining("seconds");
        }
    }

    /**
     * A game whose files an editor saved with a byte order mark, or with CRLF line ends, replays as the original: the
     * mark made every guess file and the online run "line 1, column 1: Unexpected character ('\uFEFF')", exit 2.
     */
    @Test
    void aGameSavedWithAByteOrderMarkOrCrlfReplaysAsTheOriginal(@TempDir Path dir) throws IOException {
        Path original = games().stream().filter(p -> p.getFileName().toString().startsWith("32831f2d")).findFirst()
                .orElseThrow();
        for (String variant : List.of("bom", "crlf")) {
            Path game = Files.createDirectories(dir.resolve(variant).resolve(original.getFileName()));
            try (Stream<Path> files = Files.list(original)) {
                for (Path file : files.toList()) {
                    String text = Files.readString(file);
                    Files.writeString(game.resolve(file.getFileName()), variant.equals("bom") ? "\uFEFF" + text
                            : text.replace("\r\n", "\n").replace("\n", "\r\n"));
                }
            }
            for (int k = 1; k <= 3; k++) {
                assertThat(StepsInfoReader.read(game, k)).as(variant).isEqualTo(StepsInfoReader.read(original, k));
            }
            assertThat(OnlineRunReader.read(game)).as(variant).isEqualTo(OnlineRunReader.read(original));
            ReplayReport replayed = ChessReplay.replayGame(game, 3, 30, "chained", 1);
            ReplayReport expected = ChessReplay.replayGame(original, 3, 30, "chained", 1);
            assertThat(replayed.speculativeSeconds()).as(variant).isEqualTo(expected.speculativeSeconds());
            assertThat(replayed.figures()).as(variant).isEqualTo(expected.figures());
        }
    }

    /** Other files of a game folder (the online run's stepsinfo.json) are no guess files; counts sort as numbers. */
    @Test
    void theGuessCountsOfAFolderAreItsGuessFilesInNumericOrder(@TempDir Path dir) throws IOException {
        Path game = Files.createDirectories(dir.resolve("g"));
        for (String name : List.of("steps_info_m_guess_10.json", "steps_info_m_guess_2.json", "stepsinfo.json",
                "game_info.json", "steps_info_m_confidence_prediction.json", "notes_guess_3.json")) {
            Files.writeString(game.resolve(name), "{}");
        }
        assertThat(StepsInfoReader.availableK(game)).containsExactly(2, 10);
    }
}
