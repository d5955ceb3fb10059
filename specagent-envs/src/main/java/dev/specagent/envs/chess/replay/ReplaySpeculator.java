package dev.specagent.envs.chess.replay;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The recorded speculator: at a position on the recorded path it returns the recorded guesses (best
 * first, confidence falling with rank) after the recorded latency; off the path it has nothing to say.
 */
public final class ReplaySpeculator implements Speculator<ReplayState> {

    private final Timeline timeline;
    private final UnaryOperator<Usage> price;

    /** @param price the price the timeline's usages were priced at, for what a cancelled guess consumed */
    public ReplaySpeculator(Timeline timeline, UnaryOperator<Usage> price) {
        this.timeline = timeline;
        this.price = price;
    }

    @Override
    public CallHandle propose(ReplayState state, Call pending, int k, Clock clock, Completion<List<Guess>> done) {
        Timeline.Think.Guesses g = timeline.guesses(state.moves());
        List<Guess> guesses = new ArrayList<>();
        for (int i = 0; i < Math.min(k, g.moves().size()); i++) {
            guesses.add(Guess.of(g.moves().get(i), 1.0 / (i + 2)));
        }
        return ReplayActor.Scheduled.schedule(clock, g.seconds(), g.usage(), price, () -> done.succeed(guesses, g.usage()));
    }
}
