package dev.specagent.cli.progress;

import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress drawn on standard error: what it says, how often, and that it is seen at once. */
class ProgressTest {

    private long now;

    @Test
    void interactiveBarShowsTheTimeLeft() {
        StringWriter buffer = new StringWriter();
        Progress p = new Progress("replay", 4, new PrintWriter(buffer), true, () -> now);
        now = 10_000_000_000L;
        p.step();
        assertThat(buffer.toString()).endsWith("replay [#######.....................]  25% 1/4 ETA 0:30");
        now += 30_000_000_000L;
        p.advance(3);
        p.close();
        assertThat(buffer.toString()).contains("100% 4/4 done").endsWith(System.lineSeparator());
    }

    @Test
    void withoutATerminalItPrintsFewPlainLines() {
        StringWriter buffer = new StringWriter();
        Progress p = new Progress("sweep", 100, new PrintWriter(buffer), false, () -> now);
        for (int i = 0; i < 100; i++) {
            now += 1_000_000_000L;
            p.step();
        }
        String[] lines = buffer.toString().split("\\R");
        assertThat(lines).hasSizeBetween(5, 11);
        assertThat(lines[lines.length - 1]).isEqualTo("sweep: 100/100 (100%), done in 1:40");
        assertThat(buffer.toString()).doesNotContain("\r");
    }

    /** Buffered as standard error is: what is not flushed is not seen. */
    private final StringWriter seen = new StringWriter();
    private final PrintWriter err = new PrintWriter(new BufferedWriter(seen));

    @Test
    void theBarIsRedrawnAtMostEveryTenthOfASecondAndSeenAtOnce() {
        now = 5_000_000_000L; // the clock does not start at 0
        Progress p = new Progress("game", 4, err, true, () -> now);
        now += 10_000_000_000L;
        p.step();
        assertThat(seen.toString()).isEqualTo("\rgame [#######.....................]  25% 1/4 ETA 0:30");
        now += 99_999_999L;
        p.step();
        assertThat(seen.toString()).as("too soon").doesNotContain("2/4");
        now += 1;
        p.step();
        assertThat(seen.toString()).endsWith("\rgame [#####################.......]  75% 3/4 ETA 0:03");
        p.step();
        assertThat(screen(seen.toString())).as("the last unit is always drawn").endsWith("100% 4/4 done");
        p.close();
        assertThat(seen.toString()).endsWith(System.lineSeparator());
        assertThat(screen(seen.toString())).endsWith("done");
    }

    /**
     * A bar shorter than the one before it ("done" after "ETA 0:03", a 1-hour estimate falling under the hour) covers
     * what that one drew: the terminal showed "100% 10/10 done:03" otherwise, the tail of the earlier bar.
     */
    @Test
    void aShorterBarCoversTheLongerOneBeforeIt() {
        now = 0;
        Progress p = new Progress("sweep", 10, err, true, () -> now);
        now += 3_000_000_000_000L;
        p.step();
        assertThat(screen(seen.toString())).isEqualTo("sweep [##..........................]  10% 1/10 ETA 7:30:00");
        now += 9_000_000_000_000L;
        p.step();
        assertThat(screen(seen.toString())).isEqualTo("sweep [#####.......................]  20% 2/10 ETA 13:20:00");
        now += 1_000_000_000L;
        p.advance(7);
        assertThat(screen(seen.toString())).isEqualTo("sweep [#########################...]  90% 9/10 ETA 22:13");
        now += 1_000_000_000L;
        p.step();
        assertThat(screen(seen.toString())).isEqualTo("sweep [############################] 100% 10/10 done");
    }

    /** The last line of {@code written} as a terminal shows it: a carriage return moves back, later text overwrites. */
    private static String screen(String written) {
        String[] lines = written.split(System.lineSeparator(), -1); // not \R, which a lone carriage return also matches
        String last = lines[lines.length - 1].isEmpty() && lines.length > 1 ? lines[lines.length - 2] : lines[lines.length - 1];
        StringBuilder line = new StringBuilder();
        int cursor = 0;
        for (char c : last.toCharArray()) {
            if (c == '\r') {
                cursor = 0;
            } else if (cursor < line.length()) {
                line.setCharAt(cursor++, c);
            } else {
                line.append(c);
                cursor++;
            }
        }
        return line.toString().stripTrailing();
    }

    @Test
    void plainLinesComeAtEveryTenthButNotWithinTwoSecondsAndAnHourHasHours() {
        now = 7_000_000_000L;
        Progress p = new Progress("sweep", 10, err, false, () -> now);
        now += 1_999_999_999L;
        p.step();
        assertThat(seen.toString()).isEqualTo("sweep: 1/10 (10%), ETA 0:17" + System.lineSeparator());
        now += 1_999_999_999L;
        p.step();
        assertThat(seen.toString().split("\\R")).as("within two seconds of the last").hasSize(1);
        now += 1;
        p.step();
        assertThat(seen.toString()).endsWith("sweep: 3/10 (30%), ETA 0:09" + System.lineSeparator());
        now += 3_600_000_000_000L;
        p.advance(6);
        assertThat(seen.toString()).endsWith("sweep: 9/10 (90%), ETA 6:40" + System.lineSeparator());
        now += 1_000_000_000L;
        p.step();
        assertThat(seen.toString()).endsWith("sweep: 10/10 (100%), done in 1:00:04" + System.lineSeparator());
        p.close();
        assertThat(seen.toString()).as("no bar to end").endsWith("done in 1:00:04" + System.lineSeparator());
    }

    /** An hour is written with hours from exactly 3600 s on; before any unit is done there is no estimate. */
    @Test
    void hoursFromTheHourOnAndNoEstimateBeforeTheFirstUnit() {
        Progress bar = new Progress("game", 4, err, true, () -> now);
        bar.advance(0);
        assertThat(seen.toString()).isEqualTo("\rgame [............................]   0% 0/4 ETA --:--");
        Progress hour = new Progress("a", 1, err, false, () -> now);
        now += 3_600_000_000_000L;
        hour.step();
        assertThat(seen.toString()).endsWith("a: 1/1 (100%), done in 1:00:00" + System.lineSeparator());
        Progress more = new Progress("b", 1, err, false, () -> now);
        now += 3_723_000_000_000L;
        more.step();
        assertThat(seen.toString()).endsWith("b: 1/1 (100%), done in 1:02:03" + System.lineSeparator());
        Progress less = new Progress("c", 1, err, false, () -> now);
        now += 3_599_000_000_000L;
        less.step();
        assertThat(seen.toString()).endsWith("c: 1/1 (100%), done in 59:59" + System.lineSeparator());
    }

    @Test
    void aPlyOnlyAdvancesBeyondWhatWasReached() {
        Progress p = new Progress("plies", 100, err, false, () -> now);
        PlyProgress plies = new PlyProgress(p);
        plies.reached(30);
        plies.reached(20);
        plies.reached(30);
        assertThat(seen.toString()).isEqualTo("plies: 30/100 (30%), ETA 0:00" + System.lineSeparator());
        now += 2_000_000_000L;
        plies.reached(45);
        assertThat(seen.toString()).endsWith("plies: 45/100 (45%), ETA 0:02" + System.lineSeparator());
    }
}
