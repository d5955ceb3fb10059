package dev.specagent.core.planning.depth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every verified draft of a run with its outcome and the score each of several {@link DraftClassifier}s
 * gave it with the model it had before the draft's episode was learned (out of sample, as a deployed
 * policy would have scored it). Filled by a scheduler built with {@link ScheduledGateDepth#measured}; read
 * after the run. Not thread-safe (filled on the planner's loop).
 */
public final class DraftScoreLog {

    /**
     * One verified draft.
     *
     * @param taskId    the task
     * @param position  the draft's plan position (0-based)
     * @param draft     the draft's text
     * @param accepted  whether the target accepted it
     * @param scores    one score per classifier of the log, in its order; NaN where that one was cold
     */
    public record Entry(String taskId, int position, String draft, boolean accepted, double[] scores) {
    }

    private final List<DraftClassifier> classifiers;
    private final List<Entry> entries = new ArrayList<>();

    public DraftScoreLog(List<DraftClassifier> classifiers) {
        if (classifiers.isEmpty()) {
            throw new IllegalArgumentException("need at least one classifier");
        }
        this.classifiers = List.copyOf(classifiers);
    }

    public List<DraftClassifier> classifiers() {
        return classifiers;
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    void add(Entry entry) {
        entries.add(entry);
    }
}
