package dev.specagent.llm;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.llm.agent.CorrectingChat;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.replay.SimulatedChatModel;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CorrectingChat} on a {@link SimulatedChatModel} that answers only the exact requests of its trace. */
class CorrectingChatTest {

    static final LlmEndpoint ENDPOINT = LlmEndpoint.of("http://127.0.0.1:1/v1", "m");
    static final ChatRequest FIRST = ChatRequest.builder().user("a number?").temperature(0.0).maxTokens(20).build();
    static final ChatRequest CORRECTED = FIRST.toBuilder().assistant("many")
            .user("Refused: not a number: 'many'. Answer with digits only.").build();

    /** What the chat reported, in order. */
    static final class Reports implements CorrectingChat.Outcome<Integer> {
        final List<String> seen = new ArrayList<>();
        Usage total;

        @Override
        public void answered(Integer value, Usage total) {
            seen.add("answered " + value);
            this.total = total;
        }

        @Override
        public void refused(IllegalArgumentException why, ChatResponse last, Usage total) {
            seen.add("refused " + why.getMessage() + " (last: " + last.content() + ")");
            this.total = total;
        }

        @Override
        public void failed(Throwable error, Usage total) {
            seen.add("failed " + error.getMessage());
            this.total = total;
        }
    }

    static Integer read(ChatResponse response) {
        try {
            return Integer.parseInt(response.content().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + response.content() + "'");
        }
    }

    static CorrectingChat<Integer> start(SimulatedClock clock, int corrections, Reports reports) {
        List<TraceEntry> trace = List.of(TraceEntry.text(ENDPOINT, FIRST, "many", 10, 1, 50, 100),
                TraceEntry.text(ENDPOINT, CORRECTED, "42", 20, 1, 50, 100));
        return CorrectingChat.start(SimulatedChatModel.of(clock, trace, ENDPOINT), FIRST, CorrectingChatTest::read,
                corrections, why -> "Refused: " + why + ". Answer with digits only.", reports);
    }

    /** The reports of a chat with {@code corrections} run to its end. */
    static Reports ended(int corrections) {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        start(clock, corrections, reports);
        clock.drain();
        return reports;
    }

    @Test
    void aRefusedAnswerIsFollowedByTheRequestCarryingWhyAndEveryAttemptIsCharged() {
        Reports reports = ended(1);
        assertThat(reports.seen).containsExactly("answered 42");
        assertThat(reports.total.promptTokens()).isEqualTo(30);
        assertThat(reports.total.completionTokens()).isEqualTo(2);
    }

    @Test
    void withoutCorrectionsTheFirstRefusalEndsIt() {
        Reports reports = ended(0);
        assertThat(reports.seen).containsExactly("refused not a number: 'many' (last: many)");
        assertThat(reports.total.promptTokens()).isEqualTo(10);
    }

    /** One correction allowed, both answers refused: the second refusal ends it, no third request is sent. */
    @Test
    void theLastAllowedCorrectionRefusedEndsIt() {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        List<TraceEntry> trace = List.of(TraceEntry.text(ENDPOINT, FIRST, "many", 10, 1, 50, 100),
                TraceEntry.text(ENDPOINT, CORRECTED, "lots", 20, 1, 50, 100));
        CorrectingChat.start(SimulatedChatModel.of(clock, trace, ENDPOINT), FIRST, CorrectingChatTest::read, 1,
                why -> "Refused: " + why + ". Answer with digits only.", reports);
        clock.drain();
        assertThat(reports.seen).containsExactly("refused not a number: 'lots' (last: lots)");
        assertThat(reports.total.promptTokens()).isEqualTo(30);
    }

    /** A request the model fails is reported as a failure, with what it spent. */
    @Test
    void aFailedAttemptIsReportedAsAFailure() {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        CorrectingChat.start(SimulatedChatModel.of(clock, List.of(TraceEntry.text(ENDPOINT, CORRECTED, "42", 20, 1, 50,
                100)), ENDPOINT), FIRST, CorrectingChatTest::read, 1, why -> why, reports);
        clock.drain();
        assertThat(reports.seen).singleElement().asString().startsWith("failed the trace has no response");
        assertThat(reports.total).isEqualTo(Usage.ZERO);
    }

