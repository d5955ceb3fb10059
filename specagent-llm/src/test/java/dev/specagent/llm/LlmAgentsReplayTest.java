package dev.specagent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.core.sandbox.View;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.agent.LlmSpeculator;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.CancelSavings;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.replay.SimulatedChatModel;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * An LLM actor and an LLM speculator driven by the speculative runner on a real clock, against the
 * replay server: a right guess is a hit, a wrong guess's branch is cancelled (the server sees the
 * disconnect) and the ledger shows what the cancel cost and saved.
 */
class LlmAgentsReplayTest {

    static final String ACTOR = "gpt-4.1";
    static final String SPECULATOR = "gpt-4.1-nano";
    static final List<String> ANSWERS = List.of(long_("Paris"), long_("Seine"), long_("Louvre"));
    static final String WRONG = long_("Lyon");

    /** An answer of 40 words, as long as the actor's usual answers. */
    static String long_(String head) {
        return head + " is the answer".repeat(13);
    }

    /** Asks three questions; each prompt quotes the previous answer, so a guess decides the next call. */
    static final class Quiz implements Agent<List<String>> {
        @Override
        public List<String> initialState() {
            return List.of();
        }

        @Override
        public Optional<Call> nextCall(List<String> answers) {
            if (answers.size() == ANSWERS.size()) {
                return Optional.empty();
            }
            return Optional.of(ChatCalls.callOf(question(answers)));
        }

        @Override
        public List<String> transition(List<String> answers, Outcome outcome) {
            List<String> next = new ArrayList<>(answers);
            next.add(outcome.text());
            return List.copyOf(next);
        }

        static ChatRequest question(List<String> answers) {
            return ChatRequest.builder().system("Answer with one word.")
                    .user("Question " + answers.size() + ". Previous answer: "
                            + (answers.isEmpty() ? "none" : answers.get(answers.size() - 1)))
                    .temperature(0.0).build();
        }
    }

