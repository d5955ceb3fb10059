package dev.specagent.envs.planning.replay;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.planning.sim.CallProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@link PilotLogFit} reads from the pilot logs and fits: the latencies ({@code -time}, fractional seconds), the
 * token lines, the ReAct phases from the 1-second time stamps (across an hour, a midnight and a whole day), the
 * malformed lines
 * and backward time stamps it refuses naming {@code file:line}, and the figures docs/dsp.md states for the shipped
 * logs.
 */
class PilotLogFitTest {

    private static final double LN2 = Math.log(2);

    /** Three approximation steps: 1, 2 and 4 s, 10 generated tokens each, prompts 100, 110, 120. */
    private static final String APPROXIMATION = """
            04/08/2025, 20:31:13: task description: x
            04/08/2025, 20:31:13: Approximation: Step 1 -prompt token 100
            04/08/2025, 20:31:13: Predictor time: 0.09s
            04/08/2025, 20:31:14: Approximation: Step 1 - Image Denoising -time 1.0 -token 10
            04/08/2025, 20:31:14: Approximation: Step 2 -prompt token 110
            04/08/2025, 20:31:16: Approximation: Step 2 - Image Deblurring -time 2 -token 10
            04/08/2025, 20:31:16: Approximation: Step 3 -prompt token 120
            04/08/2025, 20:31:20: Approximation: Step 3 - TERMINATE -time 4.00 -token 10
            """;

    /**
     * Target steps whose thought and response calls straddle an hour (step 1: 4 s of 5 before the response, 40% of
     * the prompt in the thought) and midnight (step 2: 1 s of 4, its response at 00:00:00, 30%); step 3 took 1 s on
     * the log's clock, too short for a phase; step 4 was cancelled (tool None) and is left out.
     */
    private static final String TARGET = """
            04/08/2025, 20:59:58: Target step 1 thought prompt token: 400
            04/08/2025, 21:00:02: Target step 1 thought generation token: 90
            04/08/2025, 21:00:02: Target step 1 response prompt token: 600
            04/08/2025, 21:00:03: Target step 1 response generation token: 10
            04/08/2025, 21:00:03: Intermediate Target Step 1 - Image Denoising -gen 100 -prompt 1000
            04/08/2025, 21:00:03: Target: Step 1 -time 2.5
            04/08/2025, 23:59:59: Target step 2 thought prompt token: 300
            04/09/2025, 00:00:00: Target step 2 response prompt token: 700
            04/09/2025, 00:00:03: Intermediate Target Step 2 - Image Captioning -gen 200 -prompt 1010
            04/09/2025, 00:00:03: Target: Step 2 -time 5.00
            04/09/2025, 00:00:04: Target step 3 thought prompt token: 100
            04/09/2025, 00:00:04: Target step 3 response prompt token: 900
            04/09/2025, 00:00:05: Intermediate Target Step 3 - TERMINATE -gen 400 -prompt 1020
            04/09/2025, 00:00:05: Target: Step 3 -time 10
            04/09/2025, 00:00:05: Target step 4 thought prompt token: 100
            04/09/2025, 00:00:09: Target step 4 response prompt token: 100
            04/09/2025, 00:00:09: Cancel task 4
            04/09/2025, 00:00:09: Intermediate Target Step 4 - None -gen 239 -prompt 1168
            04/09/2025, 00:00:09: Target: Step 4 -time 0.5
            """;

    private static PilotLogFit fit(Path dir, String approximation, String target) throws Exception {
        Files.writeString(dir.resolve("approximation_datapoint1.log"), approximation);
        Files.writeString(dir.resolve("target_datapoint1.log"), target);
        return PilotLogFit.fit(dir);
    }

