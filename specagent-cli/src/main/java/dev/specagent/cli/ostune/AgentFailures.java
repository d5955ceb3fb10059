package dev.specagent.cli.ostune;

import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Counts why the agents failed to decide (an unreachable endpoint, an answer that breaks the prompt contract), by
 * agent and message, and passes every event on to {@code next}. Without it a {@code --json} or {@code --quiet} run
 * whose every decision failed ended with exit 0 and no word of why.
 */
final class AgentFailures implements LossyListener {

    /** Distinct messages kept per run; later distinct ones are only counted. */
    static final int MAX_MESSAGES = 20;

    private final LossyListener next;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int uncounted;

    AgentFailures(LossyListener next) {
        this.next = Objects.requireNonNull(next);
    }

    @Override
    public void onSample(MetricSample sample) {
        next.onSample(sample);
    }

    @Override
    public void onWrite(KnobWrite write) {
        next.onWrite(write);
    }

    @Override
    public synchronized void onAgentFailure(WriteSource source, Throwable error) {
        String key = source.name().toLowerCase(Locale.ROOT) + ": " + error.getMessage();
        if (counts.containsKey(key) || counts.size() < MAX_MESSAGES) {
            counts.merge(key, 1, Integer::sum);
        } else {
            uncounted++;
        }
        next.onAgentFailure(source, error);
    }

    /** {@code "<agent>: <message>"} to how often it happened, in order of first occurrence. */
    synchronized Map<String, Integer> counts() {
        return new LinkedHashMap<>(counts);
    }

    /** Failures whose message was not kept (beyond {@link #MAX_MESSAGES} distinct ones). */
    synchronized int uncounted() {
        return uncounted;
    }
}
