package dev.specagent.envs.hotpotqa.react;

import com.fasterxml.jackson.databind.ObjectMapper;
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
            String recorded = new ObjectMapper()
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
    @Test
    void theTrajectoryWritesEachFinishedStepNumberedFromOne() {
        ReactState state = new ReactState(new HotpotQuestion("q", "Who?", ""),
                List.of(new ReactStep("t1", "Search[A]", "o1"), new ReactStep("t2", "Lookup[k]", "o2")), null, null);

        assertThat(new ReactPrompt("P\n").trajectory(state)).isEqualTo("P\nQuestion: Who?\n"
                + "Thought 1: t1\nAction 1: Search[A]\nObservation 1: o1\n"
                + "Thought 2: t2\nAction 2: Lookup[k]\nObservation 2: o2\n");
    }

    @Test
    void theDraftPromptAsksForTheNextStepAndSaysCandidateForOne() {
        ReactState state = ReactState.start(new HotpotQuestion("q", "Who?", ""))
                .awaiting(new ThoughtAction("I search A.", "Search[A]"));

        assertThat(new ReactPrompt("P\n").draftPrompt(state, "guess", 1)).endsWith("Observation 1: guess\n"
                + "Think very briefly about step 2, then give exactly 1 candidate for Action 2, most likely first, on one "
                + "line separated by commas, each written exactly as Search[...], Lookup[...] or Finish[...]. "
                + "Example: Action 2: Search[Barack Obama], Lookup[born], Finish[Honolulu]");
        assertThatThrownBy(() -> new ReactPrompt("P\n").draftPrompt(ReactState.start(state.question()), "guess", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a draft needs a pending action");
    }

    @Test
    void theActorsAnswerIsItsThoughtAndTheFirstActionAfterTheActionLabel() {
        assertThat(ReactPrompt.parseActorAnswer(" Thought 1: I search X.\nAction 1: Search[X] ")).isEqualTo(
                new ThoughtAction("I search X.", "Search[X]"));
        assertThat(ReactPrompt.parseActorAnswer("Thought: Lookup[no] is not it.\nAction: Finish[Bob] or Finish[Ann]"))
                .isEqualTo(new ThoughtAction("Lookup[no] is not it.", "Finish[Bob]"));
        // an answer that goes on to invent the observation and the next step stops at the observation
        assertThat(ReactPrompt.parseActorAnswer("Thought 1: t\nAction 1: Search[X]\nObservation 1: X is.\n"
                + "Thought 2: u\nAction 2: Finish[y]")).isEqualTo(new ThoughtAction("t", "Search[X]"));
    }

    @Test
    void anAnswerWithoutActionLabelOrActionKeepsItsText() {
        assertThat(ReactPrompt.parseActorAnswer("I think Finish[Bob] is right")).isEqualTo(
                new ThoughtAction("I think Finish[Bob] is right", "Finish[Bob]"));
        assertThat(ReactPrompt.parseActorAnswer("Thought 1: t\nAction 1: I give up")).isEqualTo(
                new ThoughtAction("t", "I give up"));
        assertThat(ReactPrompt.parseActorAnswer(null)).isEqualTo(new ThoughtAction("", ""));
    }

    @Test
    void theGuessAndCorrectionPromptsNameTheEntityAndTheStep() {
        assertThat(ReactPrompt.guessPrompt("Ed Wood")).startsWith("Write the opening of the Wikipedia article about Ed Wood, ");
        assertThat(ReactPrompt.correction(3, "the answer is empty")).isEqualTo("Your answer was refused: the answer is "
                + "empty. Reply briefly with one line \"Thought 3: ...\" and one line \"Action 3: ...\" whose action is "
                + "Search[entity], Lookup[keyword] or Finish[answer].");
    }

    @Test
    void runsWithoutARecordedRunNameTheFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("agent_a_top1/trajs_s/1"));
        assertThatThrownBy(() -> ReactPrompt.fromRecordedRuns(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessage(dir + ": no normalobs.json to take the prompt from");
        assertThat(ReactPrompt.paper().prefix()).isEqualTo(
                ReactPrompt.fromRecordedRuns(DataDirectory.require(HotpotDataset.RUNS)).prefix());
    }
}
