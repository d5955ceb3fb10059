package dev.specagent.envs.hotpotqa.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.record.RecordFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HotpotReplayTest {

    static final Path RUNS = DataDirectory.require(HotpotDataset.RUNS);

    @Test
    void reproducesEveryRecordedMetricsFileExactly() {
        HotpotReplay replay = HotpotReplay.of(RUNS);
        assertThat(replay.configurations()).hasSize(24);
        assertThat(replay.questions()).isEqualTo(95);
        assertThat(replay.withMetrics()).isEqualTo(93);
        assertThat(replay.reproduced()).isEqualTo(93);
        for (ConfigurationReplay c : replay.configurations()) {
            assertThat(c.notReproduced()).as(c.configuration()).isEmpty();
            for (String type : ConfigurationReplay.TYPES) {
                assertThat(c.reproducedAverage(type)).as(c.configuration() + " " + type)
                        .isEqualTo(c.recordedAverage(type));
            }
        }
    }

    @Test
    void scoresTheRecordedAnswersAgainstTheDatasetFoundByQuestionText() {
        List<HotpotQuestion> dev = HotpotDataset.loadSimplified(
                DataDirectory.require(HotpotDataset.SIMPLIFIED));
        HotpotReplay replay = HotpotReplay.of(RUNS, dev);
        long scored = replay.configurations().stream().mapToLong(c -> c.scored().size()).sum();
        assertThat(scored).isEqualTo(94);
        for (ConfigurationReplay c : replay.configurations()) {
            assertThat(c.exactMatch().orElseThrow()).isBetween(0.0, 1.0);
            assertThat(c.f1().orElseThrow()).isGreaterThanOrEqualTo(c.exactMatch().orElseThrow());
        }
        // the folder name is the reference's sample index, not the dataset's: 5619 is not "Ulf Merbold" there
        assertThat(dev.get(5619).question()).doesNotContain("Ulf Merbold");
    }

    @Test
    void measuresHowCloseTheRecordedGuessesAreToTheRealObservations() {
        for (ConfigurationReplay c : HotpotReplay.of(RUNS).configurations()) {
            double f1 = c.meanGuessF1().orElseThrow();
            if (c.speculator().equals("gpt-5-nano")) {
                assertThat(f1).as(c.configuration() + ": every recorded guess is empty").isZero();
            } else {
                assertThat(f1).as(c.configuration()).isBetween(0.2, 0.6);
            }
        }
    }

    @Test
    void reportsTheFoldersWithoutMetrics() {
        HotpotReplay replay = HotpotReplay.of(RUNS);
        List<String> missing = replay.configurations().stream()
                .flatMap(c -> c.missingMetrics().stream().map(q -> c.configuration() + "/" + q.index()
                        + (q.hasTrajectories() ? " (trajectories)" : " (log only)")))
                .toList();
        assertThat(missing).containsExactlyInAnyOrder(
                "agent_gemini-2.5-flash_top1/trajs_gpt-5-nano/373 (log only)",
                "agent_gpt-5_top1/trajs_gpt-3.5-turbo/6 (trajectories)");
        assertThat(replay.toJson().path("cannot_support").size()).isEqualTo(HotpotReplay.LIMITS.size());
    }

    @Test
    void lookupsAfterASearchAreCountedAndSomeProvablyReadTheGuessedPage() {
        HotpotReplay replay = HotpotReplay.of(RUNS);
        long after = replay.configurations().stream().mapToLong(ConfigurationReplay::lookupsAfterSearch).sum();
        long proven = replay.configurations().stream().mapToLong(ConfigurationReplay::lookupsFromGuessedPage).sum();
        assertThat(after).isPositive();
        assertThat(proven).isPositive().isLessThanOrEqualTo(after);
    }

    @Test
    void aChangedMetricsFileIsNotReproduced(@TempDir Path dir) throws IOException {
        Path q = question42(dir, "b", "{\"general\": 0.5, \"Lookup\": 1.0, \"Finish\": 0.0}");
        ConfigurationReplay c = HotpotReplay.of(dir).configurations().getFirst();
        assertThat(c.reproduced()).hasSize(1);
        assertThat(c.pooledRate("general")).contains(0.5);
        assertThat(c.topK()).isEqualTo(3);

        Files.writeString(q.resolve("metrics.json"), "{\"general\": 1.0, \"Lookup\": 1.0, \"Finish\": 1.0}");
        assertThat(HotpotReplay.of(dir).configurations().getFirst().notReproduced()).hasSize(1);
    }

    @Test
    void theJsonReportGivesEveryFigureOfAConfigurationAndNullForOneWithoutData(@TempDir Path dir) throws IOException {
        question42(dir, "(Result 1 / 1) b", "{\"general\": 1.0, \"Lookup\": 1.0, \"Finish\": 1.0}");
        Path logOnly = Files.createDirectories(dir.resolve("agent_x_top3/trajs_y/43"));
        Files.writeString(logOnly.resolve("log.txt"), "log");
        Path metricsOnly = Files.createDirectories(dir.resolve("agent_x_top3/trajs_y/44"));
        Files.writeString(metricsOnly.resolve("metrics.json"), "{\"general\": 0.0}");

        JsonNode c = HotpotReplay.of(dir).toJson().path("configurations").get(0);

        assertThat(c.path("configuration").asText()).isEqualTo("agent_x_top3/trajs_y");
        assertThat(c.path("actor").asText()).isEqualTo("x");
        assertThat(c.path("top_k").asInt()).isEqualTo(3);
        assertThat(c.path("speculator").asText()).isEqualTo("y");
        assertThat(c.path("questions").asInt()).isEqualTo(3);
        assertThat(c.path("with_metrics").asInt()).isEqualTo(2);
        assertThat(c.path("reproduced").asInt()).isZero();
        assertThat(c.path("not_reproduced").toString()).isEqualTo("[\"42\",\"44\"]");
        assertThat(c.path("missing_metrics").toString()).isEqualTo(
                "[{\"question\":\"43\",\"reason\":\"no metrics.json, normalobs.json or simobs.json (only log.txt)\"}]");
        assertThat(c.path("rates").path("general").toString()).isEqualTo(
                "{\"recorded_average\":0.5,\"reproduced_average\":0.5,\"pooled\":0.5,\"matched_steps\":1,\"steps\":2}");
        // the reference's average is over the questions with metrics; ours over those that also have trajectories
        assertThat(c.path("rates").path("search").toString()).isEqualTo(
                "{\"recorded_average\":0.0,\"reproduced_average\":0.0,\"pooled\":null,\"matched_steps\":0,\"steps\":0}");
        assertThat(c.path("lookups_after_search").asInt()).isEqualTo(1);
        assertThat(c.path("lookups_verifiably_from_guessed_page").asInt()).isZero();
        assertThat(c.path("answers_scored").asInt()).isZero();
        assertThat(c.path("recorded_answer_exact_match").isNull()).isTrue();
        assertThat(c.path("recorded_answer_f1").isNull()).isTrue();
        assertThat(c.path("mean_recorded_search_seconds").asDouble()).isEqualTo(0.5);
        assertThat(c.path("mean_recorded_guess_seconds").asDouble()).isEqualTo(2.0);
        assertThat(c.path("mean_guess_observation_f1").isNull()).isFalse();
        assertThat(c.path("mean_guess_observation_f1").asDouble()).isZero();
    }

    @Test
    void aConfigurationWithoutSearchesReportsNoMeanLatency(@TempDir Path dir) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_x_top1/trajs_y/7"));
        Files.writeString(q.resolve("log.txt"), "log");

        JsonNode c = HotpotReplay.of(dir).toJson().path("configurations").get(0);

        for (String field : List.of("mean_recorded_search_seconds", "mean_recorded_guess_seconds",
                "mean_guess_observation_f1")) {
            assertThat(c.path(field).isNull()).as(field).isTrue();
        }
        assertThat(c.path("rates").path("general").path("recorded_average").isNull()).isTrue();
    }

    @Test
    void aMalformedFileNamesTheFileAndField(@TempDir Path dir) throws IOException {
        Path q = dir.resolve("agent_x_top1/trajs_y/7");
        Files.createDirectories(q);
        Files.writeString(q.resolve("normalobs.json"), "{\"observations\": [], \"thoughts\": [], \"time_taken\": []}");
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("normalobs.json").hasMessageContaining("field actions");
        Files.writeString(q.resolve("normalobs.json"), "{\"observations\": [\"o\"], \"thoughts\": [\"t\", \"u\"], "
                + "\"actions\": [\"Search[A]\", \"Finish[b]\"], \"time_taken\": [1, 1]}");
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("normalobs.json").hasMessageContaining("one length, got 2, 2, 1 and 2");
        Files.writeString(q.resolve("normalobs.json"), "{not json");
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("normalobs.json").hasMessageContaining("malformed JSON");
        Files.writeString(q.resolve("normalobs.json"), "");
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("normalobs.json: empty file");
        Files.writeString(q.resolve("normalobs.json"), "{\"prompt\": 5, \"observations\": [\"o\"], \"thoughts\": [\"t\"], "
                + "\"actions\": [\"Finish[b]\"], \"time_taken\": [1]}");
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("normalobs.json: field prompt is not a string");
        Files.writeString(q.resolve("normalobs.json"), "[]");
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("normalobs.json: not a JSON object");
    }

    @Test
    void aSecondValueAfterARecordedRunIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_x_top1/trajs_y/7"));
        Path file = q.resolve("normalobs.json");
        Files.writeString(file, "{\"observations\": [\"o\"], \"thoughts\": [\"t\"], \"actions\": [\"Finish[b]\"], "
                + "\"time_taken\": [1]}\n{\"observations\": []}\n");
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessage(file + ": malformed JSON at line 2, column 1: "
                        + "a second JSON value follows the first (only one is allowed)");
    }

    @Test
    void aMetricsRateOutsideZeroToOneNamesTheFileAndField(@TempDir Path dir) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_x_top1/trajs_y/7"));
        for (String rate : new String[] {"1.5", "-0.25", "1e300"}) {
            Files.writeString(q.resolve("metrics.json"), "{\"general\": 0.5, \"Search\": " + rate + "}");
            assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                    .hasMessageContaining(q.resolve("metrics.json") + ": field Search must be a rate from 0 to 1, got ");
        }
    }

    @Test
    void aTopKTooLargeForANumberNamesTheFolder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("agent_x_top99999999999/trajs_y/7"));
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("agent_x_top99999999999").hasMessageContaining("top-k");
    }

    @Test
    void aTopKOfZeroNamesTheFolder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("agent_x_top0/trajs_y/7"));
        assertThatThrownBy(() -> HotpotReplay.of(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("agent_x_top0").hasMessageContaining("top-k");
    }

    /**
     * Writes question 42 of {@code agent_x_top3/trajs_y} under {@code dir}: a search, a lookup whose observation is
     * {@code lookedUp} and a finish, the speculator's guesses for them, and {@code metrics}; returns its folder.
     */
    private static Path question42(Path dir, String lookedUp, String metrics) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_x_top3/trajs_y/42"));
        Files.writeString(q.resolve("normalobs.json"), """
                {"prompt": "Question: Who?\\n", "observations": ["a", "%s", "c"], "thoughts": ["", "", ""],
                 "actions": ["Search[A]", "Lookup[k]", "Finish[z]"], "time_taken": [0.5, 0.0001, 0.0]}"""
                .formatted(lookedUp));
        Files.writeString(q.resolve("simobs.json"), """
                {"prompt": "", "observations": ["", "", ""], "thoughts": ["", "", ""],
                 "actions": [["Search[A]"], ["Search[B]", "lookup[K]"], ["Finish[y]"]], "time_taken": [2, 0, 0]}""");
        Files.writeString(q.resolve("metrics.json"), metrics);
        return q;
    }
}
