package dev.specagent.envs.chess.replay;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The players of a recorded game on a simulated clock: a think at a position ends after the
 * {@link Timeline}'s latency with the timeline's move. A cancelled think has consumed its prompt and
 * the elapsed share of its completion tokens, and costs what those tokens cost at the timeline's price.
 */
public final class ReplayActor implements Actor {

    private final Timeline timeline;
    private final UnaryOperator<Usage> price;

    /** @param price the price the timeline's usages were priced at (token counts to dollars) */
    public ReplayActor(Timeline timeline, UnaryOperator<Usage> price) {
        this.timeline = timeline;
        this.price = price;
    }

    static List<String> movesOf(Call call) {
        String moves = call.args().path("moves").asText("");
        return moves.isEmpty() ? List.of() : Arrays.asList(moves.split(" "));
    }

    @Override
    public CallHandle start(Call call, CallContext ctx) {
        Timeline.Think think = timeline.actor(movesOf(call));
        return Scheduled.schedule(ctx.clock(), think.seconds(), think.usage(), price,
                () -> ctx.succeed(TextNode.valueOf(think.move()), think.usage()));
    }

    @Override
    public Estimate estimate(Call call) {
        return new Estimate(timeline.actor(movesOf(call)).seconds(), 0, 0);
    }

    /**
     * A completion scheduled on a simulated clock. Cancelled, it has consumed its whole prompt and the elapsed share
     * of its completion tokens, priced by {@code price} (its prompt's dollars are spent in full, not pro rata).
     */
    static final class Scheduled {
        private Scheduled() {
        }

        static CallHandle schedule(Clock clock, double seconds, Usage usage, UnaryOperator<Usage> price, Runnable complete) {
            long start = clock.nanoTime();
            long duration = Clock.nanos(seconds);
            Clock.Timer timer = clock.schedule(duration, complete);
            return () -> {
                if (!timer.cancel()) {
                    return Usage.ZERO;
                }
                double share = duration == 0 ? 1 : Math.min(1, (double) (clock.nanoTime() - start) / duration);
                return price.apply(new Usage(usage.promptTokens(), Math.round(usage.completionTokens() * share),
                        usage.cachedPromptTokens(), 0));
            };
        }
    }
}
