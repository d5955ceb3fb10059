package dev.specagent.core.planning.depth;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.SpeculativePlanner;
import dev.specagent.core.planning.StepAgent;
import dev.specagent.core.planning.predictor.DepthPredictor;
import dev.specagent.core.planning.predictor.OnlineTrainer;
import dev.specagent.core.planning.predictor.SparseVector;
import dev.specagent.core.planning.predictor.StateFeatures;
import dev.specagent.core.planning.predictor.TrainingSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link DynamicDepth} shared by two planners whose plans overlap: each episode's samples are labelled with its
 * own task's recent acceptances. The policy used to remember only the latest query it was asked about, so an episode
 * of one plan that finished after the other plan's episode started was labelled as if its task had no history.
 */
class SharedDynamicDepthTest {

    private static final PlanningTask A = new PlanningTask("a", "plan a");
    private static final PlanningTask B = new PlanningTask("b", "plan b");

    /** Keeps the samples it is given, and never publishes a model (so every depth is the cold one). */
    private static final class RecordingTrainer implements OnlineTrainer {
        final List<List<TrainingSample>> submitted = new ArrayList<>();

        @Override
        public void submit(List<TrainingSample> samples) {
            submitted.add(List.copyOf(samples));
        }

        @Override
        public long roundsPublished() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    /** Step n of any task is "s{n}", TERMINATE at step 6; answers after {@code seconds}; {@code before} runs first. */
    private static StepAgent agent(double seconds, Runnable before) {
        return (task, prefix, clock, done) -> {
            before.run();
            String step = prefix.size() == 5 ? PlanSteps.TERMINATE : "s" + prefix.size();
            Clock.Timer t = clock.schedule(Clock.nanos(seconds), () -> done.succeed(step, Usage.ZERO));
            return () -> {
                t.cancel();
                return Usage.ZERO;
            };
        };
    }

    private static SpeculativePlanner planner(DepthPolicy policy, Runnable beforeEachDraft) {
        return SpeculativePlanner.builder().approximation(agent(0.1, beforeEachDraft)).target(agent(1, () -> {
        })).policy(policy).clock(new SimulatedClock(1)).build();
    }

    @Test
    void anEpisodeThatEndsAfterAnotherPlansEpisodeStartedIsLabelledWithItsOwnTasksAcceptances() {
        PredictorSettings settings = PredictorSettings.of(0.5, 1); // cold depth 2: every episode accepts 2 drafts
        RecordingTrainer trainer = new RecordingTrainer();
        DepthPredictor predictor = new DepthPredictor(new StateFeatures(settings.featureBits()));
        DynamicDepth shared = new DynamicDepth("shared", settings, predictor, trainer);
        SpeculativePlanner other = planner(shared, () -> {
        });
        boolean[] interleaved = {false};
        // plan a's first draft of its second episode (prefix s0 s1) waits while plan b runs on its own clock
        SpeculativePlanner first = planner(shared, () -> {
            if (!interleaved[0] && trainer.submitted.size() == 1) {
                interleaved[0] = true;
                other.plan(B);
            }
        });

        first.plan(A);

        assertThat(interleaved[0]).isTrue();
        // a's first episode, then b's three, then a's second, labelled with a's one earlier episode (2 accepted)
        List<TrainingSample> second = trainer.submitted.get(4);
        SparseVector expected = predictor.features().features(A, List.of("s0", "s1"), List.of(2));
        assertThat(Arrays.equals(second.getFirst().features().indices(), expected.indices())
                && Arrays.equals(second.getFirst().features().values(), expected.values()))
                .as("a's second episode's first state has a's recent acceptances [2]").isTrue();
    }
}
