package dev.specagent.core.actor;

import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;

import java.util.Objects;

/**
 * The slow authority that executes calls: a large model, a tool or API, an engine, a human. An actor
 * is deterministic for the purposes of losslessness: the same call on the same environment state
 * yields the same value (use a seed, temperature 0 or a node limit where needed).
 *
 * <p>{@link #start} must return quickly; the work runs asynchronously (on a virtual thread, over the
 * network, or as a simulated event) and reports to the context. Implementations must be safe to
 * use from several calls at once.
 */
public interface Actor {

    /**
     * Starts {@code call}; the result is reported to {@code context}. Returns the handle that cancels it, never null
     * ({@link CallHandle#NONE} for work that cannot be stopped); a null handle fails the run.
     */
    CallHandle start(Call call, CallContext context);

    /**
     * What {@code call} is expected to take; used by adaptive policies and budgets. Never null ({@link Estimate#UNKNOWN}
     * when nothing is known: a null fails the run, naming the call).
     */
    default Estimate estimate(Call call) {
        return Estimate.UNKNOWN;
    }

    /**
     * An actor that runs a plain, blocking Java method for each call on the clock's
     * {@link dev.specagent.core.clock.Clock#blockingExecutor() blocking executor} (a virtual thread per
     * call, so it needs a {@link dev.specagent.core.clock.RealClock}: on a
     * {@link dev.specagent.core.clock.SimulatedClock} the call does not start, and the runner fails the run at once
     * with a {@link dev.specagent.core.clock.BlockingWorkRefusedException} naming the clock). The method's return value (a
     * string, number, boolean, map, list, record or {@code JsonNode}) becomes the call's value; a {@code null}
     * return becomes JSON {@code null}, a successful call whose {@link dev.specagent.core.call.Outcome#text() text}
     * is {@code "null"} (so a map lookup that missed does not fail the call: throw to fail it); an
     * exception fails the call. Cancelling interrupts the thread, so a method that sleeps, waits on I/O
     * or checks {@link Thread#interrupted()} stops at once. Costs are reported as zero. The method
     * sees no sandbox view: use it for calls that do not change the environment, or implement
     * {@link Actor} directly.
     */
    static Actor blocking(BlockingWork work) {
        Objects.requireNonNull(work, "work");
        return (call, context) -> BlockingCall.start(context.clock(), () -> work.run(call),
                value -> context.succeed(CanonicalJson.valueOf(value), Usage.ZERO),
                error -> context.fail(error, Usage.ZERO));
    }

    /** The blocking method behind {@link #blocking}: computes the value of one call. */
    @FunctionalInterface
    interface BlockingWork {
        Object run(Call call) throws Exception;
    }
}
