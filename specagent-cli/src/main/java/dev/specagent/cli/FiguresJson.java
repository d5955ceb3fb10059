package dev.specagent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.ledger.RunFigures;

/**
 * A run's figures as a JSON object ({@link RunFigures}' components in snake_case, as {@link JsonOutput} writes a
 * record), with the ratios over nothing null rather than the 0 that {@code RunFigures} keeps for them:
 * {@code hit_rate} over no committed call and {@code saved_pct} over no sequential time, as in the figures so far of
 * a run stopped before its first answer, and {@code average_depth} over no speculative entry (a run that speculated
 * nothing; {@code depth_entries} is 0).
 */
public final class FiguresJson {

    private FiguresJson() {
    }

    /** {@code figures} as JSON, its undefined ratios null. */
    public static ObjectNode of(RunFigures figures) {
        ObjectNode o = (ObjectNode) JsonOutput.valueToTree(figures);
        if (figures.committedCalls() == 0) {
            o.putNull("hit_rate");
        }
        if (figures.sequentialSeconds() == 0) {
            o.putNull("saved_pct");
        }
        if (figures.depthEntries() == 0) {
            o.putNull("average_depth");
        }
        return o;
    }
}
