package dev.specagent.envs.hotpotqa.react;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.util.List;
import java.util.Map;

/**
 * A ReAct actor that replays a script: for question {@code qid}, the n-th think call (n = steps
 * done) answers the n-th scripted action (with its thought, when given) after a stated latency; past
 * the script it answers {@code Finish[]}, which is an invalid action (no answer, no tool call), not the end of the
 * episode: a script without a {@code Finish[answer]} runs on to the step limit. Used to replay recorded actions and in
 * tests; deterministic.
 */
public final class ScriptedThinker implements Actor {

    private final Map<String, List<ThoughtAction>> scripts;
    private final double seconds;

    /**
     * @param scripts per question id, the thought and action of each step
     * @param seconds the stated latency of every think call (the recorded runs did not record it)
     */
    public ScriptedThinker(Map<String, List<ThoughtAction>> scripts, double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("think latency must be >= 0 s, got " + seconds);
        }
        this.scripts = Map.copyOf(scripts);
        this.seconds = seconds;
    }

    @Override
    public CallHandle start(Call call, CallContext context) {
        String qid = call.args().path("qid").asText();
        int step = call.args().path("steps").size();
        List<ThoughtAction> script = scripts.getOrDefault(qid, List.of());
        ThoughtAction answer = step < script.size() ? script.get(step) : new ThoughtAction("", "Finish[]");
        Clock.Timer timer = context.clock().schedule(Clock.nanos(seconds),
                () -> context.succeed(answer.toJson(), Usage.ZERO));
        return () -> {
            timer.cancel();
            return Usage.ZERO;
        };
    }

    @Override
    public Estimate estimate(Call call) {
        return new Estimate(seconds, 0, 0);
    }
}
