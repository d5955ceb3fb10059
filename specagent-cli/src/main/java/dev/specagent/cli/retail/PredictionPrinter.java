package dev.specagent.cli.retail;

import dev.specagent.cli.SignalHook;
import dev.specagent.envs.retail.speculate.PredictionTally;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a prediction tally as text: overall accuracy, then one line per tool; and says what the figures of a run
 * that a signal stopped cover.
 */
final class PredictionPrinter {

    private PredictionPrinter() {
    }

    /** Prints the overall accuracy ({@code n/a} over no call) and each tool's; a tool is in the tally only once called. */
    static void print(PrintWriter out, PredictionTally tally, int k) {
        out.printf(Locale.ROOT,
                "API-call prediction accuracy (top-%d, same name and JSON-equal arguments): %s (%d of %d calls)%n",
                k, tally.calls() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * tally.accuracy()),
                tally.hits(), tally.calls());
        out.println("per tool:");
        for (Map.Entry<String, int[]> e : tally.perTool().entrySet()) {
            int[] c = e.getValue();
            out.printf(Locale.ROOT,
                    "  %-34s %5.1f%%  (%d of %d)%n", e.getKey(), 100.0 * c[0] / c[1], c[0], c[1]);
        }
    }

    /** The accuracy as the JSON's {@code "accuracy"}: NaN (null) over no call, such as a run stopped before one. */
    static double accuracy(PredictionTally tally) {
        return tally.calls() == 0 ? Double.NaN : tally.accuracy();
    }

    /**
     * What a run that a signal ended after {@code done} of {@code total} {@code units} says (on standard error, as the
     * first line of the text and as the JSON's {@code "stopped"}): {@code "stopped by a signal (SIGTERM) after 1 of 4
     * conversations; the figures are of the conversations finished"}.
     */
    static String stopped(int done, int total, String units) {
        return SignalHook.stopped(done, total, units) + "; the figures are of the " + units + " finished";
    }
}
