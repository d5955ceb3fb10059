package dev.specagent.cli.retail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator.MemberTally;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * How {@code retail predict} and {@code predict-calls} say which of the LLM speculator's models the figures rest on: a
 * line per model that failed or timed out in some proposals ({@code the llm speculator's model m gave no calls in 24 of
 * 24 proposals: 24 failed, 0 timed out (see the warnings)}), and in the JSON object {@code models}, one entry per model
 * with {@code proposals}, {@code failed} and {@code timed_out}. Nothing for the learned speculator, which has no models.
 */
final class MemberFailures {

    private MemberFailures() {
    }

    /** The text lines, one per model that did not answer every proposal. */
    static void print(PrintWriter out, List<MemberTally> tallies) {
        for (MemberTally t : tallies) {
            if (t.unanswered() > 0) {
                out.printf(Locale.ROOT, "the llm speculator's model %s gave no calls in %d of %d proposals: %d failed, "
                        + "%d timed out (see the warnings)%n", t.model(), t.unanswered(), t.proposals(), t.failed(),
                        t.timedOut());
            }
        }
    }

    /** The JSON field {@code models}, when there are models. */
    static void putJson(ObjectNode o, List<MemberTally> tallies) {
        if (tallies.isEmpty()) {
            return;
        }
        ArrayNode models = o.putArray("models");
        for (MemberTally t : tallies) {
            models.addObject().put("model", t.model()).put("proposals", t.proposals()).put("failed", t.failed())
                    .put("timed_out", t.timedOut());
        }
    }
}
