package dev.specagent.envs.planning.replay;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.data.ByteOrderMark;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.planning.sim.CallProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fits the per-call latency and token distributions of the approximation and the ReAct target from
 * the authors' pilot logs ({@code approximation_datapoint*.log}, {@code target_datapoint*.log}):
 * log-normal latency and generated tokens (median and σ of the log), prompt tokens linear in the step
 * number (least squares). Target figures are per step (thought + response calls); cancelled steps
 * (tool {@code None}) are left out of the fit. A line without its date and time of day, or a line naming a call's
 * time or tokens without its exact form, is bad input naming {@code file:line}, never skipped; so is an empty
 * approximation or target log.
 *
 * @param approximation  the approximation's profile
 * @param target         the target's profile
 * @param approximationSamples  how many approximation steps the fit used
 * @param targetSamples  how many target steps the fit used
 */
public record PilotLogFit(CallProfile approximation, CallProfile target, int approximationSamples, int targetSamples) {

    private static final Pattern A_STEP = Pattern.compile("Approximation: Step (\\d+) - .* -time ([0-9.]+) -token (\\d+)\\s*$");
    private static final Pattern A_PROMPT = Pattern.compile("Approximation: Step (\\d+) -prompt token (\\d+)\\s*$");
    private static final Pattern T_TIME = Pattern.compile("Target: Step (\\d+) -time ([0-9.]+)\\s*$");
    private static final Pattern T_STEP = Pattern.compile("Intermediate Target Step (\\d+) - (.*) -gen (\\d+) -prompt (\\d+)\\s*$");
    /** A line's date and time of day, groups 1-6 (month, day, year, hour, minute, second). */
    private static final String DATED = "^(\\d\\d)/(\\d\\d)/(\\d{4}), (\\d\\d):(\\d\\d):(\\d\\d): ";
    private static final Pattern T_THOUGHT = Pattern.compile(DATED + "Target step (\\d+) thought prompt token: (\\d+)");
    private static final Pattern T_RESPONSE = Pattern.compile(DATED + "Target step (\\d+) response prompt token: (\\d+)");
    private static final Pattern T_END = Pattern.compile(DATED + "Target: Step (\\d+) -time");
    /** Every line of an approximation or target log starts with its date and time of day. */
    private static final Pattern STAMP = Pattern.compile("^(\\d\\d)/(\\d\\d)/(\\d{4}), ([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d: ");
    private static final List<FittedLine> APPROXIMATION_LINES = List.of(
            new FittedLine(Pattern.compile("Approximation: Step .* -time\\b"), A_STEP,
                    "Approximation: Step N - <tool> -time SECONDS -token G", true),
            new FittedLine(Pattern.compile("Approximation: Step .* -prompt token\\b"), A_PROMPT,
                    "Approximation: Step N -prompt token P", false));
    private static final List<FittedLine> TARGET_LINES = List.of(
            new FittedLine(Pattern.compile("Target: Step .* -time\\b"), T_TIME, "Target: Step N -time SECONDS", true),
            new FittedLine(Pattern.compile("Intermediate Target Step\\b"), T_STEP,
                    "Intermediate Target Step N - <tool> -gen G -prompt P", false),
            new FittedLine(Pattern.compile("Target step .* (thought|response) prompt token\\b"),
                    Pattern.compile("Target step \\d+ (thought|response) prompt token: \\d+\\s*$"),
                    "Target step N thought|response prompt token: P", false));

    /**
     * A log line the fit reads, known by {@code named}, and the exact form it must have; for a {@code timed} call
     * the seconds are in group 2.
     */
    private record FittedLine(Pattern named, Pattern form, String expected, boolean timed) {
    }

