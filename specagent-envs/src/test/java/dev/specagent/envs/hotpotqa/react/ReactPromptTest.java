package dev.specagent.envs.hotpotqa.react;

import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.record.RecordFormatException;
import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReactPromptTest {

    @Test
    void theActorSeesExactlyThePromptOfTheRecordedRuns() throws Exception {
        Path runs = DataDirectory.require(HotpotDataset.RUNS);
        ReactPrompt prompt = ReactPrompt.fromRecordedRuns(runs);
        assertThat(prompt.prefix()).contains("Question: What is the elevation range")
                .contains("(1) Search[entity]").endsWith("give me the actions first.");
        int mostCommon = 0;
        for (RecordedRun run : RecordedRunReader.readAll(runs)) {
            if (run.normal().isEmpty()) {
                continue;
            }
            String recorded = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Files.readString(run.folder().resolve("normalobs.json"))).path("prompt").asText();
            ReactState start = ReactState.start(new HotpotQuestion(run.questionIndex(), run.question(), ""));
            ReactPrompt own = ReactPrompt.fromRecordedRun(run.folder().resolve("normalobs.json"));
            assertThat(own.trajectory(start)).as(run.folder().toString()).isEqualTo(recorded);
            if (own.prefix().equals(prompt.prefix())) {
                mostCommon++;
            }
        }
        assertThat(mostCommon).isEqualTo(47);
    }

    @Test
    void theDraftPromptCarriesTheGuessedObservationAndAsksForKCandidates() {
        ReactPrompt prompt = new ReactPrompt("P\n");
        ReactState state = ReactState.start(new HotpotQuestion("q", "Who?", ""))
                .awaiting(new ThoughtAction("I search A.", "Search[A]"));
        String draft = prompt.draftPrompt(state, "A is a guessed page.", 3);
        assertThat(draft).startsWith("P\nQuestion: Who?\nThought 1: I search A.\nAction 1: Search[A]\n"
                + "Observation 1: A is a guessed page.\n").contains("exactly 3 candidates for Action 2");
        ReactState after = new ReactState(state.question(), List.of(new ReactStep("t", "Search[A]", "obs")), null,
                null);
        assertThat(prompt.actorPrompt(after)).endsWith("Thought 2:");
    }

    @Test
    void aRecordedRunWithTextAfterItsJsonIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("normalobs.json"),
                "{\"prompt\": \"Solve.\\nQuestion: example\\nQuestion: q\\n\"} trailing");
        assertThatThrownBy(() -> ReactPrompt.fromRecordedRun(file)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ": malformed JSON at line 1, column ").hasMessageContaining("'trailing'");
    }

    @Test
    void recordedRunsReachedThroughSymbolicLinksAreRead(@TempDir Path dir) throws Exception {
        // RecordedRunReader follows links, so the prompt must too: a linked runs folder (or a linked configuration
        // in it) failed with "no normalobs.json to take the prompt from"
        Path question = Files.createDirectories(dir.resolve("real/agent_a_top1/trajs_s/1"));
        Files.writeString(question.resolve("normalobs.json"), "{\"prompt\": \"Solve.\\nQuestion: example\\nQuestion: q\\n\"}");
        Path linkedRuns = Files.createSymbolicLink(dir.resolve("runs"), dir.resolve("real"));
        assertThat(ReactPrompt.fromRecordedRuns(linkedRuns).prefix()).isEqualTo("Solve.\nQuestion: example\n");
        Path linkedConfiguration = Files.createDirectories(dir.resolve("runs2"));
        Files.createSymbolicLink(linkedConfiguration.resolve("agent_a_top1"), dir.resolve("real/agent_a_top1"));
        assertThat(ReactPrompt.fromRecordedRuns(linkedConfiguration).prefix()).isEqualTo("Solve.\nQuestion: example\n");
    }
}
