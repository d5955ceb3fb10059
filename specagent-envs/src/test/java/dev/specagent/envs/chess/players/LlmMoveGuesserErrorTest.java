package dev.specagent.envs.chess.players;

import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link Error} in an {@link LlmMoveGuesser}'s answer stage is no guess, as an exception there is: the stage
 * swallowed it, so the proposal never reported and a runner awaiting it waited for ever.
 */
class LlmMoveGuesserErrorTest {

    /** A model whose one call fails, and whose failed call cannot tell what it spent (its spentSoFar throws an Error). */
    private static final class BrokenModel implements ChatModel {
        final CompletableFuture<ChatResponse> response = new CompletableFuture<>();

        @Override
        public ChatCall start(ChatRequest request) {
            return new ChatCall() {
                @Override
                public CompletableFuture<ChatResponse> response() {
                    return response;
                }

                @Override
                public Usage cancel() {
                    return Usage.ZERO;
                }

                @Override
                public Usage spentSoFar() {
                    throw new AssertionError("spentSoFar is broken");
                }
            };
        }

        @Override
        public LlmEndpoint endpoint() {
            return LlmEndpoint.of("http://localhost:1/v1", "guesser");
        }

        @Override
        public PriceTable prices() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void anErrorInTheAnswerStageIsNoGuessAndTheProposalStillReports() {
        BrokenModel model = new BrokenModel();
        LlmMoveGuesser guesser = new LlmMoveGuesser(model);
        List<String> told = new ArrayList<>();
        guesser.guess(Position.start(), 2, new SimulatedClock(1), new Completion<>() {
            @Override
            public void succeed(List<Guess> guesses, Usage usage) {
                told.add("guesses " + guesses.size());
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                told.add("fail " + error);
            }
        });

        model.response.completeExceptionally(new IOException("reset"));

        assertThat(told).containsExactly("guesses 0");
        assertThat(guesser.emptyGuesses()).isEqualTo(1);
        assertThat(guesser.firstEmptyGuess()).hasValueSatisfying(why -> assertThat(why).contains("spentSoFar is broken"));
    }
}
