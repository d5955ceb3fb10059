package dev.specagent.cli.chess;

import dev.specagent.core.ledger.RunFigures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The time a speculative game saved: against the sequential game's span, first think's start to last think's end. */
class ChessReportSectionsTest {

    private static RunFigures span(double committedSeconds, double spanSeconds) {
        return new RunFigures(committedSeconds, spanSeconds, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0);
    }

    @Test
    void savedIsTheShareOfTheSequentialSpanNotOfTheCommittedThinks() {
        assertThat(ChessReportSections.savedPct(span(9, 10), span(3, 7.5))).isEqualTo(25.0);
        assertThat(ChessReportSections.savedPct(span(9, 8), span(3, 10))).isEqualTo(-25.0);
    }
}
