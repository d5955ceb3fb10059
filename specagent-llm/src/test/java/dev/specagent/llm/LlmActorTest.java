package dev.specagent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.internal.TokenEstimate;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.price.ModelPrice;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.SimulatedChatModel;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link LlmActor} without a server: its estimate, and failures that name the model whatever the model said. */
class LlmActorTest {

    static final String MODEL = "gpt-4.1";
    static final LlmEndpoint ENDPOINT = LlmEndpoint.of("http://127.0.0.1:1/v1", MODEL);

    /** A model whose start throws what {@code failure} gives. */
    record Failing(LlmEndpoint endpoint, Supplier<RuntimeException> failure) implements ChatModel {
        @Override
        public ChatCall start(ChatRequest request) {
            throw failure.get();
        }

        @Override
        public PriceTable prices() {
            return PriceTable.builtIn();
        }
    }

    /** What a call reported. */
    static final class Reported implements Completion<JsonNode> {
        final SimulatedClock clock = new SimulatedClock(1);
        JsonNode value;
        Throwable error;
        Usage usage;

        @Override
        public void succeed(JsonNode v, Usage u) {
            value = v;
            usage = u;
        }

        @Override
        public void fail(Throwable e, Usage u) {
            error = e;
            usage = u;
        }

        CallContext context() {
            return CallContext.of(clock, false, null, this);
        }
    }

    private static Throwable failure(LlmActor actor) {
        Reported reported = new Reported();
        actor.start(ChatCalls.callOf(ChatRequest.ofUser("hi")), reported.context());
        reported.clock.drain();
        assertThat(reported.value).isNull();
        return reported.error;
    }

    @Test
    void theEstimateIsTheExpectedCompletionBoundedByTheTokenLimitOfTheRequestOrElseTheEndpoint() {
        ModelPrice price = PriceTable.builtIn().priceOf(MODEL);
        LlmEndpoint capped = ENDPOINT.withSampling(null, 100);
        LlmActor actor = LlmActor.builder(new Failing(capped, IllegalStateException::new))
                .expected(Duration.ofMillis(1500), 300).build();
        Call call = ChatCalls.callOf(ChatRequest.ofUser("What is the capital of Italy?"));
        long prompt = TokenEstimate.promptTokens(WireFormat.requestBody(ChatRequest.ofUser(
                "What is the capital of Italy?"), capped));
        Estimate byEndpoint = actor.estimate(call);
        assertThat(byEndpoint.latencySeconds()).isEqualTo(1.5);
        assertThat(byEndpoint.costUsd()).isCloseTo(price.cost(prompt, 0, 100), within(1e-15));
        assertThat(byEndpoint.maxCostUsd()).isCloseTo(price.cost(prompt, 0, 100), within(1e-15));

        Estimate byRequest = actor.estimate(ChatCalls.callOf(ChatRequest.builder().user("What is the capital of "
                + "Italy?").maxTokens(1000).build()));
        assertThat(byRequest.costUsd()).isCloseTo(price.cost(prompt, 0, 300), within(1e-15));
        assertThat(byRequest.maxCostUsd()).isCloseTo(price.cost(prompt, 0, 1000), within(1e-15));

        assertThat(actor.estimate(Call.of("search"))).as("no prompt for it").isEqualTo(Estimate.UNKNOWN);
    }

    /**
     * An expected latency too long for a long of nanoseconds (ChronoUnit.FOREVER's duration, "never mind the
     * latency") made every estimate throw ArithmeticException, failing the run once a policy asked for it.
     */
    @Test
    void aHugeExpectedLatencyIsEstimatedInSeconds() {
        LlmActor actor = LlmActor.builder(new Failing(ENDPOINT, IllegalStateException::new))
                .expected(ChronoUnit.FOREVER.getDuration(), 300).build();
        Estimate estimate = actor.estimate(ChatCalls.callOf(ChatRequest.ofUser("hi")));
        assertThat(estimate.latencySeconds()).isEqualTo((double) Long.MAX_VALUE, within(1e6));
    }

