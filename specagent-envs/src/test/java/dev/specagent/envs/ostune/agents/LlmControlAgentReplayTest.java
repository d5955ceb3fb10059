package dev.specagent.envs.ostune.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.SafetyEnvelope;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.Mode;
import dev.specagent.envs.ostune.OsTuneExperiment;
import dev.specagent.envs.ostune.OsTuneReport;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The LLM actor and speculator against the project's replay server over loopback HTTP, on the simulated knob in real time. */
class LlmControlAgentReplayTest {

    static final String ACTOR = "gpt-4.1";
    static final String SPECULATOR = "gpt-4.1-nano";

    /** A recorded chat completion of {@code model} answering {@code content} after {@code totalMs}. */
    public static TraceEntry answer(String model, String content, double totalMs) {
        ObjectNode request = CanonicalJson.object("model", model);
        request.putArray("messages").addObject().put("role", "user").put("content", "recorded");
        ObjectNode response = CanonicalJson.object("id", "chatcmpl-ostune", "object", "chat.completion",
                "created", 1_700_000_000L, "model", model);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        response.putObject("usage").put("prompt_tokens", 400).put("completion_tokens", 60).put("total_tokens", 460);
        return TraceEntry.completed(request, response, totalMs / 2, totalMs);
    }

    /** {@code entry} as a second recorded answer (another request, so that the ORDER fallback serves it too). */
    static TraceEntry recordedAgain(TraceEntry entry) {
        ObjectNode request = (ObjectNode) entry.request().deepCopy();
        ((ObjectNode) request.get("messages").get(0)).put("content", "recorded again");
        return TraceEntry.completed(request, entry.response(), entry.firstTokenMs(), entry.totalMs());
    }

    /** Actor answers (slow) and speculator answers (fast), in order. */
    public static List<TraceEntry> trace() {
        List<TraceEntry> entries = new ArrayList<>();
        entries.add(answer(ACTOR, "Analysis: 24 ms slices make threads queue; try 8 ms.\nConfig: {\"simulated_min_granularity_ms\": 8}", 1500));
        entries.add(answer(ACTOR, "Analysis: 8 ms helped; a bit lower.\nConfig: {\"simulated_min_granularity_ms\": 6}", 1500));
        for (int i = 0; i < 10; i++) {
            entries.add(answer(SPECULATOR, i == 0 ? "I think lower." // breaks the contract: the next answer is its correction's
                    : "Analysis: follow the actor, slightly lower.\nConfig: {\"simulated_min_granularity_ms\": " + (12 - i * 0.5) + "}", 100));
        }
        return entries;
    }

