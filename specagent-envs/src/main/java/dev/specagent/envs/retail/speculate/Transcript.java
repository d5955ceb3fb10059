package dev.specagent.envs.retail.speculate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What an agent has seen so far in one conversation, in order: messages (system, user, assistant text)
 * and tool calls with their outputs. This is all a call speculator may look at; it never sees the task's
 * hidden instruction. Immutable; {@link #with} returns a longer transcript.
 */
public final class Transcript {

    /**
     * One entry: a message ({@code call == null}) or a tool call with its output. {@code turn} groups the calls
     * one assistant message made together (its index in the conversation); -1 for a call made alone.
     */
    public record Entry(String role, String text, ToolCallRecord call, int turn) {
        public Entry {
            Objects.requireNonNull(role, "role");
        }

        public boolean isCall() {
            return call != null;
        }
    }

    private static final Transcript EMPTY = new Transcript(List.of());

    private final List<Entry> entries;

    private Transcript(List<Entry> entries) {
        this.entries = entries;
    }

    public static Transcript empty() {
        return EMPTY;
    }

    /** A transcript of tool calls only (the gold replay of a task). */
    public static Transcript ofCalls(List<ToolCallRecord> calls) {
        Transcript t = EMPTY;
        for (ToolCallRecord c : calls) {
            t = t.withCall(c);
        }
        return t;
    }

    /** Calls {@code step} with each call of each episode and the calls-only transcript before it. */
    public static void forEachCall(List<List<ToolCallRecord>> episodes, BiConsumer<Transcript, ToolCallRecord> step) {
        for (List<ToolCallRecord> episode : episodes) {
            Transcript t = EMPTY;
            for (ToolCallRecord call : episode) {
                step.accept(t, call);
                t = t.withCall(call);
            }
        }
    }

    public Transcript with(Entry entry) {
        List<Entry> next = new ArrayList<>(entries.size() + 1);
        next.addAll(entries);
        next.add(entry);
        return new Transcript(List.copyOf(next));
    }

    /** This transcript followed by a message of {@code role}. */
    public Transcript withMessage(String role, String text) {
        return with(new Entry(role, text == null ? "" : text, null, -1));
    }

    /** This transcript followed by a tool call, made alone, and its output. */
    public Transcript withCall(ToolCallRecord call) {
        return withCall(call, -1);
    }

    /** This transcript followed by a tool call that assistant turn {@code turn} made, and its output. */
    public Transcript withCall(ToolCallRecord call, int turn) {
        return with(new Entry("tool", call.output() == null ? "" : call.output(), call, turn));
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The tool calls in order. */
    public List<ToolCallRecord> calls() {
        List<ToolCallRecord> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.isCall()) {
                out.add(e.call());
            }
        }
        return out;
    }
}
