package dev.specagent.envs.retail.replay;

import dev.specagent.core.clock.Clock;

/**
 * The simulated durations of a replay, in seconds: the decision before each tool call (the customer's turn
 * and the agent model choosing the call), each tool call, and each speculator proposal. Each is at most
 * {@link Clock#MAX_CALL_SECONDS}; the decision and the tool call are positive, the speculator may be instant.
 */
public record Latencies(double decisionSeconds, double toolSeconds, double speculatorSeconds) {

    /** A 3 s decision (an LLM turn), a 1 s tool call (a backend API) and an instant learned speculator. */
    public static final Latencies DEFAULT = new Latencies(3.0, 1.0, 0.0);

    /** @throws IllegalArgumentException naming every latency when one is out of range, NaN or infinite */
    public Latencies {
        if (!(decisionSeconds > 0 && decisionSeconds <= Clock.MAX_CALL_SECONDS)
                || !(toolSeconds > 0 && toolSeconds <= Clock.MAX_CALL_SECONDS)
                || !(speculatorSeconds >= 0 && speculatorSeconds <= Clock.MAX_CALL_SECONDS)) {
            throw new IllegalArgumentException("latencies must be positive (speculator: not negative) numbers of "
                    + "seconds up to " + Clock.MAX_CALL_SECONDS + ": decision " + decisionSeconds + " s, tool "
                    + toolSeconds + " s, speculator " + speculatorSeconds + " s");
        }
    }
}
