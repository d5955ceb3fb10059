package dev.specagent.envs.planning.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.sim.TaskScript;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the import fills in where the record is silent: the plan's end, the drafts it lacks, the vocabulary. */
class RecordedPlansTest {

    @TempDir
    Path dir;

    private RecordedPlans.Imported imported;
    private Map<String, TaskScript> byTask;

    /** One episode per state: {text, k}. Alpha is a target step 5 times, Beta 3, Gamma once, TERMINATE 3. */
    @BeforeEach
    void read() throws Exception {
        Object[][] states = {
                {"Task A\nApproximation Step 1: Alpha", 5}, // a shorter state of task A: its k is not the one used
                {"Task A\nApproximation Step 1: Alpha\nTarget Step 1: Alpha\nTarget Step 2: Beta", 3},
                {"Task B\nTarget Step 1: Alpha\nTarget Step 2: Beta\nTarget Step 3: TERMINATE", 2},
                {"Task C\nTarget Step 1: Beta\nTarget Step 2: Alpha\nTarget Step 3: Gamma", 0},
                {"Task D\nApproximation Step 1: Alpha", 1}, // no target step: skipped
                {"Task E\nTarget Step 1: Alpha\nTarget Step 2: TERMINATE", 1},
                {"Task F\nTarget Step 1: Alpha\nTarget Step 2: TERMINATE", 1},
        };
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode root = mapper.createArrayNode();
        for (Object[] s : states) {
            root.addObject().putArray("trajectory").addObject().put("state", (String) s[0]).put("reward", 1).put("k", (Integer) s[1]);
        }
        Path file = dir.resolve("histories.json");
        Files.writeString(file, root.toString());
        imported = RecordedPlans.read(file);
        byTask = imported.scripts().stream().collect(Collectors.toMap(s -> s.task().description(), Function.identity()));
    }

    @Test
    void theVocabularyIsTheToolsTargetedAtLeastThreeTimesWithoutTerminate() {
        assertThat(imported.vocabulary()).containsExactly("Alpha", "Beta");
    }

    @Test
    void aTaskWithoutATargetStepIsSkippedAndCountedAndTheOthersAreNumberedFromOneInOrder() {
        assertThat(imported.scripts()).extracting(s -> s.task().id() + " " + s.task().description())
                .containsExactly("task-1 Task A", "task-2 Task B", "task-3 Task C", "task-4 Task E", "task-5 Task F");
        assertThat(imported.skippedTasks()).isEqualTo(1);
    }

    @Test
    void anUnfinishedPlanIsExtendedByTheLongestStateLabelMinusOneToolsThenTerminate() {
        TaskScript a = byTask.get("Task A");
        assertThat(a.targetPlan()).hasSize(2 + 2 + 1);
        assertThat(a.targetPlan().subList(0, 2)).containsExactly("Alpha", "Beta");
        assertThat(a.targetPlan().subList(2, 4)).allMatch(imported.vocabulary()::contains);
        assertThat(a.targetPlan().getLast()).isEqualTo(PlanSteps.TERMINATE);
        assertThat(a.drafts().subList(2, 4)).isEqualTo(a.targetPlan().subList(2, 4)); // the agreed steps
        assertThat(a.drafts().getLast()).isIn(imported.vocabulary()); // the approximation misses TERMINATE
        assertThat(a.filledPositions()).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(a.drafts().getFirst()).isEqualTo("Alpha");

        // a label of 0 adds no agreed step, only TERMINATE
        TaskScript c = byTask.get("Task C");
        assertThat(c.targetPlan()).containsExactly("Beta", "Alpha", "Gamma", PlanSteps.TERMINATE);
        assertThat(c.filledPositions()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aPlanThatEndsInTerminateIsKeptAsRecorded() {
        TaskScript b = byTask.get("Task B");
        assertThat(b.targetPlan()).containsExactly("Alpha", "Beta", PlanSteps.TERMINATE);
        assertThat(b.filledPositions()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(byTask.get("Task E").targetPlan()).containsExactly("Alpha", PlanSteps.TERMINATE);
    }

    @Test
    void aDraftFilledInAtARecordedPositionIsAVocabularyToolOtherThanTheTargetStep() {
        Map<String, List<Integer>> silent = Map.of("Task A", List.of(1), "Task B", List.of(0, 1, 2),
                "Task C", List.of(0, 1, 2), "Task E", List.of(0, 1), "Task F", List.of(0, 1));
        silent.forEach((task, positions) -> {
            TaskScript s = byTask.get(task);
            for (int j : positions) {
                assertThat(s.recorded(j)).isFalse();
                assertThat(s.drafts().get(j)).as("%s at %d", task, j).isIn(imported.vocabulary())
                        .isNotEqualTo(s.targetPlan().get(j));
            }
        });
    }
}
