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

    /** Every ratio under its own field; one over nothing (a free target-only run's cost) is null, not 0 or "NaN". */
    @Test
    void theJsonNamesEveryFigureAndNullsTheRatiosOverNothing() {
        RunFigures f = new RunFigures(9, 7.5, 0, 0, 2, 1, 4, 5210, 98, 0.0022, 0.002, 0.0004, 2, 1, 1, 2, 1, 1);
        SweepRow r = new SweepRow("fix-2", 0.81, 1.11, 1.21, 1.31, 0.21, 3, 2.5, 0.91, 1.01, 1.02, 1.03, f);
        SweepRow free = new SweepRow("dyn", 0.7, 1.0, 1.0, Double.NaN, Double.POSITIVE_INFINITY, 1, 1.0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, f);
        assertThat(SweepTable.json(List.of(r, free))).isEqualTo("[{\"policy\":\"fix-2\",\"time_ratio\":0.81,"
                + "\"cost_ratio\":1.31,\"unnecessary_cost_ratio\":0.21,\"mc\":3,\"k\":2.5,\"prompt_ratio\":1.11,"
                + "\"generation_ratio\":1.21,\"time_vs_fix2\":0.91,\"cost_vs_fix2\":1.01,\"prompt_vs_fix2\":1.02,"
                + "\"generation_vs_fix2\":1.03,\"time_seconds\":7.5,\"cost_usd\":0.0022,\"unnecessary_cost_usd\":4.0E-4,"
                + "\"prompt_tokens\":5210,\"generation_tokens\":98},"
                + "{\"policy\":\"dyn\",\"time_ratio\":0.7,\"cost_ratio\":null,\"unnecessary_cost_ratio\":null,"
                + "\"mc\":1,\"k\":1.0,\"prompt_ratio\":1.0,\"generation_ratio\":1.0,\"time_vs_fix2\":null,"
                + "\"cost_vs_fix2\":null,\"prompt_vs_fix2\":null,\"generation_vs_fix2\":null,\"time_seconds\":7.5,"
                + "\"cost_usd\":0.0022,\"unnecessary_cost_usd\":4.0E-4,\"prompt_tokens\":5210,\"generation_tokens\":98}]");
    }

    /** The cells under the headers: changes in signed percent, ratios to three decimals, n/a for no figure. */
    @Test
    void theCellsFormatEachColumn() {
        RunFigures f = new RunFigures(9, 7.46, 0, 0, 2, 1, 4, 5210, 98, 0.00226, 0.002, 0.0004, 2, 1, 1, 2, 1, 1);
        SweepRow r = new SweepRow("fix-2", 0.81, 1.11, 0.995, Double.NaN, 0.2126, 3, 2.5, 0.91, 1.01, 1.02, 1.03, f);
        assertThat(SweepTable.cells(r)).containsExactly("fix-2", "-19.0%", "+11.0%", "-0.5%", "n/a", "0.213", "3",
                "2.50", "0.910", "1.020", "1.030", "1.010", "7.5", "0.0023");
        assertThat(SweepTable.cells(r)).hasSameSizeAs(SweepTable.HEADERS);
    }
}
