package dev.specagent.core.actor;

import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.util.List;
import java.util.Objects;

/**
 * The fast guesser: given an agent state and the call pending in it, proposes up to {@code k}
 * guesses of the call's value, best first. It may be an LLM, a cheaper prompt, a learned model of
 * past calls or a domain heuristic. Like an {@link Actor} it runs asynchronously, is cancellable and
 * reports its usage; a speculator that cannot guess reports an empty list, never an error that would
 * fail the run.
 *
 * @param <S> the agent's state type
 */
public interface Speculator<S> {

    /**
     * Starts guessing; the guesses (at most {@code k}, best first) are reported to {@code done}, as a list that is
     * never null (empty when there is no guess) with a usage that is never null (see {@link Completion}); the runner
     * copies the list as it is reported (null elements skipped), so the speculator may reuse it afterwards. Returns
     * the handle that cancels the proposal, never null ({@link CallHandle#NONE} when it cannot be stopped).
     */
    CallHandle propose(S state, Call pending, int k, Clock clock, Completion<List<Guess>> done);

    /**
     * What one proposal is expected to take; never null ({@link Estimate#UNKNOWN} when nothing is known: a null fails
     * the run, naming it).
     */
    default Estimate estimate() {
        return Estimate.UNKNOWN;
    }

    /**
     * A speculator from a fast, synchronous function of the state and the pending call (a heuristic, a
     * cache, a lookup table): it runs on the run's event loop, so it must not block. It costs nothing;
     * only its first {@code k} guesses are used, null elements are skipped, and an exception or a null list
     * counts as no guess. An {@link Error} (an {@code AssertionError}, a {@code StackOverflowError}) is no guess but
     * a bug: it fails the run, as the {@code RunFailedException}'s cause.
     */
    static <S> Speculator<S> of(Heuristic<S> heuristic) {
        Objects.requireNonNull(heuristic, "heuristic");
        return (state, pending, k, clock, done) -> {
            clock.execute(() -> {
                List<Guess> guesses;
                try {
                    guesses = heuristic.guesses(state, pending, k);
                } catch (RuntimeException e) {
                    guesses = null;
                }
                // a null element would make List.copyOf throw on the event loop and stop the run
                done.succeed(guesses == null ? List.of()
                        : guesses.stream().filter(Objects::nonNull).limit(Math.max(k, 0)).toList(), Usage.ZERO);
            });
            return CallHandle.NONE;
        };
    }

    /** The function behind {@link #of}: up to {@code k} guesses of {@code pending}'s value, best first. */
    @FunctionalInterface
    interface Heuristic<S> {
        List<Guess> guesses(S state, Call pending, int k);
    }

    /** A speculator that never guesses. */
    static <S> Speculator<S> none() {
        return (state, pending, k, clock, done) -> {
            clock.execute(() -> done.succeed(List.of(), Usage.ZERO));
            return CallHandle.NONE;
        };
    }
}
