package dev.specagent.envs.hotpotqa.speculate;

import java.util.Optional;

/**
 * How the speculation pipelines of a {@link DraftingSpeculator} ended: how many finished (drafts or none) and how
 * many of those failed, with the first failure's reason, so a speculator that never drafts (a wrong model, answers
 * naming no action) is reported rather than showing only as no hits. Cancelled pipelines are not counted.
 * Thread-safe.
 */
public final class SpeculationTally {

    private int finished;
    private int failed;
    private String firstFailure;

    synchronized void drafted() {
        finished++;
    }

    synchronized void failed(String reason) {
        finished++;
        failed++;
        if (firstFailure == null) {
            firstFailure = reason;
        }
    }

    /** Pipelines that ended, with drafts or with a failure. */
    public synchronized int finished() {
        return finished;
    }

    /** Pipelines whose guess or draft failed. */
    public synchronized int failed() {
        return failed;
    }

    /** The reason of the first failure, if any failed. */
    public synchronized Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure);
    }
}
