package dev.specagent.llm;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.EnsembleSpeculator;
import dev.specagent.llm.agent.GuessParser;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.agent.LlmSpeculator;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.SimulatedChatModel;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The strict guess format and the ensemble's merge. */
class SpeculationPartsTest {

    @Test
    void anAnswersValueLeavesOutTheServersToolCallIds() {
        Function<String, ChatResponse> answer = id -> new ChatResponse("chatcmpl-" + id, "m", "",
                "", List.of(new ToolCall(id, "get_weather", "{\"city\": \"Rome\"}")), "tool_calls", Usage.ZERO, 0,
                true, 0, 0, null);
        var value = ChatCalls.valueOf(answer.apply("call_abc"));
        assertThat(value).isEqualTo(ChatCalls.valueOf(answer.apply("call_xyz")));
        assertThat(value.path("tool_calls").get(0).has("id")).isFalse();
        assertThat(value.path("tool_calls").get(0).path("arguments").path("city").asText()).isEqualTo("Rome");
    }

    @Test
    void parsesTheStrictShape() {
        GuessParser.Result r = GuessParser.parse("{\"guesses\":[{\"value\":{\"move\":\"e4\"},\"confidence\":0.7},"
                + "{\"value\":\"d4\",\"confidence\":0.2},{\"value\":\"c4\",\"confidence\":0.1}]}", 2);
        assertThat(r.problem()).isEmpty();
        assertThat(r.guesses()).containsExactly(new Guess(CanonicalJson.parse("{\"move\":\"e4\"}"), 0.7),
                Guess.of("d4", 0.2));
        assertThat(GuessParser.parse("```json\n{\"guesses\": []}\n```", 3).guesses()).isEmpty();
        assertThat(GuessParser.parse("```json\n{\"guesses\": []}\n```", 3).problem()).isEmpty();
        // repeated values merge, keeping the highest confidence
        assertThat(GuessParser.parse("{\"guesses\":[{\"value\":1,\"confidence\":0.2},{\"value\":1.0,\"confidence\":0.5}]}",
                3).guesses()).containsExactly(Guess.of(1, 0.5));
        assertThat(GuessParser.parse("{\"guesses\":[{\"value\":1.0,\"confidence\":0.5},{\"value\":1,\"confidence\":0.2}]}",
                3).guesses()).containsExactly(Guess.of(1.0, 0.5));
    }

    @Test
    void malformedAnswersGiveNoGuessesAndAReason() {
        for (String bad : List.of("", "I think e4", "[{\"confidence\":0.5}]", "{\"guess\":[]}",
                "{\"guesses\":[{\"confidence\":0.5}]}", "{\"guesses\":[{\"value\":1,\"confidence\":1.5}]}",
                "{\"guesses\":[{\"value\":1,\"confidence\":\"high\"}]}", "{\"guesses\":[{\"value\":1}]}",
                "{\"guesses\":{\"value\":1,\"confidence\":0.5}}")) {
            GuessParser.Result r = GuessParser.parse(bad, 3);
            assertThat(r.guesses()).as(bad).isEmpty();
            assertThat(r.problem()).as(bad).isPresent();
        }
    }

    /** The confidences 0 and 1 are in [0, 1]; a tie between repeated values keeps the first as written. */
    @Test
    void confidenceBoundsAreAllowedAndATieKeepsTheFirst() {
        assertThat(GuessParser.parse("{\"guesses\":[{\"value\":\"a\",\"confidence\":1},"
                + "{\"value\":\"b\",\"confidence\":0}]}", 3).guesses()).containsExactly(Guess.of("a", 1), Guess.of("b", 0));
        assertThat(GuessParser.parse("{\"guesses\":[{\"value\":1.0,\"confidence\":0.5},{\"value\":1,\"confidence\":0.5}]}",
                3).guesses()).containsExactly(Guess.of(1.0, 0.5));
        assertThat(GuessParser.parse("{\"guesses\":[{\"value\":1,\"confidence\":0.5},{\"value\":1.0,\"confidence\":0.5}]}",
                3).guesses()).containsExactly(Guess.of(1, 0.5));
    }

    /** A malformed answer is quoted in the reason up to 160 characters, then cut. */
    @Test
    void aMalformedAnswerIsQuotedUpTo160Characters() {
        String exact = "x".repeat(160);
        assertThat(GuessParser.parse(exact, 3).problem()).contains("the answer is not JSON: " + exact);
        assertThat(GuessParser.parse(exact + "y", 3).problem()).contains("the answer is not JSON: " + exact + "…");
    }

