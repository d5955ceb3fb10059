package dev.specagent.examples;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.LlmSpeculator;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.trace.TraceEntry;
import dev.specagent.llm.trace.TraceRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code llm-quickstart-trace.jsonl}, the trace {@link LlmQuickStart} replays when no base URL
 * is given: hand-written answers and latencies (not a recording of a real model) in the format
 * {@code specagent-llm} records, with request bodies built by the example's own request and speculator
 * code, so the replay server matches them. The actor answers in 400 ms, the speculator in 100 ms; the
 * speculator is right except about the river through Madrid (it says Tagus), and the branch that
 * guess starts gets a slow, rambling answer that is cancelled. {@code LlmQuickStartTest} checks the
 * bundled file equals what this writes; after changing a prompt, regenerate it with
 * {@code main} (argument: the output file).
 */
final class LlmQuickStartTrace {

    static final List<String> ANSWERS = List.of("Portugal", "Spain", "Madrid", "Manzanares", "Jarama");
    static final List<String> GUESSES = List.of("Portugal", "Spain", "Madrid", "Tagus", "Jarama");
    /** What the speculator guesses on the wrong branch (after "Tagus"), about the last question. */
    static final String GUESS_AFTER_WRONG = "Atlantic Ocean";
    /** The wrong branch's answer: long and slow, so it is still streaming when it is cancelled. */
    static final String RAMBLING = "The Tagus does not flow into another river; it reaches the Atlantic at Lisbon";
    private static final String OFFLINE = "http://127.0.0.1:1/v1";

    private LlmQuickStartTrace() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0]
                : "specagent-examples/src/main/resources/dev/specagent/examples/llm-quickstart-trace.jsonl");
        write(out);
        System.out.println("wrote " + out);
    }

    /** Writes the trace to {@code file} (replacing it). */
    static void write(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (TraceRecorder recorder = new TraceRecorder(file)) {
            entries().forEach(recorder::record);
        }
    }

    static List<TraceEntry> entries() {
        List<TraceEntry> entries = new ArrayList<>();
        try (ChatClient offline = ChatClient.builder(LlmEndpoint.of(OFFLINE, LlmQuickStart.SPECULATOR_MODEL)).build()) {
            LlmSpeculator<List<String>> speculator = LlmQuickStart.speculator(offline);
            for (int i = 0; i < ANSWERS.size(); i++) {
                List<String> before = ANSWERS.subList(0, i);
                entries.add(actor(before, ANSWERS.get(i), 250, 400));
                entries.add(guess(speculator, before, GUESSES.get(i)));
                if (!GUESSES.get(i).equals(ANSWERS.get(i)) && i + 1 < ANSWERS.size()) {
                    List<String> wrong = new ArrayList<>(before);
                    wrong.add(GUESSES.get(i));
                    entries.add(actor(wrong, RAMBLING, 250, 3000));
                    entries.add(guess(speculator, wrong, GUESS_AFTER_WRONG));
                }
            }
        }
        return entries;
    }

    private static TraceEntry actor(List<String> answers, String content, double firstMs, double totalMs) {
        return TraceEntry.text(LlmEndpoint.of(OFFLINE, LlmQuickStart.ACTOR_MODEL), LlmQuickStart.request(answers),
                content, 30, content.split("\\s+").length, firstMs, totalMs);
    }

    private static TraceEntry guess(LlmSpeculator<List<String>> speculator, List<String> answers, String value) {
        ChatRequest request = speculator.request(List.copyOf(answers),
                ChatCalls.callOf(LlmQuickStart.request(answers)), 1);
        String json = CanonicalJson.object("guesses", List.of(Map.of("value", value, "confidence", 0.8))).toString();
        return TraceEntry.text(LlmEndpoint.of(OFFLINE, LlmQuickStart.SPECULATOR_MODEL), request, json, 150, 12, 60, 100);
    }
}
