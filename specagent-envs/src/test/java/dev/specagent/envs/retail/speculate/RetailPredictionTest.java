package dev.specagent.envs.retail.speculate;

import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.replay.Latencies;
import dev.specagent.envs.retail.replay.PredictionExperiment;
import dev.specagent.envs.retail.tasks.GoldReplay;
import dev.specagent.envs.retail.tasks.TaskSplit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The learned speculator on the retail test split, trained on the train split only (figures in
 * docs/retail.md: 37.1% at k = 1, 42.4% at k = 3), and the time its hits save in the runner replay.
 */
class RetailPredictionTest {

    @Test
    void trainedOnTrainItPredictsTheTestCallsAndTheRunnerAdoptsExactlyItsHits() {
        var db = RetailData.database();
        var speculator = RetailSpeculators.learned(RetailData.tasks(TaskSplit.TRAIN), db);
        var tasks = RetailData.tasks(TaskSplit.TEST);
        PredictionExperiment.Result k3 = PredictionExperiment.run(tasks, db, speculator, 3, Latencies.DEFAULT, false);
        assertThat(k3.tally().calls()).isEqualTo(582);
        assertThat(k3.tally().accuracy()).isGreaterThan(0.42);
        assertThat(k3.tally().perTool().get("get_user_details")[0]).isGreaterThan(50);
        // every predicted call is run ahead and adopted: 1 s of tool time saved per hit
        assertThat(k3.runnerHits()).isEqualTo(k3.tally().hits());
        assertThat(k3.losslessTasks()).isEqualTo(tasks.size());
        assertThat(k3.sequentialSeconds() - k3.speculativeSeconds()).isCloseTo(k3.tally().hits() * 1.0,
                offset(1e-6));
        var k1 = PredictionReplay.run(tasks.stream().map(t -> Transcript.ofCalls(GoldReplay.run(t, db))).toList(),
                speculator, 1, false);
        assertThat(k1.accuracy()).isGreaterThan(0.35).isLessThanOrEqualTo(k3.tally().accuracy());
    }

    @Test
    void theDataFlowAloneIsTrainedOnTheSameEpisodesAndRecallAddsToIt() {
        var db = RetailData.database();
        var train = RetailData.tasks(TaskSplit.TRAIN);
        var test = RetailData.tasks(TaskSplit.TEST).stream().map(t -> Transcript.ofCalls(GoldReplay.run(t, db)))
                .toList();
        var dataFlow = PredictionReplay.run(test, RetailSpeculators.dataFlow(train, db), 3, false);
        var learned = PredictionReplay.run(test, RetailSpeculators.learned(train, db), 3, false);
        assertThat(dataFlow.accuracy()).as("docs/retail.md: 246 of 582").isGreaterThan(0.4)
                .isLessThan(learned.accuracy());
    }
}