    static List<TraceEntry> trace(LlmSpeculator<List<String>> speculator) {
        List<TraceEntry> entries = new ArrayList<>();
        List<String> state = new ArrayList<>();
        for (String answer : ANSWERS) {
            entries.add(Traces.text(Quiz.question(state), ACTOR, answer, 200, 300));
            state.add(answer);
        }
        // the wrong branch after the wrong guess for question 0: a slow answer that gets cancelled
        entries.add(Traces.text(Quiz.question(List.of(WRONG)), ACTOR, long_("Lyon"), 100, 1500));
        // the speculator: wrong for question 0, right for question 1, malformed for question 2
        String[] guesses = {guesses(WRONG, 0.6), "```json\n" + guesses(ANSWERS.get(1), 0.9) + "\n```",
                "Sorry, I cannot guess that."};
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < ANSWERS.size(); i++) {
            Call pending = ChatCalls.callOf(Quiz.question(seen));
            ChatRequest request = speculator.request(List.copyOf(seen), pending, 1);
            entries.add(Traces.entry(request, SPECULATOR, Traces.completion(SPECULATOR, guesses[i], List.of(), 60, 12),
                    20, 40));
            seen.add(ANSWERS.get(i));
        }
        return entries;
    }

    static String guesses(String value, double confidence) {
        return CanonicalJson.object("guesses",
                List.of(Map.of("value", value, "confidence", confidence))).toString();
    }

    @Test
    void speculativeRunIsLosslessOverlapsItsCallsAndItsCancelsAreSeenByTheServer() throws Exception {
        ChatClient probe = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", SPECULATOR)).build();
        LlmSpeculator<List<String>> template = LlmSpeculator.<List<String>>builder(probe).build();
        try (ReplayServer server = ReplayServer.builder(trace(template)).start();
             ChatClient actorClient = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), ACTOR)).build();
             ChatClient specClient = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), SPECULATOR)).build();
             RealClock clock = new RealClock()) {
            LlmActor actor = LlmActor.of(actorClient);
            LlmSpeculator<List<String>> speculator = LlmSpeculator.<List<String>>builder(specClient).build();

            RunResult<List<String>> sequential = SpeculativeRunner.<List<String>>builder().agent(new Quiz()).actor(actor)
                    .speculator(speculator).policy(new SequentialPolicy()).clock(clock)
                    .sideEffects(SideEffects.allReadOnly()).build().run();
            RunResult<List<String>> speculative = SpeculativeRunner.<List<String>>builder().agent(new Quiz())
                    .actor(actor).speculator(speculator).policy(new Algorithm1Policy(1)).clock(clock)
                    .sideEffects(SideEffects.allReadOnly()).build().run();

            assertThat(sequential.finalState()).isEqualTo(ANSWERS);
            assertThat(speculative.finalState()).isEqualTo(ANSWERS);
            assertThat(speculative.figures().hits()).isEqualTo(1);
            // the hit's question ran while the actor answered the one before: a committed call started before the
            // one before it ended, which never happens in the sequential run. Read from the ledgers, not by comparing
            // the runs' wall times (about 0.95 s against 0.7 s), which a cold JVM on a loaded machine inverted
            System.out.printf("sequential %.3f s, speculative %.3f s%n", sequential.figures().wallSeconds(),
                    speculative.figures().wallSeconds());
            assertThat(CommittedCalls.overlap(speculative.ledger())).isTrue();
            assertThat(CommittedCalls.overlap(sequential.ledger())).isFalse();

            LedgerEntry cancelled = speculative.ledger().stream()
                    .filter(e -> e.role() == Role.BRANCH && e.fate() == Fate.CANCELLED).findFirst().orElseThrow();
            assertThat(cancelled.usage().completionTokens()).isLessThan(40L);
            assertThat(cancelled.usage().promptTokens()).isGreaterThan(0);
            assertThat(cancelled.usage().costUsd()).isGreaterThan(0);
            server.awaitDisconnect(Duration.ofSeconds(10));
            assertThat(server.disconnects()).hasSize(1);

            CancelSavings savings = CancelSavings.of(speculative.ledger());
            assertThat(savings.cancelledCalls()).isGreaterThanOrEqualTo(1);
            assertThat(savings.savedUsd()).isGreaterThan(0);
        } finally {
            probe.close();
        }
    }

    @Test
    void malformedSpeculatorAnswerIsZeroGuessesNotAFailure() throws Exception {
        ChatClient probe = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", SPECULATOR)).build();
        LlmSpeculator<List<String>> template = LlmSpeculator.<List<String>>builder(probe).build();
        try (ReplayServer server = ReplayServer.builder(trace(template)).start();
             ChatClient specClient = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), SPECULATOR)).build();
             RealClock clock = new RealClock()) {
            LlmSpeculator<List<String>> speculator = LlmSpeculator.<List<String>>builder(specClient).build();
            List<String> state = List.of(ANSWERS.get(0), ANSWERS.get(1));
            Call pending = ChatCalls.callOf(Quiz.question(state));
            var result = new CompletableFuture<List<Guess>>();
            var usage = new AtomicReference<Usage>();
            speculator.propose(state, pending, 1, clock, new Completion<>() {
                @Override
                public void succeed(List<Guess> value, Usage u) {
                    usage.set(u);
                    result.complete(value);
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    result.completeExceptionally(error);
                }
            });
            assertThat(result.get()).isEmpty();
            assertThat(usage.get().promptTokens()).isEqualTo(60);
            // and a right guess parses into the actor's value shape
            var right = new CompletableFuture<List<Guess>>();
            speculator.propose(List.of(), ChatCalls.callOf(Quiz.question(List.of())), 1, clock,
                    new Completion<>() {
                        @Override
                        public void succeed(List<Guess> value, Usage u) {
                            right.complete(value);
                        }

                        @Override
                        public void fail(Throwable error, Usage spent) {
                            right.completeExceptionally(error);
                        }
                    });
            JsonNode value = right.get().get(0).value();
            assertThat(value.asText()).isEqualTo(WRONG);
        } finally {
            probe.close();
        }
    }

    @Test
    void actorCancelClosesTheConnectionAndReportsNothing() throws Exception {
        ChatClient probe = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", SPECULATOR)).build();
        LlmSpeculator<List<String>> template = LlmSpeculator.<List<String>>builder(probe).build();
        // at a quarter of the recorded pace the cancelled answer streams from 0.4 s to 6 s: a server starved of CPU
        // for a second (6 busy threads on 2 cores) could otherwise write all of it before the client's cancel
        try (ReplayServer server = ReplayServer.builder(trace(template)).timeScale(4).start();
             ChatClient actorClient = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), ACTOR)).build();
             RealClock clock = new RealClock()) {
            AtomicInteger reports = new AtomicInteger();
            CallContext context = new CallContext() {
                @Override
                public Clock clock() {
                    return clock;
                }

                @Override
                public boolean speculative() {
                    return true;
                }

                @Override
                public Optional<View> view() {
                    return Optional.empty();
                }

                @Override
                public void succeed(JsonNode value, Usage usage) {
                    reports.incrementAndGet();
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    reports.incrementAndGet();
                }
            };
            var handle = LlmActor.of(actorClient).start(ChatCalls.callOf(Quiz.question(List.of(WRONG))), context);
            // cancel once the answer streams (its first token is due 400 ms after the request arrives), not a fixed
            // time after the start: on a cold, loaded JVM the request had not reached the server 400 ms in, and the
            // cancel then found no stream to close
            server.awaitRequests(1, Duration.ofSeconds(5));
            Thread.sleep(700);
            long before = System.nanoTime();
            Usage spent = handle.cancel();
            server.awaitDisconnect(Duration.ofSeconds(10));
            assertThat(server.disconnects()).hasSize(1);
            // the answer would end 5.3 s after the cancel: the disconnect must come well before (a loaded 2-core
            // machine needs more than 200 ms to notice it, and the JDK may release the socket at its selector's
            // 3 s idle timeout: docs/llm.md)
            assertThat((server.disconnects().get(0).atNanos() - before) / 1e6).isLessThan(4000);
            assertThat(spent.promptTokens()).isPositive();
            assertThat(spent.costUsd()).isPositive();
            assertThat(handle.cancel()).isEqualTo(spent);
            Thread.sleep(100);
            assertThat(reports.get()).isZero();
        } finally {
            probe.close();
        }
    }

    @Test
    void simulatedReplayOfTheTraceIsDeterministicAndExact() {
        ChatClient probe = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", SPECULATOR)).build();
        List<TraceEntry> trace = trace(LlmSpeculator.<List<String>>builder(probe).build());
        probe.close();
        List<RunResult<List<String>>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SimulatedClock clock = new SimulatedClock(7);
            var actorModel = SimulatedChatModel.of(clock, trace,
                    LlmEndpoint.of("http://replay/v1", ACTOR));
            var specModel = SimulatedChatModel.of(clock, trace,
                    LlmEndpoint.of("http://replay/v1", SPECULATOR));
            runs.add(SpeculativeRunner.<List<String>>builder().agent(new Quiz()).actor(LlmActor.of(actorModel))
                    .speculator(LlmSpeculator.<List<String>>builder(specModel).build()).policy(new Algorithm1Policy(1))
                    .clock(clock).sideEffects(SideEffects.allReadOnly()).build().run());
        }
        RunResult<List<String>> run = runs.get(0);
        assertThat(run.finalState()).isEqualTo(ANSWERS);
        assertThat(run.figures().hits()).isEqualTo(1);
        // Q0 300 ms; the guess at 40 ms starts Q1 as a branch, a hit at 340 ms; Q2 from 340 to 640 ms
        assertThat(run.figures().speculativeSeconds()).isCloseTo(0.64, offset(1e-9));
        assertThat(run.figures().sequentialSeconds()).isCloseTo(0.90, offset(1e-9));
        LedgerEntry cancelled = run.ledger().stream().filter(e -> e.fate() == Fate.CANCELLED).findFirst().orElseThrow();
        // cancelled 260 ms into a stream whose 40 tokens run from 100 to 1500 ms: floor(40 * 160 / 1400) = 4
        assertThat(cancelled.usage().completionTokens()).isEqualTo(4);
        assertThat(cancelled.usage().promptTokens()).isEqualTo(20);
        assertThat(runs.get(1).ledger()).isEqualTo(run.ledger());
    }
}