    @Test
    void aSecondValueOrABracketAroundTheJsonMakesTheAnswerMalformedButProseAndAFenceDoNot() {
        // which of two values the model meant is not known: Jackson alone would have read the first and dropped the rest
        String json = "{\"guesses\":[{\"value\":\"e4\",\"confidence\":0.7}]}";
        for (String bad : List.of(json + json, json + " {\"guesses\":[]}", json + "]", "See [1]: " + json,
                "```json\n" + json + "\n```\n```json\n" + json + "\n```")) {
            GuessParser.Result r = GuessParser.parse(bad, 3);
            assertThat(r.guesses()).as(bad).isEmpty();
            assertThat(r.problem()).as(bad).hasValueSatisfying(why -> assertThat(why).startsWith("the answer is not JSON: "));
        }
        for (String good : List.of(" " + json + "\n\n", "```json\n" + json + "\n```\n", json + "\nThese are my guesses.",
                "Here you go: " + json, "```json\n" + json + "\n```\nThese are my guesses.")) {
            assertThat(GuessParser.parse(good, 3).guesses()).as(good).containsExactly(Guess.of("e4", 0.7));
        }
    }

    /**
     * What real models write around the JSON, each unambiguous: a reasoning model's think block (whose own JSON and
     * numbers are not the answer), a fence on one line, the bare array of guesses. Each was refused.
     */
    @Test
    void aThinkBlockAOneLineFenceAndTheBareArrayOfGuessesAreRead() {
        String json = "{\"guesses\":[{\"value\":\"e4\",\"confidence\":0.7}]}";
        for (String good : List.of("<think>The user wants {\"guesses\": ...}; 42 is likely, or [1, 2].</think>\n" + json,
                "<think>\nhmm\n</think>\n\n```json\n" + json + "\n```", "Okay, 42 is likely.\n</think>\n" + json,
                "```" + json + "```", "```json " + json + " ```", "[{\"value\":\"e4\",\"confidence\":0.7}]")) {
            GuessParser.Result r = GuessParser.parse(good, 3);
            assertThat(r.problem()).as(good).isEmpty();
            assertThat(r.guesses()).as(good).containsExactly(Guess.of("e4", 0.7));
        }
        // a think block never closed (cut at the token limit) is all reasoning: its JSON is not the answer
        GuessParser.Result cut = GuessParser.parse("<think>I would say " + json, 3);
        assertThat(cut.guesses()).isEmpty();
        assertThat(cut.problem()).isPresent();
    }

    /** A trailing comma in the answer's arrays or objects leaves no doubt about its guesses; the answer was refused. */
    @Test
    void aTrailingCommaIsRead() {
        for (String answer : List.of("{\"guesses\":[{\"value\":\"e4\",\"confidence\":0.7},]}",
                "{\"guesses\":[{\"value\":\"e4\",\"confidence\":0.7,}],}", "[{\"value\":\"e4\",\"confidence\":0.7},]")) {
            assertThat(GuessParser.parse(answer, 3).guesses()).as(answer).containsExactly(Guess.of("e4", 0.7));
        }
        assertThat(GuessParser.parse("{\"guesses\":[{\"value\":\"e4\",\"confidence\":0.7},,]}", 3).problem())
                .hasValueSatisfying(why -> assertThat(why).startsWith("the answer is not JSON: "));
    }

    @Test
    void aValueBeyondTheRangeOfADoubleIsInfinityAsPythonReadsIt() {
        // Jackson reads 1e999 as an infinite double; parsing once threw NumberFormatException on it
        Map<String, String> canonical = Map.of("1e999", "1E+309", "-1e400", "-1E+309", "[1, {\"x\": 2e308}]",
                "[1,{\"x\":1E+309}]");
        canonical.forEach((value, expected) -> {
            GuessParser.Result r = GuessParser.parse("{\"guesses\":[{\"value\":\"ok\",\"confidence\":0.5},"
                    + "{\"value\":" + value + ",\"confidence\":0.4}]}", 3);
            assertThat(r.problem()).as(value).isEmpty();
            assertThat(r.guesses()).as(value).hasSize(2);
            assertThat(CanonicalJson.toCanonicalString(r.guesses().get(1).value())).as(value).isEqualTo(expected);
        });
    }