    @Test
    void aFailureThatDoesNotNameTheModelIsNamedKeepingItsKind() {
        Throwable plain = failure(LlmActor.of(new Failing(ENDPOINT, () -> new IllegalStateException("refused"))));
        assertThat(plain).isInstanceOf(IllegalStateException.class).hasMessage("model gpt-4.1: refused");
        Throwable silent = failure(LlmActor.of(new Failing(ENDPOINT, IllegalStateException::new)));
        assertThat(silent).hasMessage("model gpt-4.1: java.lang.IllegalStateException");
        Throwable llm = failure(LlmActor.of(new Failing(ENDPOINT, () -> new LlmException(LlmException.Kind.CONNECTION,
                0, "connection refused", null, null))));
        assertThat(llm).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind())
                .isEqualTo(LlmException.Kind.CONNECTION)).hasMessage("model gpt-4.1: connection refused");
        RuntimeException named = new IllegalStateException("model gpt-4.1: busy");
        assertThat(failure(LlmActor.of(new Failing(ENDPOINT, () -> named)))).isSameAs(named);
    }

    @Test
    void aPromptFunctionThatThrowsFailsTheCallWithoutCost() {
        Reported reported = new Reported();
        IllegalArgumentException why = new IllegalArgumentException("no prompt for search");
        CallHandle handle = LlmActor.builder(new Failing(ENDPOINT, IllegalStateException::new)).prompt(call -> {
            throw why;
        }).build().start(Call.of("search"), reported.context());
        assertThat(reported.error).isSameAs(why);
        assertThat(reported.usage).isEqualTo(Usage.ZERO);
        assertThat(handle).isSameAs(CallHandle.NONE);
    }

    /** An answer function that fails in any way refuses the answer, named with the model and the answer quoted. */
    @Test
    void anAnswerFunctionsErrorIsARefusalNamingTheModel() {
        ChatRequest question = ChatRequest.ofUser("hi");
        Reported reported = new Reported();
        LlmActor.builder(SimulatedChatModel.of(reported.clock, List.of(TraceEntry.text(ENDPOINT, question, "hello", 10,
                2, 5, 10)), ENDPOINT)).answer(response -> {
            throw new NullPointerException();
        }).build().start(ChatCalls.callOf(question), reported.context());
        reported.clock.drain();
        assertThat(reported.error).isInstanceOf(IllegalArgumentException.class).hasMessage("the answer of model gpt-4.1 "
                + "could not be turned into the call's value: java.lang.NullPointerException (answer: hello)");
        assertThat(reported.usage.promptTokens()).isEqualTo(10);
    }

    @Test
    void aNegativeNumberOfCorrectionsIsRefused() {
        var builder = LlmActor.builder(new Failing(ENDPOINT, IllegalStateException::new));
        assertThatThrownBy(() -> builder.corrections(-1, (call, why) -> why))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("corrections must be >= 0, got -1");
        assertThat(builder.corrections(0, (call, why) -> why).build().client().endpoint()).isEqualTo(ENDPOINT);
    }

    /** With corrections, the model is told why its answer was refused, in the words the feedback gives for the call. */
    @Test
    void aRefusedAnswerIsAnsweredWithTheFeedbackOfTheCall() {
        ChatRequest question = ChatRequest.ofUser("a number?");
        ChatRequest corrected = question.toBuilder().assistant("many").user("call chat: not a number: many").build();
        Reported reported = new Reported();
        LlmActor.builder(SimulatedChatModel.of(reported.clock, List.of(TraceEntry.text(ENDPOINT, question, "many", 10, 1,
                        5, 10), TraceEntry.text(ENDPOINT, corrected, "42", 20, 1, 5, 10)), ENDPOINT))
                .answer(response -> {
                    if (!response.content().matches("\\d+")) {
                        throw new IllegalArgumentException("not a number: " + response.content());
                    }
                    return CanonicalJson.valueOf(Integer.parseInt(response.content()));
                })
                .corrections(1, (call, why) -> "call " + call.tool() + ": " + why).build()
                .start(ChatCalls.callOf(question), reported.context());
        reported.clock.drain();
        assertThat(reported.error).isNull();
        assertThat(reported.value.asInt()).isEqualTo(42);
        assertThat(reported.usage.promptTokens()).isEqualTo(30);
    }

    /** A request that names its own model is failed in that model's name, not the endpoint's. */
    @Test
    void aFailureIsNamedWithTheRequestsOwnModel() {
        LlmActor actor = LlmActor.builder(new Failing(ENDPOINT, () -> new IllegalStateException("refused")))
                .prompt(call -> ChatRequest.builder().model("gpt-4.1-mini").user("hi").build()).build();
        assertThat(failure(actor)).hasMessage("model gpt-4.1-mini: refused");
    }
}
