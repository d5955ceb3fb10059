package dev.specagent.cli.chess;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.cli.report.ReportPages;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.envs.chess.replay.ReplayReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The time a speculative game saved: against the sequential game's span, first think's start to last think's end. */
class ChessReportSectionsTest {

    private static RunFigures span(double committedSeconds, double spanSeconds) {
        return new RunFigures(committedSeconds, spanSeconds, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0);
    }

    /**
     * A replayed game's note says its figures as {@code replay chess} prints them (seconds and time saved to two
     * decimals, the hit rate to three): it said "15.0 % saved, hit rate 0.37" beside the printed 14.96 % and 0.367.
     */
    @Test
    void aReplaysNoteHasTheFiguresAsTheCommandPrintsThem() throws Exception {
        RunFigures f = new RunFigures(6445.214, 5481.163, 14.9584, 0.366667, 30, 11, 90, 41040, 673690, 6.7912, 3.04,
                3.7512, 60, 20, 10, 4, 1.2, 50);
        HtmlReport report = new HtmlReport("t", "");
        ChessReportSections.replay(report, new ReplayReport("32831f2d-0059", "algorithm1", 3, 30, f, true, null, List.of()));
        assertThat(ReportPages.sections(report).get(0).get("note").asText()).isEqualTo("5481.16 s instead of 6445.21 s "
                + "(14.96 % saved), hit rate 0.367, $6.79 of which $3.75 beyond the sequential game's, at GPT-5 prices.");
    }

    @Test
    void savedIsTheShareOfTheSequentialSpanNotOfTheCommittedThinks() {
        assertThat(ChessReportSections.savedPct(span(9, 10), span(3, 7.5))).isEqualTo(25.0);
        assertThat(ChessReportSections.savedPct(span(9, 8), span(3, 10))).isEqualTo(-25.0);
    }
}