    @Test
    void guessesAreOrderedByConfidenceBeforeTheFirstKAreTaken() {
        // a model that lists its best guess last: with k = 1 the 0.9 guess is the one used, as in an ensemble of it
        String answer = "{\"guesses\":[{\"value\":\"a\",\"confidence\":0.1},{\"value\":\"b\",\"confidence\":0.9},"
                + "{\"value\":\"c\",\"confidence\":0.1},{\"value\":\"a\",\"confidence\":0.3}]}";
        assertThat(GuessParser.parse(answer, 1).guesses()).containsExactly(Guess.of("b", 0.9));
        // duplicates merge (highest kept); equal confidences keep the answer's order
        assertThat(GuessParser.parse(answer, 3).guesses()).containsExactly(Guess.of("b", 0.9), Guess.of("a", 0.3),
                Guess.of("c", 0.1));
        List<Guess> all = GuessParser.parse(answer, 3).guesses();
        assertThat(EnsembleSpeculator.merge(List.of(all), 3)).isEqualTo(all);
    }

    /** Seeded random property test: whatever the text, parsing never throws, and never returns more than k valid guesses. */
    @Test
    void parserNeverThrowsOnRandomText() {
        Random random = new Random(42);
        String alphabet = "{}[]\":,0123456789.-eguessvalconfidtrufs \n`";
        String valid = "{\"guesses\":[{\"value\":\"a\",\"confidence\":0.5},{\"value\":2,\"confidence\":0.25}]}";
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder(i % 2 == 0 ? valid : "");
            int edits = random.nextInt(6);
            for (int j = 0; j < edits || text.isEmpty(); j++) {
                int at = random.nextInt(text.length() + 1);
                if (random.nextBoolean() && at < text.length()) {
                    text.deleteCharAt(at);
                } else {
                    text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            int k = random.nextInt(4);
            GuessParser.Result r = GuessParser.parse(text.toString(), k);
            assertThat(r.guesses().size()).isLessThanOrEqualTo(k);
            assertThat(r.guesses().isEmpty() || r.problem().isEmpty()).isTrue();
            r.guesses().forEach(g -> assertThat(g.confidence()).isBetween(0.0, 1.0));
        }
    }

    /** A model that must not be asked: its requests are kept, and starting one fails the test. */
    private static final class Unasked implements ChatModel {
        final List<ChatRequest> started = new ArrayList<>();

        @Override
        public ChatCall start(ChatRequest request) {
            started.add(request);
            throw new AssertionError("the speculator asked its model: " + request);
        }

        @Override
        public LlmEndpoint endpoint() {
            return LlmEndpoint.of("http://127.0.0.1:9/v1", "spec");
        }

        @Override
        public PriceTable prices() {
            return PriceTable.builtIn();
        }
    }

    /** The prompt holds the instructions and the state's context only when given, and asks for JSON unless told not to. */
    @Test
    void aSpeculatorsRequestHoldsWhatItWasGivenAndAsksForJson() {
        Call search = Call.of("search", CanonicalJson.object("q", "rome"));
        var plain = LlmSpeculator.<String>builder(new Unasked()).build().request("s", search, 2);
        assertThat(plain.messages().get(0).content()).startsWith("You predict the result of a pending call before it "
                + "returns. Answer with JSON only").contains("with at most 2 guesses");
        assertThat(plain.messages().get(1).content()).isEqualTo("Pending call: search with arguments {\"q\":\"rome\"}"
                + "\nGive your top 2 guesses of its result.");
        assertThat(plain.responseFormat()).isEqualTo(CanonicalJson.parse("{\"type\": \"json_object\"}"));

        var told = LlmSpeculator.<String>builder(new Unasked()).instructions("Cities only.")
                .context((state, pending) -> " state " + state + " ").jsonMode(false).build().request("s", search, 3);
        assertThat(told.messages().get(0).content()).startsWith("You predict the result of a pending call before it "
                + "returns. Cities only. Answer with JSON only");
        assertThat(told.messages().get(1).content()).startsWith("state s\n\nPending call: search");
        assertThat(told.responseFormat()).isNull();

        Call chat = ChatCalls.callOf(ChatRequest.ofUser("capital of Italy?"));
        var aboutChat = LlmSpeculator.<String>builder(new Unasked())
                .context((state, pending) -> "  ").build().request("s", chat, 1);
        assertThat(aboutChat.messages().get(1).content()).isEqualTo("Pending call: a chat completion of these "
                + "messages:\nuser: capital of Italy?\nGive your top 1 guesses of its result.");
    }

    /** Asked for no guesses, a speculator reports none at once, costing nothing, without asking its model. */
    @Test
    void aSpeculatorAskedForNoGuessesDoesNotAskItsModel() {
        SimulatedClock clock = new SimulatedClock(1);
        Unasked model = new Unasked();
        Proposed proposed = new Proposed();
        CallHandle handle = LlmSpeculator.<String>builder(model).build()
                .propose("s", Call.of("t"), 0, clock, proposed);
        clock.runUntil(() -> proposed.guesses != null);
        assertThat(proposed.guesses).isEmpty();
        assertThat(proposed.usage).isEqualTo(Usage.ZERO);
        assertThat(model.started).isEmpty();
        assertThat(handle.cancel()).isEqualTo(Usage.ZERO);
    }

    /** The proposal of {@code speculator}, run to its report on {@code clock}: the guesses and usage, or null. */
    private static Object[] proposal(LlmSpeculator<String> speculator, SimulatedClock clock) {
        Object[] got = new Object[3];
        got[2] = speculator.propose("s", Call.of("t"), 2, clock, new Completion<>() {
            @Override
            public void succeed(List<Guess> value, Usage u) {
                got[0] = value;
                got[1] = u;
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                throw new AssertionError(error);
            }
        });
        clock.drain();
        return got;
    }

    /** A call that fails, or a request that cannot be built, is no guesses, never a failure (nor no report). */
    @Test
    void aSpeculatorWhoseCallFailsReportsNoGuesses() {
        SimulatedClock clock = new SimulatedClock(1);
        var endpoint = LlmEndpoint.of("http://127.0.0.1:9/v1", "spec");
        var unrelated = TraceEntry.text(endpoint,
                ChatRequest.ofUser("something else"), "x", 1, 1, 1, 1);
        var model = SimulatedChatModel.of(clock, List.of(unrelated), endpoint);
        Object[] failed = proposal(LlmSpeculator.<String>builder(model).build(), clock);
        assertThat(failed[0]).isEqualTo(List.of());
        assertThat(failed[1]).isEqualTo(Usage.ZERO);

        Unasked unasked = new Unasked();
        Object[] unbuilt = proposal(LlmSpeculator.<String>builder(unasked)
                .context((state, pending) -> {
                    throw new IllegalStateException("no context for " + pending.tool());
                }).build(), clock);
        assertThat(unbuilt[0]).isEqualTo(List.of());
        assertThat(unbuilt[1]).isEqualTo(Usage.ZERO);
        assertThat(unasked.started).isEmpty();
        assertThat(((CallHandle) unbuilt[2]).cancel()).isEqualTo(Usage.ZERO);

        // charged what the failure says it spent, or else what the call counted
        Usage counted = Usage.ofCost(0.002);
        Usage said = Usage.ofCost(0.005);
        var llmFailure = new LlmException(LlmException.Kind.TIMEOUT, 0,
                "no first token", said, null);
        assertThat(proposal(LlmSpeculator.<String>builder(new FailedCallModel(endpoint,
                llmFailure, counted)).build(), clock)[1]).isEqualTo(said);
        assertThat(proposal(LlmSpeculator.<String>builder(new FailedCallModel(endpoint,
                new IllegalStateException("broken"), counted)).build(), clock)[1]).isEqualTo(counted);
    }

    /** Every guess goes through the value mapper; a guess it throws on is dropped, the others kept. */
    @Test
    void aSpeculatorMapsItsGuessesAndDropsThoseTheMapperRefuses() {
        SimulatedClock clock = new SimulatedClock(1);
        var endpoint = LlmEndpoint.of("http://127.0.0.1:9/v1", "spec");
        var probe = LlmSpeculator.<String>builder(new Unasked()).reasoningEffort("low").build();
        var request = probe.request("s", Call.of("t"), 2);
        assertThat(request.reasoningEffort()).isEqualTo("low");
        var answer = TraceEntry.text(endpoint, request, "{\"guesses\": [{\"value\": \"rome\", "
                + "\"confidence\": 0.6}, {\"value\": 7, \"confidence\": 0.3}]}", 30, 10, 1, 2);
        var model = SimulatedChatModel.of(clock, List.of(answer), endpoint);
        Object[] got = proposal(LlmSpeculator.<String>builder(model).reasoningEffort("low")
                .valueMapper(value -> {
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException("not a city: " + value);
                    }
                    return CanonicalJson.valueOf(value.asText().toUpperCase());
                }).build(), clock);
        assertThat(got[0]).isEqualTo(List.of(Guess.of("ROME", 0.6)));
        assertThat(((Usage) got[1]).promptTokens()).isEqualTo(30);
    }

