package dev.specagent.envs.chess.replay;

import dev.specagent.core.call.Usage;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * The authors' online speculative run of a game ({@code stepsinfo.json}) and the speculative total
 * their code recorded for it ({@code time_checker_speculate.json}), when present.
 */
public record OnlineRun(String id, List<OnlineStep> steps, OptionalDouble recordedSpeculativeSeconds) {

    public OnlineRun {
        steps = List.copyOf(steps);
    }

    /** The same run with every usage re-priced by {@code price} (token counts to dollars). */
    public OnlineRun priced(UnaryOperator<Usage> price) {
        return new OnlineRun(id, steps.stream().map(s -> new OnlineStep(s.ply(), s.move(), s.hitStep(),
                s.actorSeconds(), price.apply(s.actorUsage()), s.guesses(), s.guessSeconds(), price.apply(s.guessUsage()),
                s.branchMoves(), s.branchSeconds(), s.branchUsage().stream().map(price).toList())).toList(),
                recordedSpeculativeSeconds);
    }

    /** Whether any ply ran speculation (games played without it have no guesses at all). */
    public boolean speculated() {
        return steps.stream().anyMatch(s -> !s.guesses().isEmpty());
    }

    /** The most guesses any ply made. */
    public int k() {
        return steps.stream().mapToInt(s -> s.guesses().size()).max().orElse(0);
    }
}