    /** A failed attempt is charged what its LlmException says it spent, or else what the call counted. */
    @Test
    void aFailedAttemptIsChargedItsErrorsSpendOrElseTheCallsCount() {
        Usage counted = Usage.ofCost(0.002);
        Usage said = Usage.ofCost(0.005);
        for (var c : List.of(new Object[] {new LlmException(
                LlmException.Kind.SERVER_ERROR, 500, "HTTP 500", said, null), said},
                new Object[] {new IllegalStateException("broken"), counted})) {
            Reports reports = new Reports();
            CorrectingChat.start(new FailedCallModel(ENDPOINT, (Throwable) c[0], counted), FIRST,
                    CorrectingChatTest::read, 1, why -> why, reports);
            assertThat(reports.seen).hasSize(1);
            assertThat(reports.total).isEqualTo(c[1]);
        }
    }

    /** A read function that fails other than by refusing fails the chat, charged the answer. */
    @Test
    void aReadFunctionThatBreaksFailsTheChat() {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        CorrectingChat.<Integer>start(SimulatedChatModel.of(clock, List.of(TraceEntry.text(ENDPOINT, FIRST, "many", 10, 1,
                50, 100)), ENDPOINT), FIRST, response -> {
            throw new IllegalStateException("reader broke");
        }, 1, why -> why, reports);
        clock.drain();
        assertThat(reports.seen).containsExactly("failed reader broke");
        assertThat(reports.total.promptTokens()).isEqualTo(10);
    }

    /**
     * A read function that throws an Error (a parser's StackOverflowError on a deeply nested answer) fails the chat like
     * an exception: thrown in the answer's completion stage it was swallowed, nothing was reported, and an LlmActor's
     * call never ended (a run without a call timeout waited for ever).
     */
    @Test
    void aReadFunctionThrowingAnErrorFailsTheChat() {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        CorrectingChat.<Integer>start(SimulatedChatModel.of(clock, List.of(TraceEntry.text(ENDPOINT, FIRST, "many", 10, 1,
                50, 100)), ENDPOINT), FIRST, response -> {
            throw new StackOverflowError("deep parse");
        }, 1, why -> why, reports);
        clock.drain();
        assertThat(reports.seen).containsExactly("failed deep parse");
        assertThat(reports.total.promptTokens()).isEqualTo(10);
    }

    /**
     * A feedback function that fails (a template missing a field, say) fails the chat, charged the refused answer: it
     * ran in the answer's completion stage, which swallowed the exception, so nothing was reported and an actor's call
     * never ended.
     */
    @Test
    void aFeedbackFunctionThatBreaksFailsTheChat() {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        CorrectingChat.start(SimulatedChatModel.of(clock, List.of(TraceEntry.text(ENDPOINT, FIRST, "many", 10, 1, 50,
                100)), ENDPOINT), FIRST, CorrectingChatTest::read, 1, why -> {
            throw new IllegalStateException("feedback broke");
        }, reports);
        clock.drain();
        assertThat(reports.seen).containsExactly("failed feedback broke");
        assertThat(reports.total.promptTokens()).isEqualTo(10);
    }

    @Test
    void aCancelDuringTheCorrectionReturnsBothAttemptsSpendAndReportsNothing() {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        CorrectingChat<Integer> chat = start(clock, 1, reports);
        clock.runUntil(() -> clock.nanoTime() >= 100_000_000L); // the first answer came at 100 ms, the second is due at 200 ms
        Usage spent = chat.cancel();
        clock.drain();
        assertThat(reports.seen).isEmpty();
        assertThat(spent.promptTokens()).isEqualTo(30); // the first answer's 10 and the correction's prompt of 20
        assertThat(chat.cancel()).isEqualTo(spent);
    }

    /**
     * A cancel that comes after an answer arrived but before it was read and reported (another thread's cancel, here
     * made by the read function itself): the answer was reported after the cancel had returned, which promises that
     * nothing is reported any more.
     */
    @Test
    void aCancelWhileAnAnswerIsReadReportsNothingAndReturnsItsSpend() {
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        List<TraceEntry> trace = List.of(TraceEntry.text(ENDPOINT, FIRST, "42", 10, 1, 50, 100));
        List<CorrectingChat<Integer>> chat = new ArrayList<>();
        Usage[] spent = new Usage[1];
        chat.add(CorrectingChat.start(SimulatedChatModel.of(clock, trace, ENDPOINT), FIRST, response -> {
            spent[0] = chat.getFirst().cancel();
            return read(response);
        }, 0, why -> why, reports));
        clock.drain();
        assertThat(reports.seen).isEmpty();
        assertThat(spent[0].promptTokens()).isEqualTo(10);
        assertThat(chat.getFirst().cancel()).isEqualTo(spent[0]);
    }
}
