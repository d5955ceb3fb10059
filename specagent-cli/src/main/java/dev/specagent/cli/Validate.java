package dev.specagent.cli;

import dev.specagent.core.clock.Clock;
import dev.specagent.llm.replay.ReplayServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Validation of option values; every failure names the option and the accepted range. */
public final class Validate {

    private Validate() {
    }

    public static void probability(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new BadInputException(option + " must be a probability in [0, 1], got " + value);
        }
    }

    /**
     * The shortest mean latency a rate may ask for: a microsecond, a thousand ticks of the simulated clock, which
     * counts whole nanoseconds (at a mean of 1 ns most latencies rounded to the same tick and the measurement
     * described another world).
     */
    public static final double MIN_SECONDS = 1e-6;

    /**
     * A rate per second whose mean latency, 1 / rate, is between {@link #MIN_SECONDS} and
     * {@link Clock#MAX_CALL_SECONDS}.
     */
    public static void positiveRate(String option, double value) {
        if (!(value >= 1 / Clock.MAX_CALL_SECONDS && value <= 1 / MIN_SECONDS)) {
            throw new BadInputException(option + " must be a finite rate of at least " + 1 / Clock.MAX_CALL_SECONDS
                    + " and at most " + (long) (1 / MIN_SECONDS) + " per second (mean latency 1 us to 11.6 days), got "
                    + value);
        }
    }

    /** A replay's pace: from 0 (no delay) to {@link ReplayServer#MAX_TIME_SCALE} times the recorded delays. */
    public static void replayPace(String option, double value) {
        if (!(value >= 0 && value <= ReplayServer.MAX_TIME_SCALE)) {
            throw new BadInputException(option + " must be a number from 0 to " + (int) ReplayServer.MAX_TIME_SCALE
                    + ": " + value);
        }
    }

    public static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new BadInputException(option + " must be at least " + min + ", got " + value);
        }
    }

    /** {@code value} within {@code min..max}, both included; otherwise bad input naming the option and the range. */
    public static void inRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new BadInputException(option + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    public static void oneOf(String option, String value, Collection<String> accepted) {
        if (!accepted.contains(value)) {
            throw new BadInputException(option + " must be one of " + accepted + ", got '" + value + "'");
        }
    }

    /**
     * Refuses an output file of {@code outputOption} that is the input file of {@code inputOption} (either may be
     * null: not given), such as a trace recorded into the price file: every call appended to it would spoil that input.
     */
    public static void notTheInput(String outputOption, Path output, String inputOption,
                                   Path input) {
        if (output != null && input != null && sameFile(output, input)) {
            throw new BadInputException(outputOption + " must not be the " + inputOption + " file: " + output);
        }
    }

    /** Whether two paths name one file: the same path, or one reached through a link to the other. */
    public static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
