package dev.specagent.envs.planning.openagi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.StepAgent;
import dev.specagent.core.planning.predictor.TextEmbedder;
import dev.specagent.core.planning.sweep.PolicyRun;
import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.llm.agent.LlmTextEmbedder;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Live DSP with LLM agents (direct approximation, ReAct target) against the project's replay server
 * over loopback HTTP: the plan equals the target-only plan, and the cancel of a mismatched episode's
 * later target call reaches the server as a disconnect.
 */
class LivePlanningReplayTest {

    static final String MODEL = "gpt-4.1-mini";
    static final PlanningTask TASK = new PlanningTask("openagi-1",
            "Given noisy grayscale image, how to describe it in English step by step?");
    static final String DEN = "Image Denoising";
    static final String DEBLUR = "Image Deblurring";
    static final String CAPT = "Image Captioning";
    static final String END = "TERMINATE";
    static final String EMBEDDER = "text-embedding-3-small";

    ReplayServer server;
    ChatClient client;

    @BeforeEach
    void start() throws Exception {
        // the approximation's drafts per prefix; it misses step 2 (Deblurring instead of Captioning)
        Map<List<String>, String> drafts = Map.of(List.of(), DEN, List.of(DEN), DEBLUR, List.of(DEN, DEBLUR), END,
                List.of(DEN, CAPT), END);
        // the target's steps per prefix; on the off-plan prefix it answers something never committed
        Map<List<String>, String> target = Map.of(List.of(), DEN, List.of(DEN), CAPT, List.of(DEN, CAPT), END,
                List.of(DEN, DEBLUR), "Colorization");
        List<TraceEntry> entries = new ArrayList<>();
        drafts.forEach((prefix, step) -> {
            entries.add(entry(PlanPrompts.direct(TASK, prefix), step, 60));
            entries.add(entry(PlanPrompts.cot(TASK, prefix), "The image is noisy first.\nTool: " + step, 80));
        });
        target.forEach((prefix, step) -> {
            String thought = "Thought: after " + prefix.size() + " steps the next tool follows from the task.";
            // the off-plan verification is slow, so it is surely still running when the mismatch cancels it,
            // however loaded the machine (a 60 ms margin made the test flaky)
            double thinking = prefix.equals(List.of(DEN, DEBLUR)) ? 3000 : 400;
            entries.add(entry(PlanPrompts.reactThought(TASK, prefix), thought, thinking));
            entries.add(entry(PlanPrompts.reactAction(TASK, prefix, thought), "Action: " + step, 100));
            // the debate's five chained calls
            String a1 = "A: I propose " + step + ".";
            String b1 = "B: agreed, " + step + ".";
            String a2 = "A: still " + step + ".";
            String b2 = "B: final " + step + ".";
            entries.add(entry(PlanPrompts.debateOpen(TASK, prefix), a1, 100));
            entries.add(entry(PlanPrompts.debateReply(TASK, prefix, a1), b1, 100));
            entries.add(entry(PlanPrompts.debateReflect(TASK, prefix, a1, b1), a2, 100));
            entries.add(entry(PlanPrompts.debateReflect(TASK, prefix, b1, a2), b2, 100));
            entries.add(entry(PlanPrompts.debateFinal(TASK, prefix, a2, b2), "<tool>" + step + "</tool>", 100));
        });
        // state embeddings (dsp live --embeddings-model): the probe and every prefix the plan can verify
        entries.add(TraceEntry.embeddings(EMBEDDER, List.of(LlmTextEmbedder.PROBE), List.of(new double[] {1, 0}), 3, 5));
        for (List<String> prefix : List.of(List.<String>of(), List.of(DEN), List.of(DEN, CAPT), List.of(DEN, CAPT, END))) {
            entries.add(TraceEntry.embeddings(EMBEDDER, List.of(PlanSteps.stateText(TASK, prefix)),
                    List.of(new double[] {prefix.size(), 1}), 20, 5));
        }
        server = ReplayServer.builder(entries).start();
        client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static TraceEntry entry(ChatRequest request, String content, double totalMs) {
        return entry(request, content, totalMs, "stop");
    }

    static TraceEntry entry(ChatRequest request, String content, double totalMs, String finishReason) {
        ObjectNode body = WireFormat.requestBody(request, LlmEndpoint.of("http://127.0.0.1:1/v1", MODEL));
        ObjectNode response = CanonicalJson.object("id", "chatcmpl-test", "object", "chat.completion",
                "created", 1_700_000_000L, "model", MODEL);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", finishReason);
        long words = content.split("\\s+").length;
        response.putObject("usage").put("prompt_tokens", 300).put("completion_tokens", words * 3)
                .put("total_tokens", 300 + words * 3);
        return TraceEntry.completed(body, response, totalMs / 4, totalMs);
    }

    /**
     * Live, each step is charged what its own calls' answers reported, TERMINATE (no tool) included; the replay
     * world's draw from the recorded steps' distribution (docs/dsp.md) does not reach live runs.
     */
    @Test
    void eachTargetStepIsChargedTheUsageOfTheAnswersItGot() {
        PolicyRun targetOnly = LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 10)
                .run(PolicySpec.targetOnly(), List.of(TASK));
        var steps = targetOnly.ledger().stream().filter(e -> e.role() == Role.TARGET).toList();
        // two calls of 300 prompt tokens a step; 3 completion tokens a word: the 11-word thought, then
        // "Action: Image Denoising", "Action: Image Captioning" and "Action: TERMINATE"
        assertThat(steps).extracting(e -> e.usage().promptTokens()).containsExactly(600L, 600L, 600L);
        assertThat(steps).extracting(e -> e.usage().completionTokens()).containsExactly(42L, 42L, 39L);
    }

