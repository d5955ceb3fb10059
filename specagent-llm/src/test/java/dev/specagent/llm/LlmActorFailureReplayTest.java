package dev.specagent.llm;

import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.runner.RunFailedException;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An {@link LlmActor} whose second call fails, against the replay server: the run's error names the model and the
 * call, keeps the failure's kind, charges every attempt, and keeps the answer already committed.
 */
class LlmActorFailureReplayTest {

    static final String MODEL = "gpt-4.1";

    static ChatRequest question(int i) {
        return ChatRequest.builder().user("Question " + i).temperature(0.0).build();
    }

    /** Two questions. */
    static final class TwoQuestions implements Agent<List<String>> {
        @Override
        public List<String> initialState() {
            return List.of();
        }

        @Override
        public Optional<Call> nextCall(List<String> answers) {
            return answers.size() == 2 ? Optional.empty() : Optional.of(ChatCalls.callOf(question(answers.size())));
        }

        @Override
        public List<String> transition(List<String> answers, Outcome outcome) {
            List<String> next = new ArrayList<>(answers);
            next.add(outcome.text());
            return List.copyOf(next);
        }
    }

    static RunFailedException failedRun(ChatClient.Builder client, Function<ChatClient, LlmActor> actor,
                                        ReplayServer server) {
        try (ChatClient c = client.build(); RealClock clock = new RealClock()) {
            return catchThrowableOfType(RunFailedException.class, () -> SpeculativeRunner.<List<String>>builder()
                    .agent(new TwoQuestions()).actor(actor.apply(c)).speculator(Speculator.none())
                    .policy(new SequentialPolicy()).clock(clock).sideEffects(SideEffects.allReadOnly()).build().run());
        }
    }

    @Test
    void aTimedOutCallNamesTheModelAndTheCallAndKeepsTheCommittedAnswer() throws Exception {
        // the second answer's first token comes after 1.5 s, past the client's first-token timeout of 300 ms
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(question(0), MODEL, "Paris", 10, 20),
                Traces.text(question(1), MODEL, "Seine", 1500, 1600))).start()) {
            RunFailedException e = failedRun(ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL))
                    .firstTokenTimeout(Duration.ofMillis(300)), LlmActor::of, server);
            assertThat(e).isNotNull();
            // before: "... failed 3 time(s): no first token from http://127.0.0.1:.../v1/chat/completions within 300 ms",
            // the URL an actor and a speculator on one server share, and no model
            assertThat(e.getMessage()).contains("Question 1").contains("model " + MODEL + ": no first token from")
                    .doesNotContain("model " + MODEL + ": model "); // the client names it, the actor not again
            assertThat(e.getCause()).isInstanceOfSatisfying(LlmException.class, llm -> {
                assertThat(llm.kind()).isEqualTo(LlmException.Kind.TIMEOUT);
                assertThat(llm.spent().promptTokens()).isPositive();
            });
            assertThat(e.committed()).extracting(Outcome::text).containsExactly("Paris");
            // the committed call and the three timed-out attempts, each charged its prompt
            List<LedgerEntry> actor = e.ledger().stream().filter(x -> x.role() == Role.ACTOR).toList();
            assertThat(actor).hasSize(4).allSatisfy(x -> assertThat(x.usage().promptTokens()).isPositive());
        }
    }

    @Test
    void anAnswerTheAnswerFunctionRejectsNamesTheModelAndQuotesTheAnswer() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(Traces.text(question(0), MODEL, "Paris", 10, 20),
                Traces.text(question(1), MODEL, "Seine", 10, 20))).start()) {
            Function<ChatClient, LlmActor> strict = c -> LlmActor.builder(c).answer(r -> {
                if (r.content().equals("Seine")) {
                    throw new IllegalArgumentException("not a city");
                }
                return ChatCalls.valueOf(r);
            }).build();
            RunFailedException e = failedRun(ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)),
                    strict, server);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("Question 1").contains("the answer of model " + MODEL
                    + " could not be turned into the call's value: not a city (answer: Seine)");
            assertThat(e.committed()).extracting(Outcome::text).containsExactly("Paris");
            // each rejected answer is charged its usage: 20 prompt tokens, 1 generated
            List<LedgerEntry> rejected = e.ledger().stream().filter(x -> x.role() == Role.ACTOR).skip(1).toList();
            assertThat(rejected).hasSize(3).allSatisfy(x -> {
                assertThat(x.usage().promptTokens()).isEqualTo(20);
                assertThat(x.usage().completionTokens()).isEqualTo(1);
            });
        }
    }
}