    @Test
    void anEmptyApproximationOrTargetLogNamesTheFile(@TempDir Path dir) throws Exception {
        // a log truncated to nothing was fitted as a run without calls: the fit silently lost its steps
        for (String name : new String[] {"approximation_datapoint2.log", "target_datapoint2.log"}) {
            Path empty = dir.resolve(name);
            Files.writeString(empty, "");
            assertThatThrownBy(() -> fit(dir, APPROXIMATION, TARGET)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(empty + ": empty pilot log, expected its calls' lines");
            Files.delete(empty);
        }
        Files.writeString(dir.resolve("train_datapoint2.log"), "");
        assertThat(fit(dir, APPROXIMATION, TARGET).approximationSamples()).isEqualTo(3);
    }

    @Test
    void fitsTheApproximationsLatencyTokensAndPromptLine(@TempDir Path dir) throws Exception {
        CallProfile a = fit(dir, APPROXIMATION, TARGET).approximation();
        // log-normal: the geometric mean of 1, 2, 4 s and the sample σ of their logs
        assertThat(a.latencyMedianSeconds()).isCloseTo(2.0, within(1e-12));
        assertThat(a.latencySigma()).isCloseTo(LN2, within(1e-12));
        assertThat(a.generatedMedian()).isCloseTo(10.0, within(1e-12));
        assertThat(a.generatedSigma()).isZero();
        // prompt = 90 + 10 × step: 100 at the first step
        assertThat(a.promptBase()).isCloseTo(100.0, within(1e-9));
        assertThat(a.promptPerStep()).isCloseTo(10.0, within(1e-9));
        assertThat(a.firstCallShare()).isEqualTo(1.0);
        assertThat(a.firstPromptShare()).isEqualTo(1.0);
    }

    @Test
    void fitsTheTargetsFractionalStepTimesAndLeavesTheCancelledStepOut(@TempDir Path dir) throws Exception {
        PilotLogFit fit = fit(dir, APPROXIMATION, TARGET);
        assertThat(fit.approximationSamples()).isEqualTo(3);
        assertThat(fit.targetSamples()).as("step 4 (None) left out").isEqualTo(3);
        CallProfile t = fit.target();
        // 2.5, 5.00 and 10 s: the cancelled step's 0.5 s would pull the median down
        assertThat(t.latencyMedianSeconds()).isCloseTo(5.0, within(1e-12));
        assertThat(t.latencySigma()).isCloseTo(LN2, within(1e-12));
        assertThat(t.generatedMedian()).isCloseTo(200.0, within(1e-9));
        assertThat(t.generatedSigma()).isCloseTo(LN2, within(1e-12));
        assertThat(t.promptBase()).isCloseTo(1000.0, within(1e-9));
        assertThat(t.promptPerStep()).isCloseTo(10.0, within(1e-9));
    }

    /**
     * The ReAct phases are read from the time stamps' dates and times of day: step 1 (20:59:58 →
     * 21:00:02 → 21:00:03) spends 4 of its 5 s in the thought, step 2 (23:59:59 → 00:00:00 → 00:00:03) 1 of 4 (a
     * response at second 0 of the day is seen); step 3 (1 s) and the cancelled step 4 are left out.
     */
    @Test
    void readsTheReactPhasesAcrossAnHourAndMidnight(@TempDir Path dir) throws Exception {
        CallProfile t = fit(dir, APPROXIMATION, TARGET).target();
        assertThat(t.firstCallShare()).isCloseTo((0.8 + 0.25) / 2, within(1e-12));
        assertThat(t.firstPromptShare()).isCloseTo((0.4 + 0.3) / 2, within(1e-12));
    }

    /**
     * The time stamps carry dates, so a step longer than a day is timed whole: its thought took a day and a second of
     * its 86,405 s, not 1 s of 5 as seconds of the day wrapping at midnight would have it.
     */
    @Test
    void aStepLongerThanADayIsTimedByItsDates(@TempDir Path dir) throws Exception {
        String step5 = """
                04/09/2025, 01:00:00: Target step 5 thought prompt token: 500
                04/10/2025, 01:00:01: Target step 5 response prompt token: 500
                04/10/2025, 01:00:05: Intermediate Target Step 5 - TERMINATE -gen 200 -prompt 1040
                04/10/2025, 01:00:05: Target: Step 5 -time 5
                """;
        CallProfile t = fit(dir, APPROXIMATION, TARGET + step5).target();
        assertThat(t.firstCallShare()).isCloseTo((0.8 + 0.25 + 86_401.0 / 86_405) / 3, within(1e-12));
    }

    /**
     * Time stamps that go backwards within a step (its end before its response, or its response before its thought)
     * are bad input naming the line that ends the step, not a share read modulo a day.
     */
    @Test
    void aStepWhoseTimeStampsGoBackwardsNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("target_datapoint1.log");
        String endsEarly = TARGET.replace("04/09/2025, 00:00:03: Target: Step 2", "04/08/2025, 23:59:58: Target: Step 2");
        assertThatThrownBy(() -> fit(dir, APPROXIMATION, endsEarly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(target + ":10: the time stamps of target step 2 go backwards: its response started 1 s "
                        + "and it ended -1 s after its thought in '04/08/2025, 23:59:58: Target: Step 2 -time 5.00'");
        String respondsEarly = TARGET.replace("04/09/2025, 00:00:00: Target step 2 response",
                "04/08/2025, 23:59:57: Target step 2 response");
        assertThatThrownBy(() -> fit(dir, APPROXIMATION, respondsEarly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(target + ":10: the time stamps of target step 2 go backwards: its response "
                        + "started -2 s and it ended 4 s after its thought");
    }

    /** A step of exactly 2 s on the log's clock is long enough for a phase, and its response may start as it ends. */
    @Test
    void aTwoSecondStepWhoseResponseStartsAsItEndsHasAPhase(@TempDir Path dir) throws Exception {
        String step5 = """
                04/09/2025, 00:00:10: Target step 5 thought prompt token: 500
                04/09/2025, 00:00:12: Target step 5 response prompt token: 500
                04/09/2025, 00:00:12: Intermediate Target Step 5 - TERMINATE -gen 200 -prompt 1040
                04/09/2025, 00:00:12: Target: Step 5 -time 5
                """;
        CallProfile t = fit(dir, APPROXIMATION, TARGET + step5).target();
        assertThat(t.firstCallShare()).isCloseTo((0.8 + 0.25 + 1.0) / 3, within(1e-12));
        assertThat(t.firstPromptShare()).isCloseTo((0.4 + 0.3 + 0.5) / 3, within(1e-12));
    }

    /**
     * A step's prompt share is its thought's prompt over both calls' prompts: with none in either (0 / 0) the share was
     * NaN and the fit failed with "invalid call profile" naming no file; with counts near the largest long their sum
     * overflowed and the share came out negative, silently clamped to 5%.
     */
    @Test
    void aStepsPromptShareNeedsPromptTokensAndSurvivesHugeCounts(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("target_datapoint1.log");
        String step5 = """
                04/09/2025, 00:00:10: Target step 5 thought prompt token: %s
                04/09/2025, 00:00:12: Target step 5 response prompt token: %s
                04/09/2025, 00:00:12: Intermediate Target Step 5 - TERMINATE -gen 200 -prompt 1040
                04/09/2025, 00:00:12: Target: Step 5 -time 5
                """;
        assertThatThrownBy(() -> fit(dir, APPROXIMATION, TARGET + step5.formatted(0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(target + ":23: target step 5 sent no prompt tokens in its thought and response calls in "
                        + "'04/09/2025, 00:00:12: Target: Step 5 -time 5'");
        String huge = "9000000000000000000";
        CallProfile t = fit(dir, APPROXIMATION, TARGET + step5.formatted(huge, huge)).target();
        assertThat(t.firstPromptShare()).isCloseTo((0.4 + 0.3 + 0.5) / 3, within(1e-12));
    }

    /** Without any phase in the logs, the ReAct shares are the defaults (70% of the time, the whole prompt). */
    @Test
    void withoutPhasesTheSharesAreTheDefaults(@TempDir Path dir) throws Exception {
        String target = TARGET.lines().filter(l -> !l.contains("prompt token")).map(l -> l + "\n")
                .reduce("", String::concat);
        CallProfile t = fit(dir, APPROXIMATION, target).target();
        assertThat(t.firstCallShare()).isEqualTo(0.7);
        assertThat(t.firstPromptShare()).isEqualTo(1.0);
    }

    /** A call time of 0 s and one of exactly {@link Clock#MAX_CALL_SECONDS} are read; 0 s is fitted as 0.01 s. */
    @Test
    void callTimesFromZeroToTheMaximumAreRead(@TempDir Path dir) throws Exception {
        String approximation = APPROXIMATION.replace("-time 1.0 ", "-time 0 ").replace("-time 4.00 ", "-time 1000000 ");
        PilotLogFit fit = fit(dir, approximation, TARGET.replace("-time 2.5", "-time 0.0"));
        assertThat(Clock.MAX_CALL_SECONDS).isEqualTo(1e6);
        assertThat(fit.approximationSamples()).isEqualTo(3);
        assertThat(fit.approximation().latencyMedianSeconds())
                .isCloseTo(Math.cbrt(0.01 * 2 * 1e6), within(1e-9));
        assertThat(fit.target().latencyMedianSeconds()).isCloseTo(Math.cbrt(0.01 * 5 * 10), within(1e-12));
    }

    /** Seconds just past either end, or a time that is no number, are bad input naming file:line and the form. */
    @Test
    void aCallTimeOutOfRangeOrNoNumberNamesFileLineAndForm(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("target_datapoint1.log");
        for (String time : new String[] {"1000000.001", "-0.001"}) {
            assertThatThrownBy(() -> fit(dir, APPROXIMATION, TARGET.replace("-time 5.00", "-time " + time)))
                    .as(time).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(target + ":10: expected 'Target: Step N -time SECONDS' with SECONDS from 0 to "
                            + Clock.MAX_CALL_SECONDS + ", got '04/09/2025, 00:00:03: Target: Step 2 -time " + time
                            + "'");
        }
        assertThatThrownBy(() -> fit(dir, APPROXIMATION, TARGET.replace("-time 5.00", "-time 5.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(target + ":10: bad number in '04/09/2025, 00:00:03: Target: Step 2 -time 5.0.0'");
    }

    /**
     * A token line the fit reads but whose numbers it cannot take (a fraction, a word, a missing field) is bad input
     * naming file:line and the form, not a sample silently left out of the fit.
     */
    @Test
    void aMalformedTokenLineNamesFileLineAndForm(@TempDir Path dir) throws Exception {
        Path approximation = dir.resolve("approximation_datapoint1.log");
        Path target = dir.resolve("target_datapoint1.log");
        record Case(String from, String to, Path file, int line, String form) {
        }
        for (Case c : new Case[] {
                new Case("-prompt token 110", "-prompt token 1.1e2", approximation, 5,
                        "Approximation: Step N -prompt token P"),
                new Case("-gen 200 -prompt 1010", "-gen two -prompt 1010", target, 9,
                        "Intermediate Target Step N - <tool> -gen G -prompt P"),
                new Case("-gen 100 -prompt 1000", "-gen 100", target, 5,
                        "Intermediate Target Step N - <tool> -gen G -prompt P"),
                new Case("step 2 thought prompt token: 300", "step 2 thought prompt token: n/a", target, 7,
                        "Target step N thought|response prompt token: P")}) {
            String a = APPROXIMATION.replace(c.from(), c.to());
            String t = TARGET.replace(c.from(), c.to());
            assertThat(a + t).as(c.from()).contains(c.to());
            String bad = (c.file().equals(approximation) ? a : t).lines().toList().get(c.line() - 1);
            assertThatThrownBy(() -> fit(dir, a, t)).as(c.to()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(c.file() + ":" + c.line() + ": expected '" + c.form() + "', got '" + bad + "'");
        }
    }

    @Test
    void tooFewCallsToFitNameTheFolderAndCounts(@TempDir Path dir) throws Exception {
        String two = APPROXIMATION.lines().limit(6).map(l -> l + "\n").reduce("", String::concat);
        assertThatThrownBy(() -> fit(dir, two, TARGET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pilot logs in " + dir
                        + " hold too few calls to fit: 2 approximation steps, 3 target steps");
    }

    /**
     * One huge prompt count late in a log bends the least-squares prompt line below zero at step 1; the fit then
     * failed with "invalid call profile: ... prompt -3.3E7 ..." naming neither the logs nor the calls. It names the
     * folder and which calls' fit failed.
     */
    @Test
    void aFitThatIsNoCallProfileNamesTheFolderAndTheCalls(@TempDir Path dir) throws Exception {
        String huge = APPROXIMATION.replace("Step 3 -prompt token 120", "Step 3 -prompt token 100000000");
        assertThatThrownBy(() -> fit(dir, huge, TARGET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pilot logs in " + dir + ": the approximation calls' token counts and times "
                        + "fit no call profile (invalid call profile: ");
        String hugeTarget = TARGET.replace("-gen 400 -prompt 1020", "-gen 400 -prompt 2147483648000");
        assertThatThrownBy(() -> fit(dir, APPROXIMATION, hugeTarget)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pilot logs in " + dir + ": the target calls' token counts");
    }

    /** A count too long for a double (1 and 400 zeros) was read as infinite and failed the fit unnamed; it names its line. */
    @Test
    void aNumberTooLargeForADoubleNamesFileAndLine(@TempDir Path dir) throws Exception {
        String line = "04/08/2025, 20:31:16: Approximation: Step 3 -prompt token 1" + "0".repeat(400);
        String infinite = APPROXIMATION.replace("04/08/2025, 20:31:16: Approximation: Step 3 -prompt token 120", line);
        assertThatThrownBy(() -> fit(dir, infinite, TARGET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("approximation_datapoint1.log") + ":7: bad number in '" + line + "'");
    }

    /**
     * Logs an editor saved with a byte order mark, or with CRLF or CR line ends, fit as the shipped ones: the mark made
     * every log "approximation_datapoint11.log:1: expected the line to start with its time", and dsp sweep --world
     * replay exit 2.
     */
    @Test
    void logsSavedWithAByteOrderMarkOrOtherLineEndsFitAsTheShippedOnes(@TempDir Path dir) throws Exception {
        assumeTrue(DataDirectory.find().isPresent(), "shared data directory not available");
        Path shipped = DataDirectory.require(ReplayPlanningWorld.PILOT_LOGS);
        PilotLogFit expected = PilotLogFit.fit(shipped);
        for (String variant : List.of("bom", "crlf", "cr")) {
            Path folder = Files.createDirectories(dir.resolve(variant));
            try (var logs = Files.list(shipped)) {
                for (Path log : logs.toList()) {
                    String text = Files.readString(log).replace("\r\n", "\n");
                    Files.writeString(folder.resolve(log.getFileName()), switch (variant) {
                        case "bom" -> "\uFEFF" + text;
                        case "crlf" -> text.replace("\n", "\r\n");
                        default -> text.replace("\n", "\r");
                    });
                }
            }
            assertThat(PilotLogFit.fit(folder)).as(variant).isEqualTo(expected);
        }
    }

    /** The shipped pilot logs give the figures docs/dsp.md states (the replay world's latencies and tokens). */
    @Test
    void theShippedPilotLogsGiveTheDocumentedFigures() {
        assumeTrue(DataDirectory.find().isPresent(), "shared data directory not available");
        PilotLogFit fit = PilotLogFit.fit(DataDirectory.require(ReplayPlanningWorld.PILOT_LOGS));
        assertThat(fit.approximationSamples()).isEqualTo(85);
        assertThat(fit.targetSamples()).isEqualTo(81);
        CallProfile a = fit.approximation();
        assertThat(a.latencyMedianSeconds()).isCloseTo(1.51, within(0.005));
        assertThat(a.latencySigma()).isCloseTo(0.39, within(0.005));
        assertThat(a.promptBase()).isCloseTo(371, within(0.5));
        assertThat(a.promptPerStep()).isCloseTo(18.2, within(0.05));
        assertThat(a.generatedMedian()).isCloseTo(9.3, within(0.05));
        assertThat(a.generatedSigma()).isCloseTo(0.09, within(0.005));
        CallProfile t = fit.target();
        assertThat(t.latencyMedianSeconds()).isCloseTo(8.26, within(0.005));
        assertThat(t.latencySigma()).isCloseTo(0.38, within(0.005));
        assertThat(t.promptBase()).isCloseTo(937, within(0.5));
        assertThat(t.promptPerStep()).isCloseTo(39.1, within(0.05));
        assertThat(t.generatedMedian()).isCloseTo(200, within(0.5));
        assertThat(t.generatedSigma()).isCloseTo(0.43, within(0.005));
        assertThat(t.firstCallShare()).isCloseTo(0.81, within(0.005));
        assertThat(t.firstPromptShare()).isCloseTo(0.39, within(0.005));
    }
}