    /**
     * A mapper that throws an Error (a StackOverflowError on a deeply nested guess) drops that guess like an exception:
     * thrown in the answer's completion stage it was swallowed, so the proposal never reported and a run awaiting it
     * waited for ever.
     */
    @Test
    void aMapperThrowingAnErrorDropsThatGuessAndTheProposalStillReports() {
        SimulatedClock clock = new SimulatedClock(1);
        var endpoint = LlmEndpoint.of("http://127.0.0.1:9/v1", "spec");
        var request = LlmSpeculator.<String>builder(new Unasked()).build().request("s", Call.of("t"), 2);
        var answer = TraceEntry.text(endpoint, request, "{\"guesses\": [{\"value\": \"rome\", "
                + "\"confidence\": 0.6}, {\"value\": 7, \"confidence\": 0.3}]}", 30, 10, 1, 2);
        Object[] got = proposal(LlmSpeculator.<String>builder(SimulatedChatModel.of(clock, List.of(answer), endpoint))
                .valueMapper(value -> {
                    if (!value.isTextual()) {
                        throw new StackOverflowError("deep guess");
                    }
                    return value;
                }).build(), clock);
        assertThat(got[0]).as("the proposal reported").isEqualTo(List.of(Guess.of("rome", 0.6)));
    }

