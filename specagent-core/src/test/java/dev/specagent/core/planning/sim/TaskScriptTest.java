package dev.specagent.core.planning.sim;

import dev.specagent.core.planning.PlanningTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a task script says of prefixes, recorded positions and runs of accepted drafts, at the plan's edges. */
class TaskScriptTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");

    @Test
    void theWholePlanIsOnPlanAndOneStepMoreIsNot() {
        TaskScript s = new TaskScript(TASK, List.of("X", "Y", "TERMINATE"), List.of("X", "Y", "TERMINATE"));
        assertThat(s.onPlan(List.of())).isTrue();
        assertThat(s.onPlan(List.of("X", "Y", "TERMINATE"))).isTrue();
        assertThat(s.onPlan(List.of("X", "Y", "TERMINATE", "X"))).isFalse();
        assertThat(s.onPlan(List.of("X", "W"))).isFalse();
    }

    @Test
    void everyPositionOfTheScriptIsRecordedFromTheFirstExceptTheFilledOnes() {
        TaskScript s = new TaskScript(TASK, List.of("X", "Y", "TERMINATE"), List.of("X", "Y", "TERMINATE"), Set.of(1));
        assertThat(s.recorded(0)).isTrue();
        assertThat(s.recorded(1)).isFalse();
        assertThat(s.recorded(2)).isTrue();
        assertThat(s.recorded(-1)).isFalse();
        assertThat(s.recorded(3)).isFalse();
    }

    @Test
    void aRunOfAcceptedDraftsStopsAtTheFirstWrongDraftAtTerminateOrAtTheEndOfThePlan() {
        TaskScript terminated = new TaskScript(TASK, List.of("X", "Y", "TERMINATE"), List.of("X", "Y", "TERMINATE"));
        assertThat(terminated.acceptedFrom(0)).isEqualTo(3);
        assertThat(terminated.acceptedFrom(2)).isEqualTo(1);
        assertThat(terminated.acceptedFrom(3)).isZero();
        TaskScript wrongSecond = new TaskScript(TASK, List.of("X", "Y", "TERMINATE"), List.of("X", "W", "TERMINATE"));
        assertThat(wrongSecond.acceptedFrom(0)).isEqualTo(1);
        assertThat(wrongSecond.acceptedFrom(1)).isZero();
        // an accepted TERMINATE ends the plan: nothing after it counts
        TaskScript early = new TaskScript(TASK, List.of("X", "TERMINATE", "Y"), List.of("X", "TERMINATE", "Y"));
        assertThat(early.acceptedFrom(0)).isEqualTo(2);
        // a plan cut without TERMINATE: the run goes to its end
        TaskScript cut = new TaskScript(TASK, List.of("X", "Y"), List.of("X", "Y"));
        assertThat(cut.acceptedFrom(0)).isEqualTo(2);
        assertThat(cut.acceptedFrom(1)).isEqualTo(1);
    }
}
