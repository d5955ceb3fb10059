package dev.specagent.core.planning;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.call.Usage;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Wraps planning agents so that some of their calls hang: a hung call never reports, and only a cancel ends it
 * (charging {@link #HUNG_CANCEL}). Whether a call hangs is a pure function of the seed, the agent, the task and the
 * prefix, so a test can tell in advance which calls will. Tallies what it started, cancelled and charged, like
 * {@link dev.specagent.core.planning.sim.ScriptedPlanningWorld}; for a simulated clock (not thread-safe).
 */
final class HangingAgents {

    /** What a hung call is charged when it is cancelled: the prompt it was sent. */
    static final Usage HUNG_CANCEL = new Usage(40, 0, 0, 0.00002);

    static final int TARGET = 1;
    static final int APPROXIMATION = 2;

    private final long seed;
    private final double rate;
    private int inFlight;
    private long started;
    private long cancels;
    private Usage charged = Usage.ZERO;

    /** Calls hang with probability {@code rate}, drawn per (agent, task, prefix) from {@code seed}. */
    HangingAgents(long seed, double rate) {
        this.seed = seed;
        this.rate = rate;
    }

    /** Whether {@code agent}'s ({@link #TARGET} or {@link #APPROXIMATION}) call on {@code prefix} hangs. */
    boolean hangs(int agent, PlanningTask task, List<String> prefix) {
        long h = seed * 0x9E3779B97F4A7C15L + agent * 1_000_003L + task.id().hashCode() * 31L + prefix.hashCode();
        return new SplittableRandom(h).nextDouble() < rate;
    }

    /** {@code agent} with the hung calls of {@code which} ({@link #TARGET} or {@link #APPROXIMATION}). */
    StepAgent wrap(StepAgent agent, int which) {
        return (task, prefix, clock, done) -> hangs(which, task, prefix) ? hang()
                : agent.propose(task, prefix, clock, done);
    }

    private CallHandle hang() {
        inFlight++;
        started++;
        boolean[] over = {false};
        return () -> {
            if (over[0]) {
                return Usage.ZERO;
            }
            over[0] = true;
            inFlight--;
            cancels++;
            charged = charged.plus(HUNG_CANCEL);
            return HUNG_CANCEL;
        };
    }

    /** Hung calls not cancelled yet. */
    int inFlight() {
        return inFlight;
    }

    /** Hung calls started. */
    long started() {
        return started;
    }

    /** Cancels that reached a hung call. */
    long cancels() {
        return cancels;
    }

    /** What the cancels of hung calls charged. */
    Usage charged() {
        return charged;
    }
}
