package dev.specagent.envs.retail.tasks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a task split: malformed tasks and unknown gold tools are named by file, task and action. */
class TaskSplitTest {

    private static final String GOOD = "{\"user_id\": \"u\", \"instruction\": \"i\", \"actions\": "
            + "[{\"name\": \"get_user_details\", \"kwargs\": {\"user_id\": \"u\"}}], \"outputs\": []}";

    @Test
    void readsTheGoldActions(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tasks_dev.json"), "[" + GOOD + "]");
        assertThat(TaskSplit.DEV.load(dir)).singleElement()
                .satisfies(t -> assertThat(t.actions().getFirst().name()).isEqualTo("get_user_details"));
    }

    /** A task keeps its place, user, instruction and expected answers (the answers are what an agent must say). */
    @Test
    void readsTheTasksPlaceUserInstructionAndAnswers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tasks_test.json"), "[" + GOOD + ", " + GOOD.replace("\"outputs\": []",
                "\"outputs\": [\"10\", \"yes\"]").replace("\"i\"", "\"Return the lamp.\"") + "]");
        RetailTask second = TaskSplit.TEST.load(dir).get(1);
        assertThat(second.index()).isEqualTo(1);
        assertThat(second.userId()).isEqualTo("u");
        assertThat(second.instruction()).isEqualTo("Return the lamp.");
        assertThat(second.outputs()).containsExactly("10", "yes");
    }

    @Test
    void aTruncatedTaskFileNamesLineAndColumnWithoutJacksonsSourceBlock(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tasks_dev.json"), "[\n" + GOOD + ",\n{\"user_id\": \"u");
        assertThatThrownBy(() -> TaskSplit.DEV.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tasks_dev.json: line 3, column").hasMessageNotContaining("REDACTED");
    }

    @Test
    void aGoldActionNamingAnUnknownToolIsAnErrorNamingTaskAndAction(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tasks_dev.json"), "[" + GOOD + ", " + GOOD.replace("\"actions\": [",
                "\"actions\": [{\"name\": \"get_user_details\", \"kwargs\": {}}, {\"name\": \"launch_rockets\", \"kwargs\": {}}, ") + "]");
        assertThatThrownBy(() -> TaskSplit.DEV.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tasks_dev.json: task 1, action 1: unknown tool 'launch_rockets'")
                .hasMessageContaining("get_order_details");
    }

    @Test
    void aSecondArrayAfterTheTasksIsAnErrorNotDropped(@TempDir Path dir) throws Exception {
        // two splits pasted into one file: the second was dropped unread
        Files.writeString(dir.resolve("tasks_dev.json"), "[" + GOOD + "]\n[" + GOOD + "]\n");
        assertThatThrownBy(() -> TaskSplit.DEV.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + dir.resolve("tasks_dev.json") + ": line 2, column 1: "
                        + "a second JSON value follows the first (only one is allowed)");
    }

    @Test
    void anEmptyTaskFileIsAnErrorRatherThanASplitOfNoTasks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tasks_train.json"), "[]");
        assertThatThrownBy(() -> TaskSplit.TRAIN.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tasks_train.json: expected a non-empty JSON array of tasks");
    }

    /**
     * A task's user, instruction and answers were read with {@code asText()}: a null instruction became the text
     * "null" (the user's message under {@code retail gold --instruction-as-user}), a number its digits, and answers
     * that were no list none at all. Each is refused naming file, task and field.
     */
    @Test
    void aUserInstructionOrAnswerThatIsNoStringIsAnErrorNamingTaskAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks_dev.json");
        String[][] cases = {
                {"\"instruction\": \"i\"", "\"instruction\": null", "task 1: field 'instruction' must be a string, got null"},
                {"\"user_id\": \"u\", ", "", "task 1: field 'user_id' must be a string, got none"},
                {"\"user_id\": \"u\"", "\"user_id\": 5", "task 1: field 'user_id' must be a string, got 5"},
                {"\"outputs\": []", "\"outputs\": 10", "task 1: field 'outputs' must be a list of strings, got 10"},
                {"\"outputs\": []", "\"outputs\": {\"a\": \"10\"}", "task 1: field 'outputs' must be a list of strings"},
                {"\"outputs\": []", "\"outputs\": [\"10\", null]", "task 1: field 'outputs[1]' must be a string, got null"}};
        for (String[] c : cases) {
            String bad = GOOD.replace(c[0], c[1]);
            assertThat(bad).isNotEqualTo(GOOD);
            Files.writeString(file, "[" + GOOD + ", " + bad + "]");
            assertThatThrownBy(() -> TaskSplit.DEV.load(dir)).as(c[1]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(file + ": " + c[2]);
        }
        Files.writeString(file, "[" + GOOD.replace(", \"outputs\": []", "") + "]");
        assertThat(TaskSplit.DEV.load(dir).getFirst().outputs()).isEmpty();
    }
}
