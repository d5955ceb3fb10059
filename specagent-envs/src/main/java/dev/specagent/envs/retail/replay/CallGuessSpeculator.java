package dev.specagent.envs.retail.replay;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.ScoredCall;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts a {@link CallSpeculator} to the runner: when a {@link GoldCallAgent#DECIDE} call is pending it
 * proposes the next tool calls (from the transcript the agent has seen, nothing else) as guesses of the
 * decision's value, in the speculator's order, each with its score over the first call's score as confidence: the
 * first has 1, a later call scored at least as high as the first (as the data flow's can be behind a recalled call)
 * has 1, and a later call scored lower has 0 when the first's score gives no scale (not a positive number) or its own
 * score is NaN; so every score, also 0, negative or infinite, gives guesses. It never guesses tool outputs. The
 * proposal completes after the speculator latency.
 */
public final class CallGuessSpeculator implements Speculator<ReplayState> {

    private final CallSpeculator speculator;
    private final double latencySeconds;

    public CallGuessSpeculator(CallSpeculator speculator, double latencySeconds) {
        this.speculator = speculator;
        this.latencySeconds = latencySeconds;
    }

    @Override
    public CallHandle propose(ReplayState state, Call pending, int k, Clock clock, Completion<List<Guess>> done) {
        List<Guess> guesses = new ArrayList<>();
        if (pending.tool().equals(GoldCallAgent.DECIDE)) {
            List<ScoredCall> calls = speculator.propose(state.seen(), k);
            for (int i = 0; i < calls.size(); i++) {
                guesses.add(new Guess(GoldCallAgent.decisionValue(calls.get(i).call()),
                        confidence(calls.get(i).score(), i == 0 ? Double.NaN : calls.getFirst().score())));
            }
        }
        Clock.Timer timer = clock.schedule(Clock.nanos(latencySeconds), () -> done.succeed(guesses, Usage.ZERO));
        return () -> {
            timer.cancel();
            return Usage.ZERO;
        };
    }

    /** {@code score} over {@code top} in [0, 1]; 1 for the first call ({@code top} NaN) and for any scored as high. */
    private static double confidence(double score, double top) {
        if (Double.isNaN(top) || score >= top) {
            return 1;
        }
        return top > 0 && !Double.isNaN(score) ? Math.max(0, score / top) : 0;
    }

    @Override
    public Estimate estimate() {
        return new Estimate(latencySeconds, 0, 0);
    }
}
