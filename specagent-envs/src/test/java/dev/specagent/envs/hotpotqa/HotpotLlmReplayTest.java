package dev.specagent.envs.hotpotqa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.envs.hotpotqa.tools.ReactAction;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.envs.hotpotqa.react.LlmThinker;
import dev.specagent.envs.hotpotqa.react.ReactPrompt;
import dev.specagent.envs.hotpotqa.react.ReactStep;
import dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator;
import dev.specagent.envs.hotpotqa.speculate.LlmActionDrafter;
import dev.specagent.envs.hotpotqa.speculate.LlmObservationGuesser;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM ReAct actor, the LLM observation speculator and the LLM drafter against the project's
 * OpenAI-compatible replay server over real HTTP on loopback, on a real clock.
 */
class HotpotLlmReplayTest {

    static final ReactPrompt PROMPT = new ReactPrompt("Solve a question answering task. (examples omitted)\n");

    static TraceEntry answer(String model, String content, double totalMs) {
        ObjectNode request = CanonicalJson.object("model", model, "messages", List.of());
        ObjectNode response = CanonicalJson.object("id", "chatcmpl-1", "object", "chat.completion",
                "created", 1_700_000_000L, "model", model);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        response.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
        return TraceEntry.completed(request, response, totalMs / 2, totalMs);
    }

    static EpisodeResult run(SpeculationPolicy policy) throws Exception {
        return run(policy, 7, ToolLatency.fixed(0.5, 0.1));
    }

