package dev.specagent.envs.chess.replay;

import dev.specagent.core.call.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A recorded game as the replay's timeline: the record's moves and guesses on its path, none off it. */
class RecordedGameTimelineTest {

    private static final Usage ACTOR = new Usage(10, 5, 0, 0);
    private static final Usage GUESS = new Usage(3, 2, 0, 0);

    private static RecordedGameTimeline timeline(int k) {
        RecordedGame game = new RecordedGame("g", 2, List.of(
                new RecordedStep(0, "e2e4", 4, ACTOR, List.of("d2d4", "e2e4"), 1, GUESS),
                new RecordedStep(1, "e7e5", 6, ACTOR, List.of("e7e5", "c7c5"), 2, GUESS)));
        return new RecordedGameTimeline(game, k);
    }

    @Test
    void onTheRecordedPathTheFirstKGuessesAndTheRecordedThinkAreServed() {
        RecordedGameTimeline t = timeline(1);
        assertThat(t.guesses(List.of()).moves()).containsExactly("d2d4");
        assertThat(t.guesses(List.of()).usage()).isEqualTo(GUESS);
        assertThat(timeline(2).guesses(List.of("e2e4")).moves()).containsExactly("e7e5", "c7c5");
        assertThat(t.actor(List.of("e2e4")).move()).isEqualTo("e7e5");
        assertThat(t.actor(List.of("e2e4")).seconds()).isEqualTo(6);
    }

    @Test
    void offTheRecordOrPastItsEndThereAreNoGuessesAndTheActorsMoveMatchesNoRecordedOne() {
        RecordedGameTimeline t = timeline(2);
        assertThat(t.guesses(List.of("d2d4"))).isEqualTo(Timeline.Think.Guesses.NONE);
        assertThat(t.guesses(List.of("e2e4", "e7e5"))).isEqualTo(Timeline.Think.Guesses.NONE);
        assertThat(t.actor(List.of("d2d4")).move()).isNotIn("e7e5", "c7c5").doesNotMatch("[a-h][1-8][a-h][1-8][qrbn]?");
        assertThatThrownBy(() -> t.actor(List.of("e2e4", "e7e5")))
                .hasMessageContaining("game g records 2 plies, not ply 2");
    }
}
