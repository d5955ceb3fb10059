package dev.specagent.llm;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.llm.LlmAgentsReplayTest.Quiz;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.EnsembleSpeculator;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.agent.LlmSpeculator;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.TokenEstimate;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.specagent.llm.LlmAgentsReplayTest.ACTOR;
import static dev.specagent.llm.LlmAgentsReplayTest.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * LLM speculators and ensembles of them against the replay server over loopback HTTP: answers that cannot be read,
 * members that hang or break, and cancels that must reach every member's connection and be charged once.
 */
class LlmSpeculationReplayTest {

    static final String NANO = "gpt-4.1-nano";
    static final String MINI = "gpt-4o-mini";

    /** The speculator request for the quiz's first question, as {@code model}'s client sends it. */
    static TraceEntry speculatorEntry(String model, String answer, double firstMs, double totalMs) {
        try (ChatClient probe = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", model)).build()) {
            var request = LlmSpeculator.<List<String>>builder(probe).build()
                    .request(List.of(), ChatCalls.callOf(Quiz.question(List.of())), 1);
            return Traces.entry(request, model, Traces.completion(model, answer, List.of(), 60, 12), firstMs, totalMs);
        }
    }

    static ChatClient client(ReplayServer server, String model) {
        return ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), model)).build();
    }

    /** What a proposal reported. */
    record Reported(List<Guess> guesses, Usage usage) {
    }

    /** Starts a proposal for the quiz's first question; its handle is added to {@code handle}. */
    static CompletableFuture<Reported> propose(Speculator<List<String>> speculator, RealClock clock,
                                               List<CallHandle> handle) {
        CompletableFuture<Reported> out = new CompletableFuture<>();
        handle.add(speculator.propose(List.of(), ChatCalls.callOf(Quiz.question(List.of())), 1, clock,
                new Completion<>() {
                    @Override
                    public void succeed(List<Guess> value, Usage usage) {
                        out.complete(new Reported(value, usage));
                        clock.execute(() -> { }); // wakes the loop that waits for it
                    }

                    @Override
                    public void fail(Throwable error, Usage spent) {
                        out.completeExceptionally(error);
                        clock.execute(() -> { });
                    }
                }));
        return out;
    }

    /** Drives the clock's event loop (its timers run there) until {@code report} is done or {@code seconds} pass. */
    static Reported await(RealClock clock, CompletableFuture<Reported> report, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        clock.schedule(deadline - System.nanoTime(), () -> { });
        clock.runUntil(() -> report.isDone() || System.nanoTime() - deadline >= 0);
        assertThat(report).as("the proposal reported within %s s", seconds).isDone();
        return report.join();
    }

    @Test
    void aGuessBeyondTheDoubleRangeLetsARunAwaitingItsProposalsEnd() {
        // a guess of 1e999 once made the parser throw inside the client's callback: the proposal never reported, and
        // a policy that awaits the guesses before committing waited for ever; it is infinity now, a wrong guess
        String unreadable = "{\"guesses\":[{\"value\":1e999,\"confidence\":0.9}]}";
        List<TraceEntry> trace = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (ChatClient probe = ChatClient.builder(LlmEndpoint.of("http://127.0.0.1:1/v1", NANO)).build()) {
            LlmSpeculator<List<String>> template = LlmSpeculator.<List<String>>builder(probe).build();
            for (String answer : ANSWERS) {
                trace.add(Traces.text(Quiz.question(seen), ACTOR, answer, 50, 100));
                trace.add(Traces.entry(template.request(List.copyOf(seen), ChatCalls.callOf(Quiz.question(seen)), 1),
                        NANO, Traces.completion(NANO, unreadable, List.of(), 60, 12), 150, 200));
                seen.add(answer);
            }
        }
        RunResult<List<String>> run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (ReplayServer server = ReplayServer.builder(trace).start();
                 ChatClient actorClient = client(server, ACTOR);
                 ChatClient specClient = client(server, NANO);
                 RealClock clock = new RealClock()) {
                return SpeculativeRunner.<List<String>>builder().agent(new Quiz()).actor(LlmActor.of(actorClient))
                        .speculator(LlmSpeculator.<List<String>>builder(specClient).build())
                        .policy(new Algorithm1Policy(1, true)).clock(clock).sideEffects(SideEffects.allReadOnly())
                        .build().run();
            }
        });
        assertThat(run.finalState()).isEqualTo(ANSWERS);
        List<LedgerEntry> proposals = run.ledger().stream().filter(e -> e.role() == Role.SPECULATOR).toList();
        assertThat(proposals).hasSize(ANSWERS.size());
        // the two proposals the run waited for are charged their answers' usage; the last question's is not awaited
        // (its guesses could open nothing) and may be cancelled
        assertThat(proposals.subList(0, 2)).allSatisfy(e -> {
            assertThat(e.fate()).isEqualTo(Fate.WASTED);
            assertThat(e.usage().promptTokens()).isEqualTo(60);
            assertThat(e.usage().completionTokens()).isEqualTo(12);
        });
    }

    @Test
    void aHungMemberIsCancelledAtTheMemberTimeoutAndTheOthersGuessesArriveCharged() throws Exception {
        String right = LlmAgentsReplayTest.guesses(ANSWERS.get(0), 0.7);
        List<TraceEntry> trace = List.of(speculatorEntry(NANO, right, 20, 40),
                speculatorEntry(MINI, LlmAgentsReplayTest.guesses("Lyon", 0.9), 20_000, 20_000));
        try (ReplayServer server = ReplayServer.builder(trace).start();
             ChatClient nano = client(server, NANO);
             ChatClient mini = client(server, MINI);
             RealClock clock = new RealClock()) {
            var ensemble = new EnsembleSpeculator<List<String>>(List.of(LlmSpeculator.<List<String>>builder(nano)
                    .build(), LlmSpeculator.<List<String>>builder(mini).build()), Duration.ofMillis(600));
            long start = System.nanoTime();
            Reported reported = await(clock, propose(ensemble, clock, new ArrayList<>()), 10);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ensemble with a hung member answered after %.3f s%n", seconds);
            assertThat(seconds).isLessThan(5);
            assertThat(reported.guesses()).containsExactly(Guess.of(ANSWERS.get(0), 0.7));
            // the hung member's connection was closed, and its prompt is charged with the fast member's usage
            assertThat(server.awaitDisconnect(Duration.ofSeconds(2))).isTrue();
            assertThat(server.disconnects()).hasSize(1);
            assertThat(reported.usage().promptTokens()).isGreaterThan(60);
            assertThat(reported.usage().completionTokens()).isEqualTo(12);
        }
    }

    @Test
    void cancellingAnEnsembleClosesEveryMembersConnectionAndReturnsWhatAllSpent() throws Exception {
        List<TraceEntry> trace = List.of(speculatorEntry(NANO, LlmAgentsReplayTest.guesses("a", 0.5), 5_000, 5_000),
                speculatorEntry(MINI, LlmAgentsReplayTest.guesses("b", 0.5), 5_000, 5_000));
        try (ReplayServer server = ReplayServer.builder(trace).start();
             ChatClient nano = client(server, NANO);
             ChatClient mini = client(server, MINI);
             RealClock clock = new RealClock()) {
            LlmSpeculator<List<String>> a = LlmSpeculator.<List<String>>builder(nano).build();
            LlmSpeculator<List<String>> b = LlmSpeculator.<List<String>>builder(mini).build();
            List<CallHandle> handle = new ArrayList<>();
            CompletableFuture<Reported> reported = propose(new EnsembleSpeculator<>(List.of(a, b)), clock, handle);
            assertThat(server.awaitRequests(2, Duration.ofSeconds(5))).isTrue();
            Usage spent = handle.get(0).cancel();
            // a call cancelled before its answer's headers were handled has its socket half-closed (FIN) at once but
            // released by the JDK client's selector only at its next cycle, up to 3 s later; this server notices a
            // disconnect only when a write fails, so 3 s was too short about once in a hundred runs under load
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.disconnects().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.disconnects()).hasSize(2);
            // both prompts, estimated by the client as nothing was generated yet; a second cancel returns the same
            assertThat(spent.promptTokens()).isEqualTo(2 * promptEstimate(a, nano));
            assertThat(spent.completionTokens()).isZero();
            assertThat(handle.get(0).cancel()).isEqualTo(spent);
            Thread.sleep(100);
            assertThat(reported).isNotDone();
        }
    }

    /** The client's estimate of a speculator request's prompt tokens. */
    static long promptEstimate(LlmSpeculator<List<String>> speculator, ChatClient client) {
        return TokenEstimate.promptTokens(client.requestBody(
                speculator.request(List.of(), ChatCalls.callOf(Quiz.question(List.of())), 1)));
    }

    @Test
    void aMemberThatThrowsCountsAsNoGuessesAndTheOthersStillAnswer() throws Exception {
        List<TraceEntry> trace = List.of(speculatorEntry(NANO, LlmAgentsReplayTest.guesses("Paris", 0.6), 20, 40));
        try (ReplayServer server = ReplayServer.builder(trace).start();
             ChatClient nano = client(server, NANO);
             RealClock clock = new RealClock()) {
            Speculator<List<String>> broken = (state, pending, k, c, done) -> {
                throw new IllegalStateException("no model loaded");
            };
            var ensemble = new EnsembleSpeculator<>(List.of(LlmSpeculator.<List<String>>builder(nano).build(), broken));
            // before, propose threw and the first member's call ran on, out of the runner's reach and its ledger
            Reported reported = await(clock, propose(ensemble, clock, new ArrayList<>()), 10);
            assertThat(reported.guesses()).containsExactly(Guess.of("Paris", 0.6));
            assertThat(reported.usage().promptTokens()).isEqualTo(60);
        }
    }
}
