package dev.specagent.cli.retail;

import dev.specagent.envs.retail.speculate.PredictionTally;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The accuracy lines of {@code retail predict}: overall, then per tool, and no figure over no call. */
class PredictionPrinterTest {

    private static String printed(PredictionTally tally) {
        StringWriter out = new StringWriter();
        PredictionPrinter.print(new PrintWriter(out, true), tally, 3);
        return out.toString();
    }

    @Test
    void theAccuracyIsHitsOfCallsOverallAndPerTool() {
        PredictionTally tally = new PredictionTally();
        tally.add("get_order_details", true);
        tally.add("get_order_details", true);
        tally.add("get_order_details", false);
        tally.add("cancel_pending_order", false);
        assertThat(printed(tally).split("\\R")).containsExactly(
                "API-call prediction accuracy (top-3, same name and JSON-equal arguments): 50.0% (2 of 4 calls)",
                "per tool:",
                "  cancel_pending_order                 0.0%  (0 of 1)",
                "  get_order_details                   66.7%  (2 of 3)");
        assertThat(PredictionPrinter.accuracy(tally)).isEqualTo(0.5);
    }

    /** A run stopped before its first call: n/a in the text, NaN (JSON null) as the figure, not 0%. */
    @Test
    void noCallIsNoAccuracy() {
        PredictionTally none = new PredictionTally();
        assertThat(printed(none)).startsWith("API-call prediction accuracy (top-3, same name and JSON-equal arguments): "
                + "n/a (0 of 0 calls)");
        assertThat(PredictionPrinter.accuracy(none)).isNaN();
    }

    @Test
    void aStoppedRunSaysWhatItsFiguresCover() {
        assertThat(PredictionPrinter.stopped(1, 4, "conversations"))
                .endsWith(" after 1 of 4 conversations; the figures are of the conversations finished")
                .startsWith("stopped by a signal (");
    }
}
