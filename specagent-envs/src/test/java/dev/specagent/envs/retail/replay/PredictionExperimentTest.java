package dev.specagent.envs.retail.replay;

import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.PredictionTally;
import dev.specagent.envs.retail.speculate.ScoredCall;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.envs.retail.tasks.RetailTask;
import dev.specagent.envs.retail.tasks.TaskSplit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code retail predict} experiment's figures on a few test tasks, with a speculator whose hits are known in
 * advance: the accuracy counts them, the runner adopts exactly them (each saving one tool latency), every task stays
 * lossless although the wrong guesses are writes, and the speculator is asked once per point of a conversation.
 */
class PredictionExperimentTest {

    private final RetailDatabase fresh = RetailData.database();

    /**
     * Proposes nothing for a first call, the gold call at the other even positions of a conversation, and a wrong
     * write (a cancellation) at odd ones.
     */
    private static final class EveryOtherCall implements CallSpeculator {
        final List<List<ToolCallRecord>> golds;
        final List<ToolCallRecord> observed = new ArrayList<>();
        int proposals;

        EveryOtherCall(List<RetailTask> tasks) {
            golds = tasks.stream().map(RetailTask::actions).toList();
        }

        @Override
        public List<ScoredCall> propose(Transcript soFar, int k) {
            proposals++;
            List<ToolCallRecord> done = soFar.calls();
            int n = done.size();
            if (n == 0) {
                return List.of(); // no call yet tells the tasks apart
            }
            List<ToolCallRecord> gold = golds.stream().filter(g -> g.getFirst().call().equals(done.getFirst().call()))
                    .findFirst().orElseThrow();
            ToolCallRecord guess = n % 2 == 0 ? gold.get(n) : ToolCallRecord.pending("cancel_pending_order",
                    CanonicalJson.object("order_id", "#W0000000", "reason", "no longer needed"));
            return List.of(new ScoredCall(guess, 1.0));
        }

        @Override
        public void observe(Transcript soFar, ToolCallRecord actual) {
            observed.add(actual);
        }

        @Override
        public String name() {
            return "every other";
        }
    }

    private List<RetailTask> tasks() {
        // tasks without a transfer (irreversible: never run ahead), whose first calls differ (the speculator's key)
        Set<Call> firsts = new HashSet<>();
        List<RetailTask> tasks = RetailData.tasks(TaskSplit.TEST).stream()
                .filter(t -> t.actions().size() >= 3 && t.actions().stream()
                        .noneMatch(a -> a.name().equals("transfer_to_human_agents")))
                .filter(t -> firsts.add(t.actions().getFirst().call()))
                .limit(3).toList();
        assertThat(tasks.stream().map(t -> t.actions().getFirst().call()).distinct()).hasSize(3);
        return tasks;
    }

    @Test
    void theAccuracyCountsTheHitsAndTheRunnerAdoptsExactlyThemLosslessly() {
        List<RetailTask> tasks = tasks();
        int calls = tasks.stream().mapToInt(t -> t.actions().size()).sum();
        int hits = tasks.stream().mapToInt(t -> (t.actions().size() - 1) / 2).sum();
        EveryOtherCall speculator = new EveryOtherCall(tasks);
        List<Integer> afterPrediction = new ArrayList<>();
        int[] replays = {0};
        Latencies latencies = new Latencies(3.0, 2.0, 0.0);
        PredictionExperiment.Result r = PredictionExperiment.run(tasks, fresh, speculator, 3, latencies, false,
                soFar -> afterPrediction.add(soFar.calls()), () -> replays[0]++);

        assertThat(r.tally().calls()).isEqualTo(calls);
        assertThat(r.tally().hits()).isEqualTo(hits);
        assertThat(r.tally().conversations()).isEqualTo(tasks.size());
        assertThat(r.runnerHits()).isEqualTo(hits);
        assertThat(r.tasks()).isEqualTo(tasks.size());
        assertThat(r.losslessTasks()).as("wrong writes ran on forks only").isEqualTo(tasks.size());
        assertThat(r.sequentialSeconds()).isCloseTo(calls * 5.0, within(1e-9));
        assertThat(r.speculativeSeconds()).as("each adopted call saves its tool time")
                .isCloseTo(calls * 5.0 - hits * 2.0, within(1e-9));
        assertThat(r.savedPct()).isCloseTo(100.0 * hits * 2.0 / (calls * 5.0), within(1e-9));
        assertThat(speculator.observed).as("a fixed experiment teaches nothing").isEmpty();
        // once per distinct point: the timed replay reuses the accuracy replay's proposals, and every task starts from
        // the same empty transcript
        assertThat(speculator.proposals).isEqualTo(calls - (tasks.size() - 1));
        int first = tasks.getFirst().actions().size();
        assertThat(afterPrediction).containsExactly(first, first + tasks.get(1).actions().size(), calls);
        assertThat(replays[0]).isEqualTo(tasks.size());
    }

    @Test
    void onlineTheSpeculatorLearnsEveryCallAndNoTimedReplayRuns() {
        List<RetailTask> tasks = tasks();
        int calls = tasks.stream().mapToInt(t -> t.actions().size()).sum();
        EveryOtherCall speculator = new EveryOtherCall(tasks);
        int[] callbacks = {0};
        PredictionExperiment.Result r = PredictionExperiment.run(tasks, fresh, speculator, 1, Latencies.DEFAULT, true,
                () -> callbacks[0]++);
        assertThat(r.tally().calls()).isEqualTo(calls);
        assertThat(speculator.observed).extracting(ToolCallRecord::call)
                .containsExactlyElementsOf(tasks.stream().flatMap(t -> t.actions().stream()).map(ToolCallRecord::call)
                        .toList());
        assertThat(speculator.observed).allSatisfy(c -> assertThat(c.output()).as("learned with its output").isNotNull());
        assertThat(r.sequentialSeconds()).isZero();
        assertThat(r.speculativeSeconds()).isZero();
        assertThat(r.runnerHits()).isZero();
        assertThat(r.losslessTasks()).isZero();
        assertThat(r.savedPct()).as("nothing replayed: 0, not NaN").isZero();
        assertThat(callbacks[0]).as("once per task: no replay").isEqualTo(tasks.size());
    }

    @Test
    void aTallyCopyIsIndependentAndItsPerToolFiguresAreHitsOverCalls() {
        PredictionTally tally = new PredictionTally();
        tally.add("get_user_details", true);
        tally.add("get_user_details", false);
        tally.add("get_user_details", true);
        tally.add("think", false);
        PredictionTally copy = tally.copy();
        tally.add("think", true);
        tally.addConversation();
        assertThat(copy.calls()).isEqualTo(4);
        assertThat(copy.hits()).isEqualTo(2);
        assertThat(copy.conversations()).isZero();
        assertThat(copy.perTool().get("think")).containsExactly(0, 1);
        assertThat(copy.perToolJson().toString()).isEqualTo("{\"get_user_details\":{\"accuracy\":"
                + (2.0 / 3) + ",\"hits\":2,\"calls\":3},\"think\":{\"accuracy\":0.0,\"hits\":0,\"calls\":1}}");
        assertThat(tally.perToolJson().path("think").path("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(new PredictionTally().accuracy()).isZero();
        assertThatThrownBy(() -> tally.perTool().put("never_called", new int[2])).as("a tool only once called")
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
