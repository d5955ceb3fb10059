package dev.specagent.envs.ostune.workload;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads sysbench's interim reports ({@code --report-interval=1 --percentile=95}), for example
 * {@code [ 3s ] thds: 4 eps: 4257.73 lat (ms,95%): 12.30}. Other lines (banner, summary) give nothing, and so does
 * a report of a second in which no event ended ({@code eps: 0.00}), whose p95 sysbench prints as 0.00.
 */
public final class SysbenchReportParser {

    private static final Pattern REPORT = Pattern.compile("^\\[\\s*\\d+(?:\\.\\d+)?s\\s*].*?lat \\(ms,95%\\):\\s*([0-9]+(?:\\.[0-9]+)?)");

    /** The events per second of the same line; 0.00 when none ended in that second. */
    private static final Pattern EVENTS = Pattern.compile("\\beps:\\s*([0-9]+(?:\\.[0-9]+)?)");

    private SysbenchReportParser() {
    }

    /** The p95 latency in ms of an interim report line, empty for any other line and for a second without events. */
    public static OptionalDouble p95(String line) {
        Matcher m = REPORT.matcher(line.strip());
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        Matcher events = EVENTS.matcher(m.group());
        if (events.find() && Double.parseDouble(events.group(1)) == 0) {
            return OptionalDouble.empty(); // no latency was measured: 0.00 is not a fast second
        }
        return OptionalDouble.of(Double.parseDouble(m.group(1)));
    }
}
