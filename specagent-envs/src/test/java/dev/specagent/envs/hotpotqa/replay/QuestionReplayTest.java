package dev.specagent.envs.hotpotqa.replay;

import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedTrajectory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One recorded question replayed from hand-made trajectories: latencies, guess quality, lookups, the answer. */
class QuestionReplayTest {

    static RecordedTrajectory side(List<String> actions, List<String> observations, List<Double> seconds) {
        return new RecordedTrajectory(actions.stream().map(a -> "").toList(), actions.stream().map(List::of).toList(),
                observations, seconds);
    }

    static RecordedRun run(RecordedTrajectory normal, RecordedTrajectory sim, Map<String, Double> metrics) {
        return new RecordedRun(Path.of("q"), "actor", 1, "spec", "7", "Who?", Optional.of(normal),
                Optional.ofNullable(sim), Optional.ofNullable(metrics));
    }

    static QuestionReplay replay(RecordedTrajectory normal, RecordedTrajectory sim) {
        return QuestionReplay.of(run(normal, sim, null), q -> Optional.empty());
    }

    @Test
    void aSimulatedSideShorterThanTheRealOneGivesNoGuessForTheStepsItLacks() {
        RecordedTrajectory normal = side(List.of("Search[A]", "Search[B]", "Finish[x]"),
                List.of("A is a city.", "B is a river.", ""), List.of(0.5, 0.7, 0.0));
        RecordedTrajectory sim = side(List.of("Search[A]"), List.of("A is a city."), List.of(2.0));

        QuestionReplay q = replay(normal, sim);

        assertThat(q.searchSeconds()).containsExactly(0.5, 0.7);
        assertThat(q.guessSeconds()).containsExactly(2.0);
        assertThat(q.guessF1()).containsExactly(1.0);
    }

    /** A simulated side cut short (the run stopped before it wrote every step) lacks the guesses of later steps. */
    @Test
    void aLookupPastTheEndOfAShorterSimulatedSideIsCheckedAgainstTheGuessesItHas() {
        String sentence = "Paris is the capital of France";
        RecordedTrajectory normal = side(List.of("Search[Paris]", "Lookup[capital]", "Lookup[river]", "Finish[Paris]"),
                List.of("Paris ...", "(Result 1 / 1) " + sentence + ".", "(Result 1 / 1) It lies on the Seine.", ""),
                List.of(0.5, 0.0, 0.0, 0.0));
        RecordedTrajectory sim = side(List.of("Search[Paris]"), List.of(sentence + ". It is big."), List.of(1.0));

        QuestionReplay q = replay(normal, sim);

        assertThat(q.lookupsAfterSearch()).isEqualTo(2);
        assertThat(q.lookupsFromGuessedPage()).isEqualTo(1);
        assertThat(q.answer()).contains("Paris");
    }

    @Test
    void realStepsWithoutARecordedLatencyOrObservationContributeNone() {
        RecordedTrajectory normal = side(List.of("Search[A]", "Search[B]"), List.of("A is a city."), List.of(0.5));
        RecordedTrajectory sim = side(List.of("Search[A]", "Search[B]"), List.of("A is a town.", "B"), List.of(1.0, 2.0));

        QuestionReplay q = replay(normal, sim);

        assertThat(q.searchSeconds()).containsExactly(0.5);
        assertThat(q.guessSeconds()).containsExactly(1.0, 2.0);
        assertThat(q.guessF1()).hasSize(1);
    }

    @Test
    void aGuessIsScoredOnlyAgainstASearchThatFoundAPage() {
        RecordedTrajectory normal = side(List.of("Search[A]", "Search[B]", "Search[C]"),
                List.of("Could not find [A]. Similar: []", " ", "C is a lake."), List.of(0.5, 0.5, 0.5));
        RecordedTrajectory sim = side(List.of("Search[A]", "Search[B]", "Search[C]"),
                List.of("A page", "B page", "C is a sea."), List.of(1.0, 1.0, 1.0));

        assertThat(replay(normal, sim).guessF1()).hasSize(1).allSatisfy(f1 -> assertThat(f1).isBetween(0.5, 0.9));
    }

    @Test
    void aLookupCountsAsReadFromTheGuessedPageOnlyWhenAnEarlierGuessHoldsItsSentence() {
        String sentence = "Paris is the capital of France";
        RecordedTrajectory normal = side(
                List.of("Lookup[early]", "Search[Paris]", "Lookup[capital]", "Lookup[river]", "Lookup[x]", "Lookup[y]",
                        "Lookup[z]", "Finish[Paris]"),
                List.of("(Result 1 / 1) " + sentence + ".", "Paris ...", "(Result 1 / 1) " + sentence + ".",
                        "(Result 1 / 1) The Seine flows through it.", "(Result 1 / 1) Short one.",
                        sentence + ".", "(Result 1 / 1) It lies on the Seine", ""),
                List.of(0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        RecordedTrajectory sim = side(List.of("Lookup[early]", "Search[Paris]", "Lookup[capital]", "Lookup[river]",
                        "Lookup[x]", "Lookup[y]", "Lookup[z]", "Finish[Paris]"),
                List.of("", sentence + ", and Short one. It lies on the Seine.", "",
                        "The Seine flows through it.", "", "", "", ""),
                List.of(0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));

        QuestionReplay q = replay(normal, sim);

        // the lookup before any search is not counted; "The Seine flows" is only in a later guess; "Short one"
        // is too short to prove anything; the one without "(Result" is not a lookup result; a sentence is found
        // without its final period, and one without a period as written
        assertThat(q.lookupsAfterSearch()).isEqualTo(5);
        assertThat(q.lookupsFromGuessedPage()).isEqualTo(2);
    }

    @Test
    void theAnswerIsTheArgumentOfTheRealRunsLastFinish() {
        RecordedTrajectory sim = side(List.of(), List.of(), List.of());
        assertThat(replay(side(List.of("Finish[Bob]"), List.of(""), List.of(0.0)), sim).answer()).contains("Bob");
        assertThat(replay(side(List.of("Finish[Ann]", "Finish[Bob]", "Search[x]", "think"), List.of("", "", "", ""),
                List.of(0.0, 0.0, 0.0, 0.0)), sim).answer()).contains("Bob");
        assertThat(replay(side(List.of("Search[x]"), List.of(""), List.of(0.0)), sim).answer()).isEmpty();
    }

    @Test
    void ratesWithOtherKeysThanTheRecordedOnesAreNotReproduced() {
        RecordedTrajectory normal = side(List.of("Search[A]", "Finish[x]"), List.of("", ""), List.of(0.5, 0.0));
        RecordedTrajectory sim = side(List.of("Search[A]", "Finish[x]"), List.of("", ""), List.of(0.5, 0.0));

        assertThat(QuestionReplay.of(run(normal, sim, Map.of("general", 1.0, "Finish", 1.0)), q -> Optional.empty())
                .reproduced()).isTrue();
        assertThat(QuestionReplay.of(run(normal, sim, Map.of("general", 1.0)), q -> Optional.empty())
                .reproduced()).isFalse();
        assertThat(QuestionReplay.of(run(normal, null, Map.of("general", 1.0)), q -> Optional.empty())
                .reproduced()).isFalse();
    }
}