    @Test
    void llmAgentsDecideThroughTheClientAndTheirTokensReachTheLedger() throws Exception {
        try (ReplayServer server = ReplayServer.builder(trace()).fallback(ReplayServer.Fallback.ORDER).start();
             ChatClient actor = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), ACTOR)).build();
             ChatClient speculator = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), SPECULATOR)).build()) {
            OsTuneReport r = new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED, Mode.BOTH, 3.5))
                    .actor(LlmControlAgent.actor(actor)).speculator(LlmControlAgent.speculator(speculator)).run();
            assertThat(r.agents()).anyMatch(a -> a.contains("LLM gpt-4.1 (actor")).anyMatch(a -> a.contains("LLM gpt-4.1-nano (speculator"));
            assertThat(r.result().writes()).anyMatch(w -> w.source() == WriteSource.ACTOR && w.applied() == 8
                    && w.rationale().contains("queue"));
            assertThat(r.result().writes()).anyMatch(w -> w.source() == WriteSource.SPECULATOR);
            // the decision whose first answer broke the contract is charged both attempts
            assertThat(r.result().ledger()).anyMatch(e -> e.role() == Role.SPECULATOR && e.usage().promptTokens() == 800);
            assertThat(r.result().figures().promptTokens()).isGreaterThanOrEqualTo(400 * 3);
            assertThat(r.result().figures().costUsd()).isPositive();
            assertThat(r.restored()).isTrue();
        }
    }

    @Test
    void anActorValueOutsideTheEnvelopeIsNeverWritten() throws Exception {
        // the simulated knob's envelope is 0.5-100 ms; 2000 (a figure in µs?) was clamped to a bound and written
        // the same answer to the first request and to the correction that says why it was refused
        TraceEntry outside = answer(ACTOR, "Analysis: much longer slices.\nConfig: {\"simulated_min_granularity_ms\": 2000}", 100);
        List<TraceEntry> entries = List.of(outside, recordedAgain(outside));
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).start();
             ChatClient actor = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), ACTOR)).build()) {
            List<String> failures = new ArrayList<>();
            OsTuneReport r = new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED, Mode.ACTOR_ONLY, 1.0))
                    .actor(LlmControlAgent.actor(actor)).listener(new LossyListener() {
                        @Override
                        public void onAgentFailure(WriteSource source, Throwable error) {
                            failures.add(source + ": " + error.getMessage());
                        }
                    }).run();
            assertThat(r.result().writes()).noneMatch(w -> w.source() == WriteSource.ACTOR);
            assertThat(r.result().ledger()).anyMatch(e -> e.role() == Role.ACTOR && e.fate() == Fate.WASTED);
            assertThat(failures).containsExactly("ACTOR: model gpt-4.1: the LLM answer's Config value 2000 of "
                    + "\"simulated_min_granularity_ms\" is outside the envelope [0.5, 100] ms (a unit mix-up?); not written");
        }
    }

    @Test
    void aFailedDecisionNamesTheModelAndWhyTheAnswerWasEmpty() throws Exception {
        TraceEntry plain = answer(SPECULATOR, "", 20);
        ObjectNode response = (ObjectNode) plain.response().deepCopy();
        ObjectNode choice = (ObjectNode) response.get("choices").get(0);
        ((ObjectNode) choice.get("message")).put("reasoning_content", "p95 is high, the slice should shrink, maybe to");
        choice.put("finish_reason", "length");
        TraceEntry empty = TraceEntry.completed(plain.request(), response, 10, 20);
        List<TraceEntry> entries = List.of(empty, recordedAgain(empty)); // the first answer and the one to its correction
        try (ReplayServer server = ReplayServer.builder(entries).fallback(ReplayServer.Fallback.ORDER).start();
             ChatClient speculator = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), SPECULATOR)).build()) {
            HybridContext context = new HybridContext("k", "ms", new SafetyEnvelope(1, 500, 100), 100, 3, Optional.empty(),
                    List.of(), List.of());
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            LlmControlAgent.speculator(speculator).decide(context, new RealClock(), new Completion<Decision>() {
                @Override
                public void succeed(Decision value, Usage usage) {
                    failed.complete(null);
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    failed.complete(error);
                }
            });
            assertThat(failed.get(10, TimeUnit.SECONDS)).isNotNull().hasMessage("model gpt-4.1-nano: the LLM answer is empty "
                    + "(expected 'Analysis: ...' and 'Config: {...}') (it gave only reasoning, 46 characters) "
                    + "(cut at the request's token limit of 200)");
        }
    }

    @Test
    void aRefusedAnswerIsAnsweredWithWhyAndTheContractAndTheNextAnswerDecides() throws Exception {
        LlmEndpoint endpoint = LlmEndpoint.of("http://127.0.0.1:1/v1", SPECULATOR);
        HybridContext context = new HybridContext("k", "ms", new SafetyEnvelope(1, 500, 100), 100, 3, Optional.empty(),
                List.of(), List.of());
        ChatRequest first;
        try (ChatClient unstarted = ChatClient.builder(endpoint).build()) { // for the exact first request only
            first = LlmControlAgent.speculator(unstarted).request(context);
        }
        ChatRequest corrected = first.toBuilder().assistant("I think lower.").user("Your answer was refused: the LLM "
                + "answer has no 'Config: {...}' line: 'I think lower.'.\n"
                + "Reply in exactly this format, nothing else:\nAnalysis: <your reasoning>\nConfig: {\"k\": <number>}").build();
        List<TraceEntry> entries = List.of(TraceEntry.text(endpoint, first, "I think lower.", 300, 5, 10, 20),
                TraceEntry.text(endpoint, corrected, "Analysis: lower.\nConfig: {\"k\": 80}", 320, 10, 10, 20));
        try (ReplayServer server = ReplayServer.builder(entries).start();
             ChatClient speculator = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), SPECULATOR)).build()) {
            CompletableFuture<Decision> decided = new CompletableFuture<>();
            CompletableFuture<Usage> charged = new CompletableFuture<>();
            LlmControlAgent.speculator(speculator).decide(context, new RealClock(), new Completion<Decision>() {
                @Override
                public void succeed(Decision value, Usage usage) {
                    charged.complete(usage);
                    decided.complete(value);
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    decided.completeExceptionally(error);
                }
            });
            assertThat(decided.get(10, TimeUnit.SECONDS).value()).isEqualTo(80.0);
            assertThat(charged.get().promptTokens()).isEqualTo(620);
            assertThat(charged.get().completionTokens()).isEqualTo(15);
            assertThat(server.misses()).isZero();
        }
    }
}
