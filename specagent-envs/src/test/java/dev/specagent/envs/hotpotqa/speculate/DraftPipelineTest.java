package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.react.ReactState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** One guess-then-draft pipeline: cancellation reaching the running stage, the usage it reports, how it is tallied. */
class DraftPipelineTest {

    private static final ReactState STATE = ReactState.start(new HotpotQuestion("q", "?", "x"));

    /** A guesser answering {@code page} (or failing with {@code error}) after 0.1 s at $0.01; a cancel costs $0.01. */
    private static ObservationGuesser guesser(String page, RuntimeException error, boolean[] cancelled) {
        return new ObservationGuesser() {
            @Override
            public CallHandle guess(HotpotQuestion question, String entity, Clock clock, Completion<String> done) {
                Clock.Timer t = clock.schedule(Clock.nanos(0.1), () -> {
                    if (error == null) {
                        done.succeed(page, Usage.ofCost(0.01));
                    } else {
                        done.fail(error, Usage.ofCost(0.01));
                    }
                });
                return () -> {
                    t.cancel();
                    cancelled[0] = true;
                    return Usage.ofCost(0.01);
                };
            }

            @Override
            public String name() {
                return "guess-m";
            }
        };
    }

    /** A drafter echoing the guessed page as {@code Search[page]} (or failing with {@code error}) after 0.1 s at $0.02. */
    private static ActionDrafter drafter(RuntimeException error) {
        return new ActionDrafter() {
            @Override
            public CallHandle draft(ReactState state, String guessedObservation, int k, Clock clock,
                                    Completion<List<String>> done) {
                Clock.Timer t = clock.schedule(Clock.nanos(0.1), () -> {
                    if (error == null) {
                        done.succeed(List.of("Search[" + guessedObservation + "]"), Usage.ofCost(0.02));
                    } else {
                        done.fail(error, Usage.ofCost(0.02));
                    }
                });
                return () -> {
                    t.cancel();
                    return Usage.ofCost(0.02);
                };
            }

            @Override
            public String name() {
                return "draft-m";
            }
        };
    }

    @Test
    void draftsReadBeforeTheyAreReadyArriveWithTheUsageOfBothStages() {
        SimulatedClock clock = new SimulatedClock(1);
        SpeculationTally tally = new SpeculationTally();
        DraftPipeline pipeline = DraftPipeline.start(guesser("Bob", null, new boolean[1]), drafter(null), STATE, "X", 2,
                clock, tally);
        List<Object> got = new ArrayList<>();
        pipeline.whenDrafted((drafts, usage) -> got.addAll(List.of(drafts, usage.costUsd())));
        assertThat(got).isEmpty();

        clock.drain();

        assertThat(got).hasSize(2);
        assertThat(got.get(0)).isEqualTo(List.of("Search[Bob]"));
        assertThat((double) got.get(1)).isCloseTo(0.03, within(1e-12));
        assertThat(tally.finished()).isEqualTo(1);
        assertThat(tally.failed()).isZero();
        assertThat(tally.firstFailure()).isEmpty();
    }

    @Test
    void aCancelWhileGuessingStopsTheGuessReturnsItsUsageOnceAndIsNotTallied() {
        SimulatedClock clock = new SimulatedClock(1);
        SpeculationTally tally = new SpeculationTally();
        boolean[] guessCancelled = {false};
        DraftPipeline pipeline = DraftPipeline.start(guesser("Bob", null, guessCancelled), drafter(null), STATE, "X", 2,
                clock, tally);

        assertThat(pipeline.cancel().costUsd()).isCloseTo(0.01, within(1e-12));
        assertThat(guessCancelled[0]).isTrue();
        assertThat(pipeline.cancel()).isEqualTo(Usage.ZERO);
        clock.drain();
        assertThat(tally.finished()).isZero();
    }

    @Test
    void aFailedStageEndsThePipelineWithoutDraftsAndTheTallyKeepsTheFirstReason() {
        SimulatedClock clock = new SimulatedClock(1);
        SpeculationTally tally = new SpeculationTally();
        DraftPipeline guessFails = DraftPipeline.start(guesser("Bob", new IllegalStateException("model not found"),
                new boolean[1]), drafter(null), STATE, "X", 2, clock, tally);
        DraftPipeline draftFails = DraftPipeline.start(guesser("Bob", null, new boolean[1]),
                drafter(new IllegalStateException()), STATE, "Y", 2, clock, tally);
        clock.drain();

        List<Object> got = new ArrayList<>();
        guessFails.whenDrafted((drafts, usage) -> got.addAll(List.of(drafts, usage.costUsd())));
        draftFails.whenDrafted((drafts, usage) -> got.addAll(List.of(drafts, usage.costUsd())));
        assertThat(got).containsExactly(List.of(), 0.01, List.of(), 0.03);
        assertThat(tally.finished()).isEqualTo(2);
        assertThat(tally.failed()).isEqualTo(2);
        assertThat(tally.firstFailure()).contains(
                "question q, step 2, guessing the observation of Search[X] (guess-m): model not found");
        assertThat(draftFails.end().finished()).isTrue();
    }

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
