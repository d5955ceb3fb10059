package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An LLM as the speculator, as in the paper (GPT-5 with low reasoning effort guessing the move of
 * GPT-5 with high effort): asked for the k most likely moves in square brackets, best first; the
 * legal ones (UCI or SAN, each once) are the guesses, with confidence falling with rank. One call, no retry; an answer
 * without a legal move, or a failed call, gives no guesses (never a failed game); they are counted, with the first
 * one's reason, so that a speculator that never guesses (a mistyped model, say) can be reported. Cancelling closes
 * the HTTP stream.
 */
public final class LlmMoveGuesser implements MoveGuesser {

    private final ChatModel client;
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong empty = new AtomicLong();
    private final AtomicReference<String> firstEmpty = new AtomicReference<>();

    public LlmMoveGuesser(ChatModel client) {
        this.client = client;
    }

    @Override
    public CallHandle guess(Position position, int k, Clock clock, Completion<List<Guess>> done) {
        ChatCall call = client.start(ChatRequest.builder().system(ChessPrompts.SYSTEM)
                .user(ChessPrompts.guess(position, k)).build());
        call.response().whenComplete((response, error) -> {
            Throwable cause = LlmCall.failureOf(error);
            if (cause instanceof CancellationException) {
                return;
            }
            finished.incrementAndGet();
            try {
                report(call, response, cause, position, k, done);
            } catch (RuntimeException | Error e) { // an Error too: this stage would swallow it, and the proposal
                // never report (a runner awaiting it would wait for ever)
                noGuess("the answer could not be read at ply " + position.ply() + ": " + e);
                done.succeed(List.of(), response != null ? response.usage() : Usage.ZERO);
            }
        });
        return call::cancel;
    }

    /** Reports the guesses of {@code response}, or none when the call failed ({@code cause}) or named no legal move. */
    private void report(ChatCall call, ChatResponse response, Throwable cause, Position position, int k,
                        Completion<List<Guess>> done) {
        if (cause != null) {
            Usage spent = call.spentSoFar();
            noGuess("the call failed: " + cause.getMessage());
            done.succeed(List.of(), spent);
            return;
        }
        List<Guess> guesses = guesses(response.content(), position, k);
        if (guesses.isEmpty()) {
            String text = response.content().strip();
            noGuess("no legal move in the answer at ply " + position.ply() + ": \""
                    + (text.length() <= 120 ? text : text.substring(0, 120) + "…") + "\"");
        }
        done.succeed(guesses, response.usage());
    }

    private void noGuess(String why) {
        empty.incrementAndGet();
        firstEmpty.compareAndSet(null, why);
    }

    /** How many guesses this guesser finished (not cancelled) since it was made. */
    public long finishedGuesses() {
        return finished.get();
    }

    /** How many of the finished guesses gave no guess: a failed call, or an answer without a legal move. */
    public long emptyGuesses() {
        return empty.get();
    }

    /** Why the first guess without a guess had none (the call's error, or the answer quoted), if one had none. */
    public Optional<String> firstEmptyGuess() {
        return Optional.ofNullable(firstEmpty.get());
    }

    /**
     * The legal bracketed moves of {@code answer} (UCI or SAN, as UCI), in order, each once however it is written,
     * at most k, confidence 1/(rank+1) normalised to sum ≤ 1.
     */
    static List<Guess> guesses(String answer, Position position, int k) {
        List<String> legal = ChessPrompts.moves(answer).stream().map(position::legalMove).flatMap(Optional::stream)
                .distinct().limit(k).toList();
        double norm = 0;
        for (int i = 0; i < legal.size(); i++) {
            norm += 1.0 / (i + 1);
        }
        List<Guess> out = new ArrayList<>();
        for (int i = 0; i < legal.size(); i++) {
            out.add(Guess.of(legal.get(i), (1.0 / (i + 1)) / norm));
        }
        return out;
    }

    @Override
    public String describe() {
        String effort = client.endpoint().reasoningEffort();
        return "llm " + client.endpoint().model() + (effort != null ? " (" + effort + " effort)" : "");
    }

}