    /** Fits the logs in {@code folder}. */
    public static PilotLogFit fit(Path folder) {
        List<double[]> aTimes = new ArrayList<>();
        List<double[]> aPrompts = new ArrayList<>();
        List<double[]> tTimes = new ArrayList<>();
        List<double[]> tSteps = new ArrayList<>();
        List<double[]> phases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".log")) {
                    continue;
                }
                List<String> lines = readLines(file);
                if (lines.isEmpty() && (name.startsWith("approximation") || name.startsWith("target"))) {
                    // a log truncated to nothing would be fitted as a run without calls
                    throw new IllegalArgumentException(file + ": empty pilot log, expected its calls' lines");
                }
                Set<Integer> cancelled = new HashSet<>(); // steps whose time line is a cancel's
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    try {
                        if (name.startsWith("approximation") || name.startsWith("target")) {
                            checkLine(file, i + 1, line, name.startsWith("target") ? TARGET_LINES : APPROXIMATION_LINES);
                        }
                        if (name.startsWith("approximation")) {
                            match(A_STEP, line, m -> aTimes.add(new double[]{num(m, 2), num(m, 3)}));
                            match(A_PROMPT, line, m -> aPrompts.add(new double[]{num(m, 1), num(m, 2)}));
                        } else if (name.startsWith("target")) {
                            match(T_TIME, line, m -> {
                                if (!cancelled.remove(Integer.parseInt(m.group(1)))) {
                                    tTimes.add(new double[]{num(m, 2)});
                                }
                            });
                            match(T_STEP, line, m -> {
                                if (m.group(2).trim().equals("None")) {
                                    cancelled.add(Integer.parseInt(m.group(1)));
                                } else {
                                    tSteps.add(new double[]{num(m, 1), num(m, 3), num(m, 4)});
                                }
                            });
                        }
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ":" + (i + 1) + ": bad number in '" + line + "'", e);
                    }
                }
                if (name.startsWith("target")) {
                    phases.addAll(phases(file, lines));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list the pilot logs in " + folder + ": " + e.getMessage(), e);
        }
        if (aTimes.size() < 3 || aPrompts.size() < 3 || tTimes.size() < 3 || tSteps.size() < 3) {
            throw new IllegalArgumentException("pilot logs in " + folder + " hold too few calls to fit: "
                    + aTimes.size() + " approximation steps, " + tTimes.size() + " target steps");
        }
        double[] aLatency = logNormal(aTimes, 0);
        double[] aGenerated = logNormal(aTimes, 1);
        double[] aLine = line(aPrompts, 0, 1);
        double[] tLatency = logNormal(tTimes, 0);
        double[] tGenerated = logNormal(tSteps, 1);
        double[] tLine = line(tSteps, 0, 2);
        CallProfile a = profile(folder, "approximation", () -> new CallProfile(aLatency[0], aLatency[1],
                aLine[0] + aLine[1], aLine[1], aGenerated[0], aGenerated[1]));
        double timeShare = 0.7;
        double promptShare = 1;
        if (!phases.isEmpty()) {
            timeShare = phases.stream().mapToDouble(p -> p[0]).average().orElseThrow();
            promptShare = phases.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        }
        double thoughtTime = Math.min(0.95, Math.max(0.05, timeShare));
        double thoughtPrompt = Math.min(1, Math.max(0.05, promptShare));
        CallProfile t = profile(folder, "target", () -> new CallProfile(tLatency[0], tLatency[1], tLine[0] + tLine[1],
                tLine[1], tGenerated[0], tGenerated[1], thoughtTime, thoughtPrompt));
        return new PilotLogFit(a, t, aTimes.size(), tTimes.size());
    }

    /**
     * The profile fitted to the {@code who} logs of {@code folder}, or bad input naming the folder when the fit is no
     * profile: prompt token counts that grow much faster late than early (one huge count) give the least-squares line
     * a negative first-step prompt, which no single line of the logs shows.
     */
    private static CallProfile profile(Path folder, String who, Supplier<CallProfile> fitted) {
        try {
            return fitted.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pilot logs in " + folder + ": the " + who + " calls' token counts and "
                    + "times fit no call profile (" + e.getMessage() + "); look for an implausible count in the "
                    + who + "_datapoint*.log files", e);
        }
    }

    /**
     * Per finished target step of a log: {share of the step's time before its response call started,
     * thought prompt / (thought + response prompt)}, from the 1-second time stamps (date and time of day, so a step
     * may cross midnight or last days); steps shorter than 2 s on the log's clock are left out. A step whose time
     * stamps go backwards is bad input naming the line that ends it.
     */
    private static List<double[]> phases(Path file, List<String> lines) {
        List<double[]> out = new ArrayList<>();
        Map<Integer, long[]> open = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                phase(lines.get(i), open, out);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": bad number in '" + lines.get(i) + "'", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage() + " in '"
                        + lines.get(i) + "'", e);
            }
        }
        return out;
    }

    /** Reads one line of a target log into the open steps and the finished steps' phases. */
    private static void phase(String line, Map<Integer, long[]> open, List<double[]> out) {
        Matcher m = T_THOUGHT.matcher(line);
        if (m.find()) {
            open.put(Integer.parseInt(m.group(7)), new long[]{seconds(m), Long.parseLong(m.group(8)), -1, 0});
            return;
        }
        m = T_RESPONSE.matcher(line);
        if (m.find()) {
            long[] step = open.get(Integer.parseInt(m.group(7)));
            if (step != null) {
                step[2] = seconds(m);
                step[3] = Long.parseLong(m.group(8));
            }
            return;
        }
        m = T_STEP.matcher(line);
        if (m.find() && m.group(2).trim().equals("None")) {
            open.remove(Integer.parseInt(m.group(1))); // cancelled: not a finished step
            return;
        }
        m = T_END.matcher(line);
        if (m.find()) {
            long[] step = open.remove(Integer.parseInt(m.group(7)));
            if (step != null && step[2] >= 0) {
                long total = seconds(m) - step[0];
                long first = step[2] - step[0];
                if (first < 0 || first > total) {
                    throw new IllegalArgumentException("the time stamps of target step " + m.group(7) + " go "
                            + "backwards: its response started " + first + " s and it ended " + total
                            + " s after its thought");
                }
                if (step[1] + step[3] == 0) { // both counts are non-negative, so both are 0 here
                    throw new IllegalArgumentException("target step " + m.group(7)
                            + " sent no prompt tokens in its thought and response calls");
                }
                if (total >= 2) {
                    // summed as doubles: two counts near the largest long would overflow as longs
                    out.add(new double[]{(double) first / total, step[1] / ((double) step[1] + step[3])});
                }
            }
        }
    }

    /**
     * Bad input naming {@code file:number} unless the line starts with a time of day and, when it names a
     * call's time or tokens the fit reads, has that line's exact form (a timed call's latency from 0 to
     * {@link Clock#MAX_CALL_SECONDS}): such a line would otherwise be left out of the fit unseen.
     */
    private static void checkLine(Path file, int number, String line, List<FittedLine> fitted) {
        if (!isCalendarStamp(STAMP.matcher(line))) {
            throw new IllegalArgumentException(file + ":" + number + ": expected the line to start with its time "
                    + "'MM/DD/YYYY, HH:MM:SS: ', got '" + line + "'");
        }
        for (FittedLine f : fitted) {
            if (f.named().matcher(line).find()) {
                Matcher m = f.form().matcher(line);
                boolean formed = m.find();
                if (f.timed()) {
                    double seconds = formed ? Double.parseDouble(m.group(2)) : -1;
                    if (!(seconds >= 0 && seconds <= Clock.MAX_CALL_SECONDS)) {
                        throw new IllegalArgumentException(file + ":" + number + ": expected '" + f.expected()
                                + "' with SECONDS from 0 to " + Clock.MAX_CALL_SECONDS + ", got '" + line + "'");
                    }
                } else if (!formed) {
                    throw new IllegalArgumentException(file + ":" + number + ": expected '" + f.expected()
                            + "', got '" + line + "'");
                }
            }
        }
    }

    private static boolean isCalendarStamp(Matcher m) {
        if (!m.find()) {
            return false;
        }
        try {
            date(m);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * The lines of one log, a byte order mark at its start left out (an editor's, no part of the first time stamp), or
     * bad input naming it when it cannot be read (a folder, unreadable, not text).
     */
    private static List<String> readLines(Path file) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            if (!lines.isEmpty()) {
                lines.set(0, ByteOrderMark.strip(lines.getFirst()));
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the pilot log: " + IoErrors.reason(e), e);
        }
    }

    /** The seconds since the epoch of a line's date and time of day (groups 1-6 of {@link #DATED}), in no zone. */
    private static long seconds(Matcher m) {
        return date(m).toEpochDay() * 86_400 + Long.parseLong(m.group(4)) * 3600 + Long.parseLong(m.group(5)) * 60
                + Long.parseLong(m.group(6));
    }

    /** The calendar date of groups 1-3 (month, day, year); an impossible one (02/30) throws DateTimeException. */
    private static LocalDate date(Matcher m) {
        return LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private interface OnMatch {
        void accept(Matcher m);
    }

    private static void match(Pattern p, String line, OnMatch action) {
        Matcher m = p.matcher(line);
        if (m.find()) {
            action.accept(m);
        }
    }

    /** The number of group {@code group}; one too long for a double ({@code 1} and 400 zeros) is a bad number. */
    private static double num(Matcher m, int group) {
        double value = Double.parseDouble(m.group(group));
        if (!Double.isFinite(value)) {
            throw new NumberFormatException("too large: " + m.group(group));
        }
        return value;
    }

    /** Median and σ of the log of column {@code c} (values below 0.01 clamped). */
    private static double[] logNormal(List<double[]> rows, int c) {
        double sum = 0;
        for (double[] r : rows) {
            sum += Math.log(Math.max(0.01, r[c]));
        }
        double mean = sum / rows.size();
        double var = 0;
        for (double[] r : rows) {
            double d = Math.log(Math.max(0.01, r[c])) - mean;
            var += d * d;
        }
        return new double[]{Math.exp(mean), Math.sqrt(var / Math.max(1, rows.size() - 1))};
    }

    /** Least squares y = a + b x over columns {@code xc}, {@code yc}; returns {a, b} with b clamped at 0. */
    private static double[] line(List<double[]> rows, int xc, int yc) {
        double n = rows.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] r : rows) {
            sx += r[xc];
            sy += r[yc];
            sxx += r[xc] * r[xc];
            sxy += r[xc] * r[yc];
        }
        double denom = n * sxx - sx * sx;
        double b = denom == 0 ? 0 : Math.max(0, (n * sxy - sx * sy) / denom);
        return new double[]{(sy - b * sx) / n, b};
    }
}
