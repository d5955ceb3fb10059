package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.react.ReactState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DraftPipelineTest {

    @Test
    void aGuesserThatAnswersAtOnceStillLetsTheCancelReachTheDrafter() {
        ObservationGuesser immediate = new ObservationGuesser() {
            @Override
            public CallHandle guess(HotpotQuestion question, String entity, Clock clock, Completion<String> done) {
                done.succeed("a guessed page", Usage.ZERO); // inside guess(), before it returns its handle
                return CallHandle.NONE;
            }

            @Override
            public String name() {
                return "immediate";
            }
        };
        boolean[] drafterCancelled = {false};
        ActionDrafter drafter = new ActionDrafter() {
            @Override
            public CallHandle draft(ReactState state, String guessedObservation, int k, Clock clock,
                                    Completion<List<String>> done) {
                return () -> {
                    drafterCancelled[0] = true;
                    return Usage.ZERO;
                };
            }

            @Override
            public String name() {
                return "recording";
            }
        };
        ReactState state = ReactState.start(new HotpotQuestion("q", "?", "x"));
        DraftPipeline pipeline = DraftPipeline.start(immediate, drafter, state, "X", 2, new SimulatedClock(1), new SpeculationTally());
        pipeline.cancel();
        assertThat(drafterCancelled[0]).isTrue();
    }
}
