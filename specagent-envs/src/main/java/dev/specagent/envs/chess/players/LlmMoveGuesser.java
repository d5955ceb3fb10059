package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * An LLM as the speculator, as in the paper (GPT-5 with low reasoning effort guessing the move of
 * GPT-5 with high effort): asked for the k most likely moves in square brackets, best first; the
 * legal ones (UCI or SAN, each once) are the guesses, with confidence falling with rank. One call, no retry; an answer
 * without a legal move, or a failed call, gives no guesses. Cancelling closes the HTTP stream.
 */
public final class LlmMoveGuesser implements MoveGuesser {

    private final ChatClient client;

    public LlmMoveGuesser(ChatClient client) {
        this.client = client;
    }

    @Override
    public CallHandle guess(Position position, int k, Clock clock, Completion<List<Guess>> done) {
        ChatCall call = client.start(ChatRequest.builder().system(ChessPrompts.SYSTEM)
                .user(ChessPrompts.guess(position, k)).build());
        call.response().whenComplete((response, error) -> {
            if (error instanceof CancellationException || (error != null && error.getCause() instanceof CancellationException)) {
                return;
            }
            if (error != null) {
                done.succeed(List.of(), call.spentSoFar());
                return;
            }
            done.succeed(guesses(response.content(), position, k), response.usage());
        });
        return call::cancel;
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
