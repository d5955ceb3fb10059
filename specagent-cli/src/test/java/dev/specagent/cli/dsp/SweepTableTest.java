package dev.specagent.cli.dsp;

import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.sweep.SweepRow;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text table and its goal lines keep their columns in line whatever the policy names' lengths. */
class SweepTableTest {

    /** Where the "|" between the two groups of columns is when every name fits the usual 26 characters. */
    private static final int USUAL_BAR = 80;

    private static SweepRow row(String policy) {
        return new SweepRow(policy, 0.8, 1.1, 1.2, 1.3, 0.2, 3, 2.5, 0.9, 1.1, 1.0, 1.0, RunFigures.of(List.of()));
    }

    private static List<String> tableLines(List<SweepRow> rows) {
        List<String> lines = Arrays.asList(SweepTable.text(rows).split("\n"));
        return lines.subList(0, rows.size() + 1); // the header and the rows, not the legend
    }

    @Test
    void shortNamesKeepTheUsualLayout() {
        List<String> lines = tableLines(List.of(row("target-only"), row("fix-2"), row("dyn-tau0.9-offset1-lean")));
        assertThat(lines).allSatisfy(line -> assertThat(line.indexOf('|')).as(line).isEqualTo(USUAL_BAR));
        assertThat(lines.get(0)).startsWith(String.format("%-26s ", "policy") + "     ΔT");
    }

    @Test
    void aLongNameWidensTheNameColumnForEveryRow() {
        String longName = "dyn-tpsched-v0.05-l0.01-d0.005-w4-e"; // 35 characters
        List<String> lines = tableLines(List.of(row("target-only"), row(longName), row("fix-2")));
        assertThat(lines).allSatisfy(line -> assertThat(line.indexOf('|')).as(line)
                .isEqualTo(USUAL_BAR + longName.length() - 26));
        assertThat(lines.get(2)).startsWith(longName + " ");
        assertThat(lines.get(1)).startsWith(String.format("%-35s ", "target-only"));
    }

    @Test
    void theGoalLinesAlignWithALongName() {
        String longName = "dyn-tpsched-v0.05-l0.01-d0.005-w4-e";
        List<SweepRow> rows = List.of(row("target-only"), row("fix-6"), row("oracle"), row("dyn-tau0.5"), row(longName));
        List<String> lines = Arrays.asList(SweepTable.goalLines(rows).split(System.lineSeparator()));
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line.indexOf("time/fix6")).as(line)
                .isEqualTo(2 + longName.length() + 1));
    }
}
