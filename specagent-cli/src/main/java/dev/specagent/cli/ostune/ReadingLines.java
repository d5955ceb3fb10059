package dev.specagent.cli.ostune;

import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-second output of {@code ostune}: a header, then one line per reading (time, knob, p95) with the writes made,
 * and the agents' failures, since the reading before. Flushed at every reading, so the lines appear as the run goes.
 */
final class ReadingLines implements LossyListener {

    private final PrintWriter out;
    private final List<String> writes = new ArrayList<>();
    private boolean headed;

    ReadingLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onSample(MetricSample s) {
        if (!headed) {
            out.printf("%8s %12s %10s  %s%n", "t (s)", "knob", "p95 (ms)", "writes in the second before");
            headed = true;
        }
        out.printf(Locale.ROOT, "%8.1f %12s %10.2f  %s%n", s.seconds(), OsTuneSummary.num(s.knobValue()), s.metric(),
                String.join(", ", writes));
        out.flush();
        writes.clear();
    }

    @Override
    public void onWrite(KnobWrite w) {
        writes.add(w.source().name().toLowerCase(Locale.ROOT) + " " + OsTuneSummary.num(w.previous()) + "->"
                + OsTuneSummary.num(w.applied()));
    }

    @Override
    public void onAgentFailure(WriteSource source, Throwable error) {
        writes.add(source.name().toLowerCase(Locale.ROOT) + " failed: " + error.getMessage());
    }
}
