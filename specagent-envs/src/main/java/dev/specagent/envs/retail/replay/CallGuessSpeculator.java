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
 * decision's value, in the speculator's order, each with its score over the first call's score as confidence (so
 * the first has 1, and a later call scored higher than the first, as the data flow's can be behind a recalled call,
 * is capped at 1); it never guesses tool outputs. The proposal completes after the speculator latency.
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
            double top = calls.isEmpty() ? 1 : Math.max(calls.getFirst().score(), 1e-12);
            for (ScoredCall c : calls) {
                guesses.add(new Guess(GoldCallAgent.decisionValue(c.call()), Math.min(1, Math.max(0, c.score() / top))));
            }
        }
        Clock.Timer timer = clock.schedule(Clock.nanos(latencySeconds), () -> done.succeed(guesses, Usage.ZERO));
        return () -> {
            timer.cancel();
            return Usage.ZERO;
        };
    }

    @Override
    public Estimate estimate() {
        return new Estimate(latencySeconds, 0, 0);
    }
}