    @Test
    void speculativePlanEqualsTargetOnlyPlanAndTheCancelReachesTheServer() throws Exception {
        LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 10);
        PolicyRun targetOnly = live.run(PolicySpec.targetOnly(), List.of(TASK));
        assertThat(targetOnly.plans().getFirst().steps()).containsExactly(DEN, CAPT, END);
        assertThat(server.disconnects()).isEmpty();

        PolicyRun fix3 = live.run(PolicySpec.fixed(3), List.of(TASK));
        PlanResult plan = fix3.plans().getFirst();
        assertThat(plan.steps()).isEqualTo(targetOnly.plans().getFirst().steps());
        assertThat(plan.episodes()).hasSize(2);
        System.out.printf("target-only %.3f s, fix3 %.3f s%n", targetOnly.figures().wallSeconds(),
                fix3.figures().wallSeconds());
        assertThat(CommittedCalls.overlap(fix3.ledger())).isTrue();
        assertThat(CommittedCalls.overlap(targetOnly.ledger())).isFalse();
        assertThat(fix3.figures().cancelledAttempts()).isPositive();
        server.awaitDisconnect(Duration.ofSeconds(10));
        assertThat(server.disconnects()).as("the cancelled target call closed its connection").isNotEmpty();
        assertThat(server.misses()).isZero();
        assertThat(fix3.figures().costUsd()).isPositive();
        // the cancelled calls are charged what they consumed (at least their prompts), all of it unnecessary
        var cancelled = fix3.ledger().stream().filter(e -> e.fate() == Fate.CANCELLED).toList();
        assertThat(cancelled).allSatisfy(e -> assertThat(e.usage().promptTokens()).isPositive());
        double cancelledCost = cancelled.stream().mapToDouble(e -> e.usage().costUsd()).sum();
        assertThat(cancelledCost).isPositive();
        assertThat(fix3.figures().unnecessaryCostUsd()).isGreaterThanOrEqualTo(cancelledCost - 1e-12);
    }

    /**
     * Live planning has a call timeout (15 minutes unless set), kept by the other settings: a target that never
     * answers is cancelled at it (the cancel reaches the agent) and fails the run naming the call, instead of
     * hanging it.
     */
    @Test
    @Timeout(60) // without the timeout the run would hang: fail instead
    void aTargetThatNeverAnswersTimesOutAndFailsTheRun() {
        LivePlanning standard = LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 10);
        assertThat(standard.callTimeout()).isEqualTo(LivePlanning.DEFAULT_CALL_TIMEOUT).isEqualTo(Duration.ofMinutes(15));
        assertThat(standard.withStateEmbedder(TextEmbedder.NONE).callTimeout())
                .isEqualTo(LivePlanning.DEFAULT_CALL_TIMEOUT);
        AtomicInteger cancels = new AtomicInteger();
        StepAgent hangs = (task, prefix, clock, done) -> () -> {
            cancels.incrementAndGet();
            return Usage.ZERO;
        };
        LivePlanning live = new LivePlanning(new LlmStepAgent(client, AgentStrategy.DIRECT), hangs, 10)
                .withCallTimeout(Duration.ofMillis(50));
        assertThatThrownBy(() -> live.run(PolicySpec.fixed(2), List.of(TASK)))
                .isInstanceOf(LivePlanningFailedException.class)
                .hasMessageContaining("the target's call 'verify step 1' on task 'openagi-1' timed out after 0.05 s")
                .satisfies(e -> {
                    LivePlanningFailedException failure = (LivePlanningFailedException) e;
                    assertThat(failure.committedInFailedTask()).isEmpty();
                    assertThat(failure.finished().plans()).isEmpty();
                });
        assertThat(cancels.get()).as("the hung target calls were cancelled").isPositive();
    }

    /**
     * A call timeout the planner cannot take is refused where it is set, naming this option: a sub-millisecond one
     * used to pass here and fail at run() with the planner's {@code callTimeoutNanos}, which the caller never set.
     */
    @Test
    void aCallTimeoutBelowAMillisecondIsRefusedNamingLivePlanningsOption() {
        LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 10);
        assertThatThrownBy(() -> live.withCallTimeout(Duration.ofNanos(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LivePlanning callTimeout PT0.0000005S is below the 1 ms floor (Duration.ZERO means no "
                        + "timeout)");
        assertThatThrownBy(() -> live.withCallTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("LivePlanning callTimeout must be >= 0, got PT-1S");
        assertThat(live.withCallTimeout(Duration.ofMillis(1)).callTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(live.withCallTimeout(Duration.ZERO).callTimeout()).isZero();
    }

    /** A step limit the planner cannot take is refused where it is set, before a run starts a policy's trainer. */
    @Test
    void aStepLimitBelowOneIsRefusedNamingLivePlanningsOption() {
        assertThatThrownBy(() -> LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LivePlanning maxSteps must be at least 1, got 0");
    }

    @Test
    void dynamicPolicyRunsLiveWithItsTrainerThread() {
        LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 10);
        AtomicInteger planned = new AtomicInteger();
        PolicyRun dyn = live.run(PolicySpec.byName("dyn-tau0.99").orElseThrow(), List.of(TASK, TASK), planned::incrementAndGet);
        for (PlanResult plan : dyn.plans()) {
            assertThat(plan.steps()).containsExactly(DEN, CAPT, END);
        }
        assertThat(planned).as("the progress callback runs once per planned task").hasValue(2);
        assertThat(dyn.figures().committedCalls()).isEqualTo(6);
        assertThat(server.misses()).isZero();
        assertThat(Role.TARGET.isAuthority()).isTrue();
        assertThat(Fate.values()).contains(Fate.CANCELLED);
    }

    @Test
    void dynamicPolicyWithStateEmbeddingsPlansLikeTheTargetAlone() {
        try (ChatClient embeddings = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), EMBEDDER))
                .apiKey(null).build()) {
            LlmTextEmbedder embedder = LlmTextEmbedder.open(embeddings);
            LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 10).withStateEmbedder(embedder);
            PolicyRun dyn = live.run(PolicySpec.byName("dyn-tau0.99").orElseThrow(), List.of(TASK, TASK));
            for (PlanResult plan : dyn.plans()) {
                assertThat(plan.steps()).containsExactly(DEN, CAPT, END);
            }
            assertThat(embedder.dimension()).isEqualTo(2);
            assertThat(embedder.failures()).isZero();
            assertThat(embedder.requests()).as("the probe and at least the first state").isGreaterThanOrEqualTo(2);
            assertThat(server.misses()).isZero();
            // the run is charged what its state embeddings cost (20 tokens each), not the probe's 3 tokens
            assertThat(dyn.ledger()).filteredOn(e -> e.label().equals("state embeddings")).singleElement()
                    .satisfies(e -> assertThat(e.usage().promptTokens()).isEqualTo(20 * (embedder.requests() - 1)));
            assertThat(dyn.averageDepth()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void cotDebatePairingPlansLikeItsTargetAlone() {
        LivePlanning live = LivePlanning.of(AgentPairing.COT_DEBATE, client, client, 10);
        PolicyRun targetOnly = live.run(PolicySpec.targetOnly(), List.of(TASK));
        PolicyRun fix3 = live.run(PolicySpec.fixed(3), List.of(TASK));
        assertThat(targetOnly.plans().getFirst().steps()).containsExactly(DEN, CAPT, END);
        assertThat(fix3.plans().getFirst().steps()).isEqualTo(targetOnly.plans().getFirst().steps());
        System.out.printf("target-only %.3f s, fix3 %.3f s%n", targetOnly.figures().wallSeconds(),
                fix3.figures().wallSeconds());
        assertThat(CommittedCalls.overlap(fix3.ledger())).isTrue();
        assertThat(CommittedCalls.overlap(targetOnly.ledger())).isFalse();
        assertThat(server.misses()).isZero();
    }

    /**
     * A target answer that names no tool (here a sentence cut at the token limit) is never committed as a step: the
     * run fails naming the model, the agent, the task and the step, quoting the answer, keeps the steps committed
     * before it, and charges both calls of the failed ReAct step; a tool spelled in another case is the tool.
     */
    @Test
    void aTargetAnswerNamingNoToolFailsTheRunNamingModelTaskAndStep() throws Exception {
        String thought = "Thought: think.";
        List<TraceEntry> entries = new ArrayList<>();
        entries.add(entry(PlanPrompts.reactThought(TASK, List.of()), thought, 1));
        entries.add(entry(PlanPrompts.reactAction(TASK, List.of(), thought), "Action: image denoising", 1));
        entries.add(entry(PlanPrompts.reactThought(TASK, List.of(DEN)), thought, 1));
        entries.add(entry(PlanPrompts.reactAction(TASK, List.of(DEN), thought), "Action: Use the captioning model on", 1,
                "length"));
        try (ReplayServer cut = ReplayServer.builder(entries).start();
             ChatClient target = ChatClient.builder(LlmEndpoint.of(cut.baseUrl().toString(), MODEL)).apiKey(null)
                     .build()) {
            LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, target, 10);
            assertThatThrownBy(() -> live.run(PolicySpec.targetOnly(), List.of(TASK)))
                    .isInstanceOf(LivePlanningFailedException.class)
                    .hasMessageContaining("planning 'openagi-1' failed: model gpt-4.1-mini (REACT agent), task 'openagi-1', "
                            + "step 2: the answer names none of the 15 OpenAGI tools nor TERMINATE (cut at the "
                            + "request's token limit): 'Action: Use the captioning model on'")
                    .satisfies(e -> {
                        LivePlanningFailedException failure = (LivePlanningFailedException) e;
                        assertThat(failure.committedInFailedTask()).containsExactly(DEN);
                        assertThat(failure.finished().ledger()).filteredOn(x -> x.role() == Role.TARGET)
                                .extracting(x -> x.usage().promptTokens()).containsExactly(600L, 600L);
                    });
            assertThat(cut.misses()).isZero();
        }
    }

    /**
     * The state embeddings asked for during a task whose planning then fails are charged to what the failed run
     * reports as spent (its ledger, tokens and cost), as they are for a run that finishes; the probe is not.
     */
    @Test
    void theStateEmbeddingsOfAFailedTaskAreChargedToTheRun() throws Exception {
        String thought = "Thought: think.";
        List<TraceEntry> entries = new ArrayList<>();
        entries.add(entry(PlanPrompts.reactThought(TASK, List.of()), thought, 1));
        entries.add(entry(PlanPrompts.reactAction(TASK, List.of(), thought), "Action: Image Denoising", 1));
        // the second step (and a verification of the approximation's off-plan draft) name no tool: the task fails
        for (List<String> prefix : List.of(List.of(DEN), List.of(DEN, DEBLUR))) {
            entries.add(entry(PlanPrompts.reactThought(TASK, prefix), thought, 1));
            entries.add(entry(PlanPrompts.reactAction(TASK, prefix, thought), "Action: Use the captioning model on", 1,
                    "length"));
        }
        try (ReplayServer cut = ReplayServer.builder(entries).start();
             ChatClient target = ChatClient.builder(LlmEndpoint.of(cut.baseUrl().toString(), MODEL)).apiKey(null)
                     .build();
             ChatClient embeddings = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), EMBEDDER))
                     .apiKey(null).build()) {
            LlmTextEmbedder embedder = LlmTextEmbedder.open(embeddings);
            Usage probe = embedder.spent();
            LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, target, 10)
                    .withStateEmbedder(embedder);
            LivePlanningFailedException failure = assertThrows(
                    LivePlanningFailedException.class,
                    () -> live.run(PolicySpec.byName("dyn-tau0.99").orElseThrow(), List.of(TASK)));
            assertThat(failure.finished().plans()).isEmpty();
            Usage embedded = embedder.spent().since(probe);
            assertThat(embedder.failures()).isZero();
            assertThat(embedded.promptTokens()).as("at least the first state was embedded (20 tokens each)")
                    .isGreaterThanOrEqualTo(20).isEqualTo(20 * (embedder.requests() - 1));
            var ledger = failure.finished().ledger();
            assertThat(ledger).filteredOn(e -> e.label().equals("state embeddings")).singleElement()
                    .satisfies(e -> assertThat(e.usage()).isEqualTo(embedded));
            // what the failed run reports as spent is its calls plus the embeddings
            var calls = ledger.stream().filter(e -> !e.label().equals("state embeddings"))
                    .map(e -> e.usage())
                    .reduce(Usage.ZERO, Usage::plus);
            var figures = failure.finished().figures();
            assertThat(figures.promptTokens()).isEqualTo(calls.promptTokens() + embedded.promptTokens());
            assertThat(figures.costUsd()).isCloseTo(calls.costUsd() + embedded.costUsd(),
                    offset(1e-15));
            assertThat(embedded.costUsd()).as("the embeddings model is priced").isPositive();
            System.out.printf("failed run: %d embedding tokens, $%.9f of $%.9f%n", embedded.promptTokens(),
                    embedded.costUsd(), figures.costUsd());
        }
    }

    /** A target call the server refuses fails the run with the model, agent, task and step before the HTTP error. */
    @Test
    void aFailedTargetCallNamesModelTaskAndStep() {
        try (ChatClient unknown = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "no-such-model"))
                .apiKey(null).maxRetries(0).build()) {
            LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, unknown, 10);
            assertThatThrownBy(() -> live.run(PolicySpec.fixed(2), List.of(TASK)))
                    .isInstanceOf(LivePlanningFailedException.class)
                    .hasMessageContaining("planning 'openagi-1' failed: model no-such-model (REACT agent), "
                            + "task 'openagi-1', step 1: HTTP 404 from ")
                    .hasMessageNotContaining("step 1: model");
        }
    }

    /** Policies that read the recorded answers are refused before any model call, whatever their form. */
    @Test
    void everyPolicyNeedingHindsightIsRefusedBeforeAnyCall() {
        LivePlanning live = LivePlanning.of(AgentPairing.DIRECT_REACT, client, client, 10);
        for (PolicySpec spec : List.of(PolicySpec.oracle(), PolicySpec.oracle().leanVariant(),
                PolicySpec.byName("rate-oracle-sched-v0.15").orElseThrow())) {
            assertThatThrownBy(() -> live.run(spec, List.of(TASK)))
                    .as(spec.name()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("policy '" + spec.name() + "' needs the recorded answers");
        }
        assertThat(server.requests()).isZero();
    }

    @Test
    void knownToolsAreReadWhateverTheirCaseSpacingOrHyphens() {
        assertThat(OpenAgiTools.known("image super resolution")).contains("Image Super-Resolution");
        assertThat(OpenAgiTools.known("TEXT-TO-IMAGE generation")).contains("Text-to-Image Generation");
        assertThat(OpenAgiTools.known("terminate")).contains(END);
        assertThat(OpenAgiTools.known("Image Deno-ising")).contains(DEN);
        assertThat(OpenAgiTools.known("TERMINATE TERMINATE")).isEmpty();
        assertThat(OpenAgiTools.known("Use the captioning model")).isEmpty();
        assertThat(OpenAgiTools.known("")).isEmpty();
    }

    @Test
    void parsesStepsAsWritten() {
        assertThat(OpenAgiTools.parseStep("Thought: x\nAction: Image Captioning.")).contains(CAPT);
        assertThat(OpenAgiTools.parseStep("Step 3: TerMINATE")).contains(END);
        assertThat(OpenAgiTools.parseStep("Image Deno-ising")).contains("Image Deno-ising");
        assertThat(OpenAgiTools.parseStep("  ")).isEmpty();
        assertThat(OpenAgiTools.parseStep("I think so.\n<tool>Object Detection</tool>")).contains("Object Detection");
        // echoes of the prompt's own list
        assertThat(OpenAgiTools.parseStep("- TERMINATE")).contains(END);
        assertThat(OpenAgiTools.parseStep("TERMINATE (the plan is complete)")).contains(END);
        assertThat(OpenAgiTools.parseStep("2. Image Captioning")).contains(CAPT);
        assertThat(OpenAgiTools.parseStep("- Colorization")).contains("Colorization");
    }

    /**
     * A tool name in a Markdown code fence, or after a bold {@code **Tool:**} label, or on the line after a label of its
     * own, is the step; these answers used to fail the call (the fence's closing line, or the label, was read).
     */
    @Test
    void parsesStepsInCodeFencesAndMarkdownLabels() {
        assertThat(OpenAgiTools.parseStep("```\nImage Denoising\n```")).contains(DEN);
        assertThat(OpenAgiTools.parseStep("```text\n terminate \n```\n")).contains(END);
        assertThat(OpenAgiTools.parseStep("The image is noisy.\n**Tool:** Image Denoising")).contains(DEN);
        assertThat(OpenAgiTools.parseStep("**Action**: `Image Captioning`")).contains(CAPT);
        assertThat(OpenAgiTools.parseStep("Denoise first.\nTool:\nImage Denoising")).contains(DEN);
        assertThat(OpenAgiTools.parseStep("```\n```")).isEmpty();
        // still as written: a label-less sentence on the last line is no tool
        assertThat(OpenAgiTools.parseStep("```\nImage Denoising\n```\nThen caption it.")).contains("Then caption it");
    }

    @Test
    void theReactActionRequestHasOneSystemMessage() {
        var request = PlanPrompts.reactAction(new PlanningTask("t", "task"), List.of(), "Denoise first.");
        assertThat(request.messages()).extracting(m -> m.role()).containsExactly("system", "user", "assistant", "user");
        assertThat(request.maxTokens()).isEqualTo(16);
    }
}
