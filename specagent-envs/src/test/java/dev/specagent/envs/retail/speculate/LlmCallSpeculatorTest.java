package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.tasks.GoldReplay;
import dev.specagent.envs.retail.tasks.TaskSplit;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM call speculator over real HTTP against the project's OpenAI-compatible replay server on loopback:
 * two models in parallel, two stages each, guesses merged; a model answering garbage contributes nothing.
 */
class LlmCallSpeculatorTest {

    private static final LlmEndpoint PROBE_A = LlmEndpoint.of("http://127.0.0.1:1/v1", "model-a");
    private static final LlmEndpoint PROBE_B = LlmEndpoint.of("http://127.0.0.1:1/v1", "model-b");

    @Test
    void twoModelsGuessTheNextCallAndTheirGuessesAreMerged() throws Exception {
        var db = RetailData.database();
        var gold = GoldReplay.run(RetailData.tasks(TaskSplit.TEST).get(5), db);
        Transcript soFar = Transcript.ofCalls(gold.subList(0, 2));
        ToolCallRecord next = gold.get(2);
        var schemas = RetailSpeculators.toolSchemas(RetailData.folder());
        LlmCallSpeculator template = new LlmCallSpeculator(List.of(ChatClient.builder(PROBE_A).build()), schemas);

        String predicted = "I want to return the water bottle from my last order.";
        String right = "{\"calls\": [{\"name\": \"" + next.name() + "\", \"arguments\": "
                + CanonicalJson.toCanonicalString(next.kwargs()) + ", \"confidence\": 0.6}, "
                + "{\"name\": \"get_user_details\", \"arguments\": {\"user_id\": \"nobody\"}, \"confidence\": 0.3}]}";
        String alsoRight = "```json\n{\"calls\": [{\"name\": \"" + next.name() + "\", \"arguments\": "
                + CanonicalJson.toCanonicalString(next.kwargs()) + ", \"confidence\": 0.5}]}\n```";
        List<TraceEntry> trace = new ArrayList<>();
        for (LlmEndpoint probe : List.of(PROBE_A, PROBE_B)) {
            trace.add(TraceEntry.text(probe, template.messageRequest(soFar), predicted, 900, 20, 300, 400));
            trace.add(TraceEntry.text(probe, template.callsRequest(soFar, predicted, 3),
                    probe == PROBE_A ? right : alsoRight, 1000, 60, 300, 800));
        }
        try (ReplayServer server = ReplayServer.builder(trace).timeScale(0).start();
             ChatClient a = ChatClient.builder(PROBE_A.onReplayServer(server.baseUrl())).build();
             ChatClient b = ChatClient.builder(PROBE_B.onReplayServer(server.baseUrl())).build()) {
            LlmCallSpeculator speculator = new LlmCallSpeculator(List.of(a, b), schemas);
            List<ScoredCall> guesses = speculator.propose(soFar, 3);
            assertThat(guesses).hasSize(2);
            assertThat(guesses.getFirst().call().call()).isEqualTo(next.call());
            assertThat(guesses.getFirst().score()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(guesses.get(1).call().name()).isEqualTo("get_user_details");

            // A transcript the trace does not know: the server answers 404, the speculator guesses nothing.
            assertThat(speculator.propose(Transcript.ofCalls(gold.subList(0, 1)), 3)).isEmpty();
        }
    }

    @Test
    void malformedAnswersGiveNoGuesses() {
        assertThat(LlmCallSpeculator.parse("not json", 3, "m")).isEmpty();
        assertThat(LlmCallSpeculator.parse("{\"calls\": [{\"name\": 3}]}", 3, "m")).isEmpty();
        assertThat(LlmCallSpeculator.parse("{\"calls\": [{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": 1}\"}]}", 3, "m"))
                .hasSize(1);
        // one guess whose arguments are not JSON is skipped; the guesses after it still count
        assertThat(LlmCallSpeculator.parse("{\"calls\": [{\"name\": \"f\", \"arguments\": \"{oops\"}, "
                + "{\"name\": \"g\", \"arguments\": {\"b\": 2}}]}", 3, "m"))
                .extracting(c -> c.call().name()).containsExactly("g");
    }
}
