package dev.specagent.envs.chess.replay;

import dev.specagent.core.call.Usage;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A recorded game played without speculation, with the speculator's guesses recorded beside each
 * ply ({@code steps_info_*_guess_K.json}), or a game measured live and turned into the same form.
 *
 * @param id      the game's name (its folder)
 * @param guesses how many guesses per ply the record holds (K)
 * @param steps   the plies in order, ply i at index i
 */
public record RecordedGame(String id, int guesses, List<RecordedStep> steps) {

    public RecordedGame {
        steps = List.copyOf(steps);
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).ply() != i) {
                throw new IllegalArgumentException("game " + id + ": step " + i + " has ply " + steps.get(i).ply());
            }
        }
    }

    /** The same game with every usage re-priced by {@code price} (token counts to dollars). */
    public RecordedGame priced(UnaryOperator<Usage> price) {
        return new RecordedGame(id, guesses, steps.stream().map(s -> new RecordedStep(s.ply(), s.move(),
                s.actorSeconds(), price.apply(s.actorUsage()), s.guesses(), s.guessSeconds(),
                price.apply(s.guessUsage()))).toList());
    }

    /** The moves of the first {@code plies} plies. */
    public List<String> moves(int plies) {
        return steps.subList(0, plies).stream().map(RecordedStep::move).toList();
    }
}
