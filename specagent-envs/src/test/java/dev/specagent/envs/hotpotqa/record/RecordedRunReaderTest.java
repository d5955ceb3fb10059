package dev.specagent.envs.hotpotqa.record;

import dev.specagent.core.clock.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading recorded runs from hand-made folders: their order, where the question comes from, the latency bounds. */
class RecordedRunReaderTest {

    private static String trajectory(String prompt, double seconds) {
        return "{\"prompt\": \"" + prompt + "\", \"observations\": [\"o\"], \"thoughts\": [\"t\"], "
                + "\"actions\": [\"Finish[b]\"], \"time_taken\": [" + seconds + "]}";
    }

    @Test
    void questionsAreInConfigurationOrderThenByNumericIndexThenTheOtherNames(@TempDir Path dir) throws IOException {
        for (String q : List.of("agent_b_top1/trajs_s/2", "agent_a_top1/trajs_s/10", "agent_a_top1/trajs_s/9",
                "agent_a_top1/trajs_s/draft", "agent_a_top1/trajs_s/100")) {
            Files.createDirectories(dir.resolve(q));
        }

        assertThat(RecordedRunReader.readAll(dir)).extracting(r -> r.configuration() + "/" + r.questionIndex())
                .containsExactly("agent_a_top1/trajs_s/9", "agent_a_top1/trajs_s/10", "agent_a_top1/trajs_s/100",
                        "agent_a_top1/trajs_s/draft", "agent_b_top1/trajs_s/2");
    }

    @Test
    void withoutTheRealRunTheQuestionIsTakenFromTheSimulatedSidesPrompt(@TempDir Path dir) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_a_top1/trajs_s/1"));
        Files.writeString(q.resolve("simobs.json"), trajectory("Question: Who is Bob?\\nThought 1:", 0));

        RecordedRun run = RecordedRunReader.readAll(dir).getFirst();

        assertThat(run.normal()).isEmpty();
        assertThat(run.question()).isEqualTo("Who is Bob?");
    }

    @Test
    void theQuestionIsTheLastQuestionLineVerbatim() {
        assertThat(RecordedRunReader.questionOf("Question: Who?")).isEqualTo("Who?");
        assertThat(RecordedRunReader.questionOf("Question: A?\nQuestion: B? \nThought 1:")).isEqualTo("B? ");
        assertThat(RecordedRunReader.questionOf("Question: \nThought 1:")).isEmpty();
        assertThat(RecordedRunReader.questionOf("no question here")).isEmpty();
    }

    @Test
    void aLatencyFromZeroToTheLongestCallIsAcceptedAndBeyondNamesTheField(@TempDir Path dir) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_a_top1/trajs_s/1"));
        Path file = q.resolve("normalobs.json");
        for (double ok : new double[] {0, Clock.MAX_CALL_SECONDS}) {
            Files.writeString(file, trajectory("", ok));
            assertThat(RecordedRunReader.readAll(dir).getFirst().normal().orElseThrow().seconds()).containsExactly(ok);
        }
        Files.writeString(file, trajectory("", Math.nextUp(Clock.MAX_CALL_SECONDS)));
        assertThatThrownBy(() -> RecordedRunReader.readAll(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessageStartingWith(file + ": field time_taken[0] must be seconds from 0 to ");
    }

    /** A real step without its action made the replay on the runner fail with a NullPointerException. */
    @Test
    void aRealStepWithoutAnActionIsRefusedNamingTheFieldAndADraftlessStepIsKept(@TempDir Path dir) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_a_top1/trajs_s/1"));
        String noAction = "{\"observations\": [\"o\", \"p\"], \"thoughts\": [\"t\", \"u\"], "
                + "\"actions\": [\"Search[x]\", []], \"time_taken\": [0.5, 0]}";
        Files.writeString(q.resolve("simobs.json"), noAction);
        Files.writeString(q.resolve("normalobs.json"), trajectory("", 0));
        assertThat(RecordedRunReader.readAll(dir).getFirst().simulated().orElseThrow().actions().get(1)).isEmpty();

        Files.writeString(q.resolve("normalobs.json"), noAction);
        assertThatThrownBy(() -> RecordedRunReader.readAll(dir)).isInstanceOf(RecordFormatException.class)
                .hasMessage(q.resolve("normalobs.json") + ": field actions[1] is an empty list: the real run took an "
                        + "action at every step");
    }

    /** An observation that is no text was read as its JSON ("null"), and served as Wikipedia's page of the entity. */
    @Test
    void anObservationThatIsNoStringIsRefusedNamingTheFieldWhileANullThoughtIsRead(@TempDir Path dir) throws IOException {
        Path q = Files.createDirectories(dir.resolve("agent_a_top1/trajs_s/1"));
        Path file = q.resolve("normalobs.json");
        Files.writeString(file, "{\"observations\": [\"Zed is a letter.\"], \"thoughts\": [null], "
                + "\"actions\": [\"Search[Zed]\"], \"time_taken\": [0.5]}");
        assertThat(RecordedRunReader.readAll(dir).getFirst().normal().orElseThrow().thoughts()).containsExactly("null");

        for (String observation : List.of("null", "3", "[\"a\"]")) {
            Files.writeString(file, "{\"observations\": [\"o\", " + observation + "], \"thoughts\": [\"t\", \"u\"], "
                    + "\"actions\": [\"Search[Zed]\", \"Search[Ann]\"], \"time_taken\": [0.5, 0.5]}");
            assertThatThrownBy(() -> RecordedRunReader.readAll(dir)).isInstanceOf(RecordFormatException.class)
                    .hasMessage(file + ": field observations[1] is not a string");
        }
    }
}
