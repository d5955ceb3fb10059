package dev.specagent.core.actor;

import dev.specagent.core.call.Usage;

/**
 * Where an asynchronous call reports its end. On a {@link dev.specagent.core.clock.RealClock} it may
 * be called from any thread; on a {@link dev.specagent.core.clock.SimulatedClock}, which is
 * single-threaded, only from the clock's events (report from a {@code clock.schedule} task). The
 * runner receives it on its event loop. The first report wins; later reports, and
 * reports after the call was cancelled, are ignored.
 *
 * <p>The usage is required ({@link Usage#ZERO} for a call that cost nothing), and so is a speculator's list of
 * guesses (empty when it has none): a {@code null} in their place fails the run with a
 * {@link dev.specagent.core.runner.RunFailedException} naming the call.
 *
 * @param <T> the type of the result
 */
public interface Completion<T> {

    /** The call finished with {@code value}, having consumed {@code usage}. */
    void succeed(T value, Usage usage);

    /** The call failed (error, refusal, unparseable answer) after consuming {@code spent}. */
    void fail(Throwable error, Usage spent);
}
