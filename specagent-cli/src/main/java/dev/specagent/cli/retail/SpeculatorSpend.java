package dev.specagent.cli.retail;

import dev.specagent.cli.llm.CallsUnderWay;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.core.call.Usage;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How {@code retail predict} and {@code predict-calls} report what their speculator spent: a line after the
 * accuracy figures for the LLM speculator ({@code the llm speculator spent 300 prompt + 30 completion tokens,
 * $0.0007}), none for the learned one, which calls no model; and in the JSON object {@code prompt_tokens},
 * {@code completion_tokens} and {@code cost_usd} always, zeros for the learned speculator, so a script reads the
 * same fields whichever speculator ran.
 */
final class SpeculatorSpend {

    private SpeculatorSpend() {
    }

    /** The text line, for the LLM speculator only. */
    static void print(PrintWriter out, SpeculatorOptions.Kind kind, Usage spent) {
        String line = line(kind, spent);
        if (line != null) {
            out.println(line);
        }
    }

    /**
     * The text line of a run a signal stopped, for the LLM speculator only: what it spent, the calls of the proposal
     * under way at the signal included (charged what they had consumed), and how many those were.
     */
    static void printStopped(PrintWriter out, SpeculatorOptions.Kind kind, CallsUnderWay.Snapshot spent) {
        String line = line(kind, spent.spent());
        if (line != null) {
            out.printf(Locale.ROOT, "%s (including the proposal under way at the signal: %d call%s, charged what "
                    + "they had consumed, as cancelled calls are)%n", line, spent.calls(), spent.calls() == 1 ? "" : "s");
        }
    }

    /** The words of the text line (also the report's), or null for the learned speculator. */
    static String line(SpeculatorOptions.Kind kind, Usage spent) {
        return kind == SpeculatorOptions.Kind.LLM ? "the llm speculator spent " + SpentFormatter.COMPLETION.format(spent)
                : null;
    }

    /** The JSON fields. */
    static void putJson(ObjectNode o, Usage spent) {
        SpentFormatter.COMPLETION.put(o, spent);
    }

    /**
     * The JSON field a run a signal stopped adds: how many calls the proposal under way had started, finished or not
     * (their usage is in the spend).
     */
    static void putCallsUnderWay(ObjectNode o, CallsUnderWay.Snapshot spent) {
        o.put("calls_under_way", spent.calls());
    }
}
