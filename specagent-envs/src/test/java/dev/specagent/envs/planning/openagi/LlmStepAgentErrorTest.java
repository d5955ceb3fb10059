package dev.specagent.envs.planning.openagi;

import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.specagent.envs.planning.openagi.LivePlanningReplayTest.TASK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link Error} while a multi-stage {@link LlmStepAgent} goes from one stage to the next fails the proposal, as an
 * exception does: the answer's completion stage swallowed it, so the proposal never reported and the plan waited for
 * ever.
 */
class LlmStepAgentErrorTest {

    /** A model whose first call is answered by the test and whose second start throws an AssertionError. */
    private static final class SecondStartBreaks implements ChatModel {
        final CompletableFuture<ChatResponse> first = new CompletableFuture<>();
        int starts;

        @Override
        public ChatCall start(ChatRequest request) {
            if (++starts > 1) {
                throw new AssertionError("second start is broken");
            }
            return new ChatCall() {
                @Override
                public CompletableFuture<ChatResponse> response() {
                    return first;
                }

                @Override
                public Usage cancel() {
                    return Usage.ZERO;
                }

                @Override
                public Usage spentSoFar() {
                    return Usage.ZERO;
                }
            };
        }

        @Override
        public LlmEndpoint endpoint() {
            return LlmEndpoint.of("http://localhost:1/v1", "planner");
        }

        @Override
        public PriceTable prices() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void anErrorStartingTheNextStageFailsTheProposalCharged() {
        SecondStartBreaks model = new SecondStartBreaks();
        LlmStepAgent agent = new LlmStepAgent(model, AgentStrategy.REACT);
        List<String> told = new ArrayList<>();
        agent.propose(TASK, List.of(), new SimulatedClock(1), new Completion<>() {
            @Override
            public void succeed(String step, Usage usage) {
                told.add("step " + step);
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                told.add("fail " + error.getMessage() + " " + spent.costUsd());
            }
        });

        model.first.complete(new ChatResponse("id", "planner", "I should caption the image.", "", null, "stop",
                Usage.ofCost(0.02), 0, true, 0, 0, null));

        assertThat(told).singleElement().asString().startsWith("fail model planner (REACT agent), task 'openagi-1', "
                + "step 1: java.lang.AssertionError: second start is broken").endsWith(" 0.02");
        assertThat(agent.failures()).isEqualTo(1);
    }
}
