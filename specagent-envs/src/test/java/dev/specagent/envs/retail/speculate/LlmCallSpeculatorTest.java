package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.tasks.GoldReplay;
import dev.specagent.envs.retail.tasks.TaskSplit;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The LLM call speculator over real HTTP against the project's OpenAI-compatible replay server on loopback:
 * two models in parallel, two stages each, guesses merged; a model answering garbage contributes nothing, an unusable
 * call of an answer is skipped, and a hung or throwing model holds back nobody's guesses.
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
            assertThat(guesses.getFirst().score()).isCloseTo(0.8, offset(1e-9));
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

    @Test
    void anAnswerWhoseCallsAreNoArrayGivesNoGuessesAndDoesNotThrow() {
        // parse threw a NullPointerException for a 'calls' object (calls.get(i) of an object is null), so the model's
        // answer was reported as a failure to propose, not as an unusable answer
        for (String calls : List.of("{}", "{\"arguments\": {\"a\": 1}}", "\"f\"", "3")) {
            String answer = "{\"calls\": " + calls + "}";
            assertThat(LlmCallSpeculator.parse(answer, 3, "m")).as(answer).isEmpty();
        }
        for (String answer : List.of("{}", "\"f\"", "3", "null", "{\"call\": {\"name\": \"f\"}}")) {
            assertThat(LlmCallSpeculator.parse(answer, 3, "m")).as(answer).isEmpty();
        }
    }

    @Test
    void theAgentsInstructionsAreLeftOutUnderEitherRoleName() {
        // ConversationReader takes 'developer' as the newer name of 'system'; render left out only 'system', so a
        // conversation recorded with the newer name sent the agent's whole policy to both stages of every model
        for (String role : List.of("system", "developer")) {
            String text = LlmCallSpeculator.render(Transcript.empty().withMessage(role, "You are a retail agent. POLICY")
                    .withMessage("user", "cancel my order"));
            assertThat(text).as(role).doesNotContain("POLICY").isEqualTo("user: cancel my order\n");
        }
    }

    @Test
    void oneCallAnsweredWithoutItsListIsThatCall() {
        // asked for "at most 1 calls", a model may answer the call itself, or put it in 'calls' without a list; such a
        // right guess was dropped (the first without a word), so the model scored nothing however well it guessed
        String call = "{\"name\": \"get_order_details\", \"arguments\": {\"order_id\": \"#W1\"}, \"confidence\": 0.7}";
        for (String answer : List.of(call, "{\"calls\": " + call + "}", "```json\n" + call + "\n```")) {
            assertThat(LlmCallSpeculator.parse(answer, 1, "m")).as(answer)
                    .extracting(c -> c.call().call(), ScoredCall::score)
                    .containsExactly(tuple(Call.of("get_order_details", "order_id", "#W1"), 0.7));
        }
        // a lone call that is unusable is skipped as in a list
        assertThat(LlmCallSpeculator.parse("{\"name\": \"f\", \"arguments\": [1]}", 1, "m")).isEmpty();
    }

    @Test
    void aCallWithoutArgumentsIsACallOfNoArgumentsAndArgumentsOfAnotherTypeAreSkipped() {
        // list_all_product_types takes no argument, and a model answering in JSON often leaves out the empty
        // object: such a right guess was dropped without a word
        for (String noArguments : List.of("{\"name\": \"list_all_product_types\"}",
                "{\"name\": \"list_all_product_types\", \"arguments\": null}")) {
            assertThat(LlmCallSpeculator.parse("{\"calls\": [" + noArguments + "]}", 3, "m")).as(noArguments)
                    .extracting(c -> c.call().name(), c -> c.call().kwargs().size())
                    .containsExactly(tuple("list_all_product_types", 0));
        }
        assertThat(LlmCallSpeculator.parse("{\"calls\": [{\"name\": \"f\", \"arguments\": [1]}, "
                + "{\"name\": \"g\", \"arguments\": {\"b\": 2}}]}", 3, "m"))
                .extracting(c -> c.call().name()).containsExactly("g");
    }

    @Test
    void anAnswerWithASecondValueGivesNoGuessesButAFenceAndProseAreTolerated() {
        // the answer is asked for as one JSON object; Jackson alone read the first value and dropped the rest unseen
        String one = "{\"calls\": [{\"name\": \"f\", \"arguments\": {\"a\": 1}}]}";
        assertThat(LlmCallSpeculator.parse(one, 3, "m")).hasSize(1);
        assertThat(LlmCallSpeculator.parse("```json\n" + one + "\n```", 3, "m")).hasSize(1);
        assertThat(LlmCallSpeculator.parse(one + "\nI picked f because the customer asked.", 3, "m")).hasSize(1);
        for (String bad : List.of(one + one, one + "]", one + "\nOr else: " + one)) {
            assertThat(LlmCallSpeculator.parse(bad, 3, "m")).as(bad).isEmpty();
        }
        // a trailing comma leaves no doubt about the calls; such an answer gave none
        assertThat(LlmCallSpeculator.parse("{\"calls\": [{\"name\": \"f\", \"arguments\": {\"a\": 1,},},]}", 3, "m"))
                .extracting(c -> c.call().call()).containsExactly(Call.of("f", "a", 1));
        // arguments given as a JSON string holding more than one value: that guess is skipped, the next still counts
        assertThat(LlmCallSpeculator.parse("{\"calls\": [{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": 1} {}\"}, "
                + "{\"name\": \"g\", \"arguments\": {\"b\": 2}}]}", 3, "m"))
                .extracting(c -> c.call().name()).containsExactly("g");
    }

    /**
     * A reasoning model's answer: its think block names calls it only considered (and 4 of them), and the prose
     * around its JSON holds numbers. The think block's JSON was read instead of the answer, or the whole was refused.
     */
    @Test
    void theCallsOfAThinkBlockOrOfProseAroundTheJsonAreNotTakenForTheAnswer() {
        String answer = "{\"calls\": [{\"name\": \"get_order_details\", \"arguments\": {\"order_id\": \"#W1\"}, "
                + "\"confidence\": 0.7}]}";
        for (String wrapped : List.of(
                "<think>\nMaybe {\"calls\": [{\"name\": \"cancel_pending_order\", \"arguments\": {}}]}, 4 of them.\n</think>\n"
                        + answer,
                "The customer wants order #W1 (2 items), so:\n" + answer + "\nConfidence 0.9 overall.",
                "```" + answer + "```",
                "Okay, order 4 first.</think>\n\n```json\n" + answer + "\n```")) {
            assertThat(LlmCallSpeculator.parse(wrapped, 3, "m")).as(wrapped)
                    .extracting(c -> c.call().call(), ScoredCall::score)
                    .containsExactly(tuple(Call.of("get_order_details", "order_id", "#W1"), 0.7));
        }
    }

    /** The position in a gold conversation the tests below guess at: its first two calls done, the third next. */
    private record Point(Transcript soFar, ToolCallRecord next, JsonNode schemas) {
        static Point of() {
            var gold = GoldReplay.run(RetailData.tasks(TaskSplit.TEST).get(5), RetailData.database());
            return new Point(Transcript.ofCalls(gold.subList(0, 2)), gold.get(2),
                    RetailSpeculators.toolSchemas(RetailData.folder()));
        }

        String call(String confidence) {
            return "{\"name\": \"" + next.name() + "\", \"arguments\": " + CanonicalJson.toCanonicalString(next.kwargs())
                    + ", \"confidence\": " + confidence + "}";
        }

        /** Stage 1 and stage 2 entries of {@code probe}: stage 2 answers {@code calls} after {@code stage2Ms}. */
        List<TraceEntry> entries(LlmEndpoint probe, int k, String calls, double stage2Ms) {
            LlmCallSpeculator template = new LlmCallSpeculator(List.of(ChatClient.builder(probe).build()), schemas);
            return List.of(TraceEntry.text(probe, template.messageRequest(soFar), PREDICTED, 900, 20, 20, 40),
                    TraceEntry.text(probe, template.callsRequest(soFar, PREDICTED, k), calls, 1000, 60, stage2Ms,
                            stage2Ms));
        }
    }

    private static final String PREDICTED = "I want to return the water bottle from my last order.";

    @Test
    void unusableCallsAreSkippedEachModelsCallsAreOrderedByConfidenceAndOneModelsConfidenceIsKeptExactly()
            throws Exception {
        Point p = Point.of();
        String order = "{\"name\": \"get_order_details\", \"arguments\": {\"order_id\": \"#W0000001\"}, ";
        String user = "{\"name\": \"get_user_details\", \"arguments\": {\"user_id\": ";
        // model a lists its best call last and twice, between calls with confidences that are no probability (1e999
        // and 1.5 were clamped to 1 and ranked first, "high" counted as 0.5); a number beyond a double in the
        // arguments, which made Call.of throw out of propose, is infinity now, as Python reads it (CallTest)
        String a = "{\"calls\": [" + order + "\"confidence\": 0.1}, "
                + user + "\"x\"}, \"confidence\": 1e999}, " + user + "\"y\"}, \"confidence\": \"high\"}, "
                + user + "\"z\"}, \"confidence\": 1.5}, " + user + "\"w\"}, \"confidence\": -0.2}, "
                + p.call("0.2") + ", " + p.call("0.3") + ", " + user + "\"v\"}, \"confidence\": 0.05}]}";
        String b = "{\"calls\": [" + p.call("0.5") + "]}";
        List<TraceEntry> trace = new ArrayList<>(p.entries(PROBE_A, 2, a, 40));
        trace.addAll(p.entries(PROBE_B, 2, b, 40));
        try (ReplayServer server = ReplayServer.builder(trace).timeScale(0).start();
             ChatClient ca = ChatClient.builder(PROBE_A.onReplayServer(server.baseUrl())).build();
             ChatClient cb = ChatClient.builder(PROBE_B.onReplayServer(server.baseUrl())).build()) {
            List<ScoredCall> guesses = new LlmCallSpeculator(List.of(ca, cb), p.schemas()).propose(p.soFar(), 2);
            // a's two best, its repeated call once at 0.3 (not 1 - 0.8 * 0.7), merged with b's: 1 - 0.7 * 0.5; the
            // order look-up a alone proposed keeps its 0.1 (not 0.09999999999999998)
            assertThat(guesses).extracting(g -> g.call().call().toString(), ScoredCall::score).containsExactly(
                    Tuple.tuple(p.next().call().toString(), 1 - 0.7 * 0.5),
                    Tuple.tuple("get_order_details{\"order_id\":\"#W0000001\"}", 0.1));
        }
    }

    @Test
    void aHungModelIsCancelledAtTheMemberTimeoutAndTheOthersCallsArriveCharged() throws Exception {
        Point p = Point.of();
        LlmEndpoint fast = LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4o-mini");
        LlmEndpoint hung = LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4.1-mini");
        List<TraceEntry> trace = new ArrayList<>(p.entries(fast, 3, "{\"calls\": [" + p.call("0.6") + "]}", 40));
        trace.addAll(p.entries(hung, 3, "{\"calls\": []}", 30_000)); // its second stage would take 30 s
        try (ReplayServer server = ReplayServer.builder(trace).start();
             ChatClient a = ChatClient.builder(fast.onReplayServer(server.baseUrl())).build();
             ChatClient b = ChatClient.builder(hung.onReplayServer(server.baseUrl())).build()) {
            LlmCallSpeculator speculator = new LlmCallSpeculator(List.of(a, b), p.schemas(), Duration.ofMillis(800));
            long start = System.nanoTime();
            List<ScoredCall> guesses = speculator.propose(p.soFar(), 3);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("LLM call speculator with a hung model answered after %.3f s%n", seconds);
            assertThat(seconds).isLessThan(5);
            assertThat(guesses).extracting(g -> g.call().call(), ScoredCall::score)
                    .containsExactly(Tuple.tuple(p.next().call(), 0.6));
            // the hung call's connection was closed, and its (estimated) prompt is charged with the answered calls
            assertThat(server.awaitDisconnect(Duration.ofSeconds(10))).isTrue();
            assertThat(server.disconnects()).hasSize(1);
            double answered = a.price("gpt-4o-mini", 900, 0, 20).costUsd() + a.price("gpt-4o-mini", 1000, 0, 60).costUsd()
                    + b.price("gpt-4.1-mini", 900, 0, 20).costUsd();
            assertThat(speculator.costUsd()).isGreaterThan(answered + 1e-6); // $1e-6: a few tokens; the prompt has hundreds
            // the tokens too: the three answered calls' recorded usage plus the hung call's estimated prompt
            assertThat(speculator.usage().promptTokens()).isGreaterThan(900 + 1000 + 900);
            assertThat(speculator.usage().completionTokens()).isGreaterThanOrEqualTo(20 + 60 + 20);
            assertThat(speculator.usage().costUsd()).isEqualTo(speculator.costUsd());
        }
    }

    /**
     * Models whose server never takes the connection (a listener whose accept queue is full, so the connection hangs
     * as to a dead host) are cancelled at the member timeout before any request was sent: they spent nothing. Before,
     * every such cancel charged the estimated prompt, as predict-calls against a closed port reported.
     */
    @Test
    void modelsCancelledBeforeTheirRequestWasSentSpendNothing() throws Exception {
        Point p = Point.of();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                while (fillers.size() < 4) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    filler.connect(full.getLocalSocketAddress(), 200);
                }
            } catch (SocketTimeoutException queueFull) {
                // from now on, connections to the listener hang
            }
            String url = "http://127.0.0.1:" + full.getLocalPort() + "/v1";
            try (ChatClient a = ChatClient.builder(LlmEndpoint.of(url, "gpt-4o-mini")).build();
                 ChatClient b = ChatClient.builder(LlmEndpoint.of(url, "gpt-4.1-mini")).build()) {
                LlmCallSpeculator speculator = new LlmCallSpeculator(List.of(a, b), p.schemas(), Duration.ofMillis(200));
                assertThat(speculator.propose(p.soFar(), 3)).isEmpty();
                assertThat(speculator.usage()).isEqualTo(Usage.ZERO);
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    /**
     * A reasoning model's predicted customer message (stage 1) begins with its think block: the second stage was asked
     * with the reasoning as the customer's message. It is asked with the message alone, as a model without the block
     * would be (the trace below answers only that request).
     */
    @Test
    void theSecondStageIsAskedWithThePredictedMessageNotTheThinkBlockBeforeIt() throws Exception {
        Point p = Point.of();
        LlmCallSpeculator template = new LlmCallSpeculator(List.of(ChatClient.builder(PROBE_A).build()), p.schemas());
        List<TraceEntry> trace = List.of(
                TraceEntry.text(PROBE_A, template.messageRequest(p.soFar()), "<think>\nThe customer asked about "
                        + "an order; maybe a return or an exchange.\n</think>\n\n" + PREDICTED, 900, 20, 20, 40),
                TraceEntry.text(PROBE_A, template.callsRequest(p.soFar(), PREDICTED, 3),
                        "{\"calls\": [" + p.call("0.7") + "]}", 1000, 60, 20, 40));
        try (ReplayServer server = ReplayServer.builder(trace).timeScale(0).start();
             ChatClient a = ChatClient.builder(PROBE_A.onReplayServer(server.baseUrl())).build()) {
            assertThat(new LlmCallSpeculator(List.of(a), p.schemas()).propose(p.soFar(), 3))
                    .extracting(c -> c.call().call()).containsExactly(p.next().call());
        }
    }

    @Test
    void aModelWhoseStartThrowsContributesNothingAndTheOthersStillAnswer() throws Exception {
        Point p = Point.of();
        ChatModel broken = modelWhoseStartThrows();
        try (ReplayServer server = ReplayServer.builder(p.entries(PROBE_A, 3, "{\"calls\": [" + p.call("0.7") + "]}", 40))
                .timeScale(0).start();
             ChatClient a = ChatClient.builder(PROBE_A.onReplayServer(server.baseUrl())).build()) {
            List<ScoredCall> guesses = new LlmCallSpeculator(List.of(broken, a), p.schemas()).propose(p.soFar(), 3);
            assertThat(guesses).extracting(g -> g.call().call(), ScoredCall::score)
                    .containsExactly(Tuple.tuple(p.next().call(), 0.7));
        }
    }

    @Test
    void eachModelsFailedAndTimedOutProposalsAreCounted() throws Exception {
        // a model that failed or hung contributed nothing with only a warning per proposal, so a run's figures could
        // not say that they rested on fewer models than were asked (a 0% accuracy read as wrong guesses)
        Point p = Point.of();
        LlmEndpoint fast = LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4o-mini");
        LlmEndpoint hung = LlmEndpoint.of("http://127.0.0.1:1/v1", "gpt-4.1-mini");
        LlmEndpoint missing = LlmEndpoint.of("http://127.0.0.1:1/v1", "not-in-the-trace");
        List<TraceEntry> trace = new ArrayList<>(p.entries(fast, 3, "not JSON: an answer, if a useless one", 40));
        trace.addAll(p.entries(hung, 3, "{\"calls\": []}", 30_000));
        ChatModel broken = modelWhoseStartThrows();
        try (ReplayServer server = ReplayServer.builder(trace).start();
             ChatClient a = ChatClient.builder(fast.onReplayServer(server.baseUrl())).build();
             ChatClient b = ChatClient.builder(hung.onReplayServer(server.baseUrl())).build();
             ChatClient c = ChatClient.builder(missing.onReplayServer(server.baseUrl())).build()) {
            LlmCallSpeculator speculator = new LlmCallSpeculator(List.of(a, b, c, broken), p.schemas(),
                    Duration.ofMillis(800));
            assertThat(speculator.propose(p.soFar(), 3)).isEmpty();
            assertThat(speculator.memberTallies()).containsExactly(
                    new LlmCallSpeculator.MemberTally("gpt-4o-mini", 1, 0, 0),
                    new LlmCallSpeculator.MemberTally("gpt-4.1-mini", 1, 0, 1),
                    new LlmCallSpeculator.MemberTally("not-in-the-trace", 1, 1, 0),
                    new LlmCallSpeculator.MemberTally("model-b", 1, 1, 0));
        }
    }

    @Test
    void aMemberTimeoutMustBePositive() {
        List<ChatClient> one = List.of(ChatClient.builder(PROBE_A).build());
        assertThatThrownBy(() -> new LlmCallSpeculator(one, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member timeout must be positive");
        // too long to count in nanoseconds: it was refused with a bare 'ArithmeticException: long overflow'
        assertThatThrownBy(() -> new LlmCallSpeculator(one, null, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member timeout PT2562047788015215H30M7S is too long: at most 292 years");
    }

    /** A model whose every call fails to start (no model loaded). */
    private static ChatModel modelWhoseStartThrows() {
        return new ChatModel() {
            @Override
            public ChatCall start(ChatRequest request) {
                throw new IllegalStateException("no model loaded");
            }

            @Override
            public LlmEndpoint endpoint() {
                return PROBE_B;
            }

            @Override
            public PriceTable prices() {
                return PriceTable.builtIn();
            }
        };
    }
}