    static EpisodeResult run(SpeculationPolicy policy, int maxSteps, ToolLatency latency) throws Exception {
        List<TraceEntry> entries = new ArrayList<>(List.of(
                answer("actor-m", "Thought 1: I need to search Alpha.\nAction 1: Search[Alpha]", 1500),
                answer("actor-m", "Thought 2: Look up its mayor.\nAction 2: Lookup[mayor]\nObservation 2: x", 1500),
                answer("actor-m", "Thought 3: The mayor is Bob.\nAction 3: Finish[Bob]", 1500),
                answer("guess-m", "Alpha is a city on a river. Its mayor is Bob.", 50),
                answer("draft-m", "The page names the mayor.\nAction 2: Lookup[Mayor], Search[Bob]", 100)));
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).start();
             ChatClient actor = client(server, "actor-m");
             ChatClient guesser = client(server, "guess-m");
             ChatClient drafter = client(server, "draft-m");
             RealClock clock = new RealClock()) {
            DraftingSpeculator speculator = new DraftingSpeculator(new LlmObservationGuesser(guesser),
                    new LlmActionDrafter(drafter, PROMPT));
            HotpotEpisode episode = new HotpotEpisode(new WikiTools(HotpotIsolationTest.WIKI),
                    latency, LlmThinker.of(actor, PROMPT, Duration.ofMillis(300)), speculator,
                    policy, RunLimits.DEFAULT.withMaxAttempts(1), maxSteps);
            return episode.run(HotpotIsolationTest.Q, clock);
        }
    }

    static ChatClient client(ReplayServer server, String model) {
        return ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), model)).maxRetries(0).build();
    }

    @Test
    void theLlmActorAnswersAndAMatchingDraftSavesTheLookupWait() throws Exception {
        EpisodeResult sequential = run(new SequentialPolicy());
        EpisodeResult speculative = run(new Algorithm1Policy(2));

        List<String> observations = speculative.run().finalState().steps().stream().map(ReactStep::observation).toList();
        assertThat(observations).containsExactly(
                "Alpha is a city on a river. The mayor is Bob. The former mayor was Dan..",
                "(Result 1 / 2) The mayor is Bob.");
        assertThat(observations).isEqualTo(sequential.run().finalState().steps().stream()
                .map(ReactStep::observation).toList());
        assertThat(speculative.run().finalState().steps().get(1).action()).isEqualTo("Lookup[mayor]");
        assertThat(speculative.answer()).isEqualTo("Bob");
        assertThat(speculative.score().exactMatch()).isTrue();
        assertThat(speculative.score().f1()).isEqualTo(1.0);

        assertThat(speculative.run().figures().hits()).isEqualTo(1);
        assertThat(sequential.run().figures().hits()).isZero();
        // the speculator's two LLM calls are in the ledger with their tokens
        assertThat(speculative.run().ledger().stream().filter(e -> e.role() == Role.SPECULATOR)
                .mapToLong(e -> e.usage().promptTokens()).sum()).isEqualTo(200);
        // the adopted lookup (0.1 s) ran while the actor thought: a committed call started before the one before it
        // ended. Read from the ledger, not by comparing the two runs' wall times, whose real-clock jitter is as large
        assertThat(CommittedCalls.overlap(speculative.run().ledger())).isTrue();
        assertThat(CommittedCalls.overlap(sequential.run().ledger())).isFalse();
    }

    /**
     * One step: the pipeline of the search (guess and draft, 100 + 20 tokens each) is never read by a think. It is in
     * the ledger as a wasted speculator entry from the search's start until its draft was in, and the figures count
     * it; before, the run's figures were the think's alone.
     */
    @Test
    void aPipelineUnreadAtTheStepLimitIsAWastedSpeculatorEntry() throws Exception {
        // a 2 s search: the guess (50 ms) and the draft (100 ms) are done when the run ends
        EpisodeResult r = run(new Algorithm1Policy(2), 1, ToolLatency.fixed(2, 0));
        assertThat(r.run().finalState().steps()).hasSize(1);
        List<LedgerEntry> unread = r.run().ledger().stream().filter(e -> HotpotEpisode.UNREAD_LABEL.equals(e.label()))
                .toList();
        assertThat(unread).hasSize(1);
        LedgerEntry e = unread.getFirst();
        assertThat(e.role()).isEqualTo(Role.SPECULATOR);
        assertThat(e.fate()).as("it had finished: its drafts were ready, unread").isEqualTo(Fate.WASTED);
        assertThat(e.usage().promptTokens()).isEqualTo(200);
        assertThat(e.usage().completionTokens()).isEqualTo(40);
        // it ran while the 2 s search did: from when the search was proposed (as it started) until its draft was in
        LedgerEntry search = r.run().ledger().stream().filter(x -> x.role() == Role.ACTOR && x.label().equals("search"))
                .findFirst().orElseThrow();
        assertThat(e.startNanos()).isBetween(search.startNanos(), search.startNanos() + Clock.nanos(0.5));
        assertThat(e.endNanos()).isGreaterThan(e.startNanos()).isLessThan(search.endNanos());
        assertThat(r.run().ledger().stream().map(LedgerEntry::id).distinct()).hasSize(r.run().ledger().size());
        RunFigures f = r.run().figures();
        assertThat(f).isEqualTo(RunFigures.of(r.run().ledger()));
        assertThat(f.promptTokens()).isEqualTo(300);
        assertThat(f.completionTokens()).isEqualTo(60);
        assertThat(f.wastedAttempts()).as("the unread pipeline among them").isPositive();
        assertThat(f.committedAttempts() + f.wastedAttempts() + f.cancelledAttempts()).isEqualTo(f.attempts());
    }

    @Test
    void parsesTheActorsAnswerLikeTheReference() {
        var ta = ReactPrompt.parseActorAnswer(" I should search X.\nAction 4: search[X Y]\nObservation 4: made up");
        assertThat(ta.thought()).isEqualTo("I should search X.");
        assertThat(ta.action()).isEqualTo("Search[X Y]");
        assertThat(ReactPrompt.parseActorAnswer("no action here").parsed()).isEmpty();
        JsonNode json = ta.toJson();
        assertThat(json.path("action").asText()).isEqualTo("Search[X Y]");
        // an argument with brackets runs to the bracket that closes the action, as the reference reads it
        assertThat(ReactPrompt.parseActorAnswer("Action 1: Search[Foo [bar]]").action()).isEqualTo("Search[Foo [bar]]");
        assertThat(ReactPrompt.parseActorAnswer("Action 1: Search[Foo [bar]").action()).isEqualTo("Search[Foo [bar]");
        assertThat(ReactAction.parse("Lookup[a [b] c]")).contains(new ReactAction(ReactAction.Type.LOOKUP, "a [b] c"));
        assertThat(ReactAction.findAll("Search[A] then Finish[B]")).hasSize(2);
    }
}
