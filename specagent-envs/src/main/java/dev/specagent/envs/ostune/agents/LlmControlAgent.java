package dev.specagent.envs.ostune.agents;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.lossy.CompressedHistory;
import dev.specagent.core.lossy.ControlAgent;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.SafetyEnvelope;
import dev.specagent.llm.agent.CorrectingChat;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;

import java.util.Locale;
import java.util.function.Function;

/**
 * An LLM as actor or speculator of the OS-tuning loop, with the paper's prompt contract
 * ({@code Analysis: …} / {@code Config: {…}}, see {@link ConfigAnswer}). The actor reads the
 * {@link CompressedHistory}, the speculator the {@link HybridContext}. Each decision is one chat
 * completion through a {@link ChatModel} (the project's {@link ChatClient}, or one wrapping it); its tokens and cost go to the run's ledger,
 * cancelling it closes the HTTP stream. An answer that breaks the contract, or whose value lies outside
 * the envelope's bounds, is answered once in the same conversation with why and the contract again, still at
 * temperature 0 (the same request again would get the same answer; see {@link CorrectingChat}); a second such
 * answer fails that decision (the loop goes on; nothing is written) with a message that
 * starts {@code model M: }, like the client's own errors, and says when the answer was empty because the
 * model only reasoned or was cut at the request's token limit. Runs on a real clock with the HTTP client, or on a
 * simulated one with a {@link dev.specagent.llm.replay.SimulatedChatModel} of that clock.
 *
 * @param <C> the context it reads
 */
public final class LlmControlAgent<C> implements ControlAgent<C> {

    private final ChatModel client;
    private final String role;
    private final String system;
    private final Function<C, String> prompt;
    private final Function<C, String> knobName;
    private final Function<C, String> unit;
    private final Function<C, SafetyEnvelope> envelope;
    private final int maxTokens;

    /** How often a refused answer is answered with why before the decision fails. */
    static final int CORRECTIONS = 1;

    private LlmControlAgent(ChatModel client, String role, String system, Function<C, String> prompt,
                            Function<C, String> knobName, Function<C, String> unit, Function<C, SafetyEnvelope> envelope,
                            int maxTokens) {
        this.client = client;
        this.role = role;
        this.system = system;
        this.prompt = prompt;
        this.knobName = knobName;
        this.unit = unit;
        this.envelope = envelope;
        this.maxTokens = maxTokens;
    }

    /** The slow actor: thorough analysis of the compressed history. */
    public static LlmControlAgent<CompressedHistory> actor(ChatModel client) {
        return new LlmControlAgent<>(client, "actor",
                "You are an expert Linux performance engineer tuning one CPU-scheduler parameter of a live machine that runs "
                        + "`sysbench cpu`. Goal: the lowest p95 latency, reported once per second. A fast assistant adjusts the "
                        + "parameter every second between your decisions; your decision overwrites its value. Think carefully "
                        + "about the trade-off: short slices cost context switches, long slices make runnable threads wait.",
                c -> c.toText() + "\n" + limits(c.knobName(), c.unit(), c.envelope()) + "\n" + ConfigAnswer.contract(c.knobName()),
                CompressedHistory::knobName, CompressedHistory::unit, CompressedHistory::envelope, 800);
    }

    /** The fast speculator: a quick adjustment from the actor's latest decision and the readings since. */
    public static LlmControlAgent<HybridContext> speculator(ChatModel client) {
        return new LlmControlAgent<>(client, "speculator",
                "You make fast, small adjustments to one CPU-scheduler parameter of a live machine running `sysbench cpu`, "
                        + "once per second, to lower the p95 latency. A slower expert decides from time to time; start from its "
                        + "latest decision and react to the readings since. Keep the analysis to one sentence.",
                c -> c.toText() + "\n" + limits(c.knobName(), c.unit(), c.envelope()) + "\n" + ConfigAnswer.contract(c.knobName()),
                HybridContext::knobName, HybridContext::unit, HybridContext::envelope, 200);
    }

    private static String limits(String knob, String unit, SafetyEnvelope e) {
        return String.format(Locale.ROOT, "Safety envelope: %s must stay within [%s, %s] %s and change by at most %s per write; "
                + "a value outside the range is refused, a larger change is cut to that step.", knob, ConfigAnswer.plain(e.min()),
                ConfigAnswer.plain(e.max()), unit, ConfigAnswer.plain(e.maxStep()));
    }

    /** The request this agent sends for {@code context}. */
    public ChatRequest request(C context) {
        return ChatRequest.builder().system(system).user(prompt.apply(context)).temperature(0.0).maxTokens(maxTokens).build();
    }

    @Override
    public CallHandle decide(C context, Clock clock, Completion<Decision> done) {
        String knob = knobName.apply(context);
        SafetyEnvelope bounds = envelope.apply(context);
        String knobUnit = unit.apply(context);
        String model = client.endpoint().model();
        return CorrectingChat.start(client, request(context), response -> read(response, knob, bounds, knobUnit), CORRECTIONS,
                why -> ConfigAnswer.correction(knob, why), new CorrectingChat.Outcome<>() {
                    @Override
                    public void answered(Decision value, Usage total) {
                        done.succeed(value, total);
                    }

                    @Override
                    public void refused(IllegalArgumentException why, ChatResponse last, Usage total) {
                        done.fail(new IllegalArgumentException("model " + model + ": " + why.getMessage(), why), total);
                    }

                    @Override
                    public void failed(Throwable error, Usage total) {
                        done.fail(error, total);
                    }
                });
    }

    /** The decision in {@code response}; throws saying why it is refused, and why the answer may lack its Config. */
    private Decision read(ChatResponse response, String knob, SafetyEnvelope bounds, String knobUnit) {
        try {
            return ConfigAnswer.parse(response.content(), knob, bounds, knobUnit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + why(response), e);
        }
    }

    /** Why an answer may lack its Config: the model only reasoned, or hit the token limit. */
    private String why(ChatResponse response) {
        String why = "";
        if (response.content().isBlank() && !response.reasoning().isBlank()) {
            why += " (it gave only reasoning, " + response.reasoning().length() + " characters)";
        }
        if ("length".equals(response.finishReason())) {
            why += " (cut at the request's token limit of " + maxTokens + ")";
        }
        return why;
    }

    @Override
    public String describe() {
        return "LLM " + client.endpoint().model() + " (" + role + ", prompt contract Analysis/Config)";
    }

    @Override
    public boolean usesLlm() {
        return true;
    }
}