    @Test
    void ensembleMergesWithNoisyOrAndKeepsTopK() {
        List<Guess> merged = EnsembleSpeculator.merge(List.of(
                List.of(Guess.of("e4", 0.5), Guess.of("d4", 0.4)),
                List.of(Guess.of("d4", 0.5), Guess.of("c4", 0.45)),
                List.of()), 2);
        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).value().asText()).isEqualTo("d4");
        assertThat(merged.get(0).confidence()).isCloseTo(1 - 0.6 * 0.5, within(1e-12));
        assertThat(merged.get(1).value().asText()).isEqualTo("e4");
    }

    @Test
    void ensembleWaitsForAllMembersAndCancelsTheRest() {
        SimulatedClock clock = new SimulatedClock(1);
        Speculator<String> fast = fixed(clock, 1_000_000, List.of(Guess.of("a", 0.6)), Usage.ofCost(0.001));
        Speculator<String> slow = fixed(clock, 5_000_000, List.of(Guess.of("a", 0.5), Guess.of("b", 0.4)),
                Usage.ofCost(0.002));
        Proposed proposed = new Proposed();
        new EnsembleSpeculator<>(List.of(fast, slow)).propose("s", Call.of("t"), 2, clock, proposed);
        clock.runUntil(() -> proposed.guesses != null);
        assertThat(clock.nanoTime()).isEqualTo(5_000_000);
        assertThat(proposed.guesses).extracting(g -> g.value().asText()).containsExactly("a", "b");
        assertThat(proposed.guesses.get(0).confidence()).isCloseTo(0.8, within(1e-12));
        assertThat(proposed.usage.costUsd()).isCloseTo(0.003, within(1e-12));

        // cancelled after the fast member answered: the slow one is cancelled, both usages are returned
        AtomicInteger reports = new AtomicInteger();
        CallHandle handle = new EnsembleSpeculator<>(List.of(fast, slow)).propose("s", Call.of("t"), 2, clock,
                new Completion<>() {
                    @Override
                    public void succeed(List<Guess> value, Usage u) {
                        reports.incrementAndGet();
                    }

                    @Override
                    public void fail(Throwable error, Usage spent) {
                        reports.incrementAndGet();
                    }
                });
        long start = clock.nanoTime();
        clock.schedule(2_000_000, () -> { });
        clock.runUntil(() -> clock.nanoTime() >= start + 2_000_000);
        Usage spent = handle.cancel();
        assertThat(spent.costUsd()).isCloseTo(0.001 + 0.0005, within(1e-12));
        clock.schedule(10_000_000, () -> { });
        clock.runUntil(() -> clock.nanoTime() >= start + 10_000_000);
        assertThat(reports.get()).isZero();
    }

    /** A member that fails counts as no guesses; what it spent is added (nothing when it says nothing). */
    @Test
    void aFailingMemberCountsAsNoGuessesAndItsSpendIsAdded() {
        SimulatedClock clock = new SimulatedClock(1);
        Speculator<String> good = fixed(clock, 1_000_000, List.of(Guess.of("a", 0.6)), Usage.ofCost(0.001));
        Speculator<String> failing = (state, pending, k, c, done) -> {
            c.schedule(2_000_000, () -> done.fail(new IllegalStateException("HTTP 500"), Usage.ofCost(0.004)));
            return CallHandle.NONE;
        };
        Speculator<String> silent = (state, pending, k, c, done) -> {
            c.schedule(3_000_000, () -> done.fail(new IllegalStateException("HTTP 500"), null));
            return CallHandle.NONE;
        };
        Proposed proposed = new Proposed();
        new EnsembleSpeculator<>(List.of(good, failing, silent)).propose("s", Call.of("t"), 2, clock, proposed);
        clock.runUntil(() -> proposed.guesses != null);
        assertThat(clock.nanoTime()).isEqualTo(3_000_000);
        assertThat(proposed.guesses).containsExactly(Guess.of("a", 0.6));
        assertThat(proposed.usage.costUsd()).isCloseTo(0.005, within(1e-12));
    }

    /**
     * A member whose propose throws an Error (an AssertionError) counts as no guesses, like one that throws an
     * exception: the Error went through the ensemble's propose, so the members started before it were never handed
     * to anyone who could cancel them, and their calls ran on, spending.
     */
    @Test
    void aMemberWhoseProposeThrowsAnErrorCountsAsNoGuessesAndTheOthersStillAnswer() {
        SimulatedClock clock = new SimulatedClock(1);
        Speculator<String> good = fixed(clock, 1_000_000, List.of(Guess.of("a", 0.6)), Usage.ofCost(0.001));
        Speculator<String> asserting = (state, pending, k, c, done) -> {
            throw new AssertionError("member asserted");
        };
        Proposed proposed = new Proposed();
        CallHandle handle = new EnsembleSpeculator<>(List.of(good, asserting)).propose("s", Call.of("t"), 2, clock,
                proposed);
        clock.drain();
        assertThat(handle).isNotNull();
        assertThat(proposed.guesses).containsExactly(Guess.of("a", 0.6));
        assertThat(proposed.usage.costUsd()).isCloseTo(0.001, within(1e-12));
    }

    /**
     * A member whose list holds a null (a contract break) loses that element, not the proposal: merging it threw on
     * the member's thread after the member was counted, so the ensemble never reported the others' guesses.
     */
    @Test
    void aNullAmongAMembersGuessesIsSkippedAndTheOthersGuessesStillArrive() {
        SimulatedClock clock = new SimulatedClock(1);
        Speculator<String> good = fixed(clock, 1_000_000, List.of(Guess.of("a", 0.6)), Usage.ofCost(0.001));
        Speculator<String> broken = fixed(clock, 2_000_000, java.util.Arrays.asList(null, Guess.of("b", 0.5)),
                Usage.ofCost(0.002));
        Proposed proposed = new Proposed();
        new EnsembleSpeculator<>(List.of(good, broken)).propose("s", Call.of("t"), 2, clock, proposed);
        clock.drain();
        assertThat(proposed.guesses).containsExactly(Guess.of("a", 0.6), Guess.of("b", 0.5));
        assertThat(proposed.usage.costUsd()).isCloseTo(0.003, within(1e-12));
    }

    /**
     * A member timeout the clock cannot reach (Duration.ofNanos(Long.MAX_VALUE), "never", on a simulated clock past
     * t = 0) never expires, as the runner's call timeout of Long.MAX_VALUE ns does: the ensemble's propose threw the
     * clock's "past the simulated clock's range" instead of starting its members' proposal. A timeout too long to
     * count in nanoseconds (ChronoUnit.FOREVER) is refused as its Javadoc says of a bad timeout, with an
     * IllegalArgumentException naming it, not an ArithmeticException ("long overflow").
     */
    @Test
    void aMemberTimeoutBeyondTheClocksRangeNeverExpiresAndOneTooLongToCountIsRefused() {
        SimulatedClock clock = new SimulatedClock(1);
        clock.schedule(1_000_000_000, () -> { });
        clock.drain();
        Speculator<String> member = fixed(clock, 1_000_000, List.of(Guess.of("a", 0.6)), Usage.ofCost(0.001));
        Proposed proposed = new Proposed();
        new EnsembleSpeculator<>(List.of(member), Duration.ofNanos(Long.MAX_VALUE))
                .propose("s", Call.of("t"), 1, clock, proposed);
        clock.drain();
        assertThat(proposed.guesses).containsExactly(Guess.of("a", 0.6));

        assertThatThrownBy(() -> new EnsembleSpeculator<>(List.of(member),
                java.time.temporal.ChronoUnit.FOREVER.getDuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member timeout").hasMessageContaining("too long");
    }

    /** A proposal's report: its guesses and usage once it succeeded; a failure fails the test. */
    private static final class Proposed implements Completion<List<Guess>> {
        List<Guess> guesses;
        Usage usage;

        @Override
        public void succeed(List<Guess> value, Usage u) {
            guesses = value;
            usage = u;
        }

        @Override
        public void fail(Throwable error, Usage spent) {
            throw new AssertionError(error);
        }
    }

    /** A simulated speculator answering after {@code delay} ns; cancelling it returns a quarter of its usage. */
    static Speculator<String> fixed(SimulatedClock clock, long delay, List<Guess> guesses, Usage usage) {
        return (state, pending, k, c, done) -> {
            List<Boolean> cancelled = new ArrayList<>(List.of(false));
            var timer = c.schedule(delay, () -> {
                if (!cancelled.get(0)) {
                    done.succeed(guesses, usage);
                }
            });
            return () -> {
                cancelled.set(0, true);
                timer.cancel();
                return Usage.ofCost(usage.costUsd() / 4);
            };
        };
    }

    /**
     * Nonsense the LLM parts' builders used to accept: a negative expected latency or token count made the actor's
     * estimate throw, failing the run only once a policy speculated ('bad estimate: latency -1.0 s'), and a max of
     * 0 tokens made every proposal fail at the server, which a speculator only logs (no guesses, ever).
     */
    @Test
    void theBuildersRefuseNegativeExpectationsAndANonPositiveTokenCap() {
        try (ChatClient client = ChatClient.builder(
                LlmEndpoint.of("http://127.0.0.1:1/v1", "m")).build()) {
            var actor = LlmActor.builder(client);
            assertThatThrownBy(() -> actor.expected(Duration.ofSeconds(-1), 80))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be >= 0");
            assertThatThrownBy(() -> actor.expected(Duration.ofSeconds(1), -5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
            assertThat(actor.expected(Duration.ofSeconds(2), 0).build().estimate(ChatCalls.callOf(ChatRequest.ofUser("hi"))).latencySeconds())
                    .isEqualTo(2.0);
            var speculator = LlmSpeculator.<String>builder(client);
            for (int bad : new int[]{0, -1}) {
                assertThatThrownBy(() -> speculator.maxTokens(bad))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max tokens must be positive");
            }
            assertThat(speculator.maxTokens(null).build().request("s", Call.of("t"), 1).maxTokens()).isNull();
        }
    }

    /**
     * An endpoint refuses a reasoning effort the API does not know ('huge'), but the speculator's builder took it, and
     * every proposal then failed at the server, which a speculator only logs (no guesses, ever); both refuse it now,
     * with the same message.
     */
    @Test
    void theSpeculatorRefusesAnUnknownReasoningEffortAsTheEndpointDoes() {
        var speculator = LlmSpeculator.<String>builder(new Unasked());
        Throwable endpoint = org.assertj.core.api.Assertions.catchThrowable(() -> new LlmEndpoint(
                java.net.URI.create("http://127.0.0.1:1/v1"), "m", null, "huge", null, null));

        assertThat(endpoint).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> speculator.reasoningEffort("huge"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(endpoint.getMessage());
        assertThat(speculator.reasoningEffort(null).build().request("s", Call.of("t"), 1).reasoningEffort()).isNull();
        assertThat(speculator.reasoningEffort("minimal").build().request("s", Call.of("t"), 1).reasoningEffort())
                .isEqualTo("minimal");
    }
}
