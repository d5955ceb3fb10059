package dev.specagent.envs.retail.replay;

import dev.specagent.core.ledger.RunFigures;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.MemoizingSpeculator;
import dev.specagent.envs.retail.speculate.PredictionReplay;
import dev.specagent.envs.retail.speculate.PredictionTally;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.envs.retail.tasks.GoldReplay;
import dev.specagent.envs.retail.tasks.RetailTask;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code retail predict} experiment: the paper's API-call prediction accuracy over the gold call
 * sequences of a task split, and the time the same speculator saves when each task is replayed through the
 * speculative runner in simulated time (figures from the runs' ledgers, summed over tasks).
 */
public final class PredictionExperiment {

    private PredictionExperiment() {
    }

    /**
     * Accuracy and time figures of one experiment; {@code losslessTasks} counts the tasks whose speculative
     * replay committed the same outputs and a byte-identical database ({@code contentHash}) as their
     * sequential replay (every task when the runner is lossless; zero with {@code online}, which skips the
     * replays).
     */
    public record Result(PredictionTally tally, double sequentialSeconds, double speculativeSeconds, long runnerHits,
                         int tasks, int losslessTasks) {
        /** The share of sequential time saved, in percent. */
        public double savedPct() {
            return sequentialSeconds == 0 ? 0 : 100.0 * (sequentialSeconds - speculativeSeconds) / sequentialSeconds;
        }
    }

    /**
     * Runs the experiment. With {@code online} the speculator also learns from each call after predicting it
     * (then the time replay, which needs a fixed speculator, is skipped and reports zero).
     */
    public static Result run(List<RetailTask> tasks, RetailDatabase fresh, CallSpeculator speculator, int k,
                             Latencies latencies, boolean online) {
        return run(tasks, fresh, speculator, k, latencies, online, () -> { });
    }

    /**
     * As {@link #run(List, RetailDatabase, CallSpeculator, int, Latencies, boolean)}, calling {@code afterEach}
     * after each task's prediction and after each task's time replay (so twice per task, once with {@code online}).
     */
    public static Result run(List<RetailTask> tasks, RetailDatabase fresh, CallSpeculator speculator, int k,
                             Latencies latencies, boolean online, Runnable afterEach) {
        return run(tasks, fresh, speculator, k, latencies, online, soFar -> afterEach.run(), afterEach);
    }

    /**
     * As {@link #run(List, RetailDatabase, CallSpeculator, int, Latencies, boolean)}, calling {@code afterPrediction}
     * with the tally so far after each task's prediction and {@code afterReplay} after each task's time replay (none
     * with {@code online}); on the calling thread.
     */
    public static Result run(List<RetailTask> tasks, RetailDatabase fresh, CallSpeculator speculator, int k,
                             Latencies latencies, boolean online, Consumer<PredictionTally> afterPrediction,
                             Runnable afterReplay) {
        List<Transcript> transcripts = new ArrayList<>();
        List<List<ToolCallRecord>> golds = new ArrayList<>();
        for (RetailTask task : tasks) {
            List<ToolCallRecord> gold = GoldReplay.run(task, fresh);
            golds.add(gold);
            transcripts.add(Transcript.ofCalls(gold));
        }
        CallSpeculator used = online ? speculator : new MemoizingSpeculator(speculator);
        PredictionTally tally = PredictionReplay.run(transcripts, used, k, online, afterPrediction);
        double sequential = 0;
        double speculative = 0;
        long hits = 0;
        int lossless = 0;
        if (!online) {
            for (int i = 0; i < tasks.size(); i++) {
                SpeculativeGoldReplay.Outcome ahead = SpeculativeGoldReplay.run(tasks.get(i).actions(), fresh,
                        used, k, latencies, i);
                SpeculativeGoldReplay.Outcome alone = SpeculativeGoldReplay.run(tasks.get(i).actions(), fresh,
                        null, 0, latencies, i);
                if (sameCommitted(ahead, alone)) {
                    lossless++;
                }
                RunFigures f = ahead.run().figures();
                sequential += f.sequentialSeconds();
                speculative += f.speculativeSeconds();
                hits += f.hits();
                afterReplay.run();
            }
        }
        return new Result(tally, sequential, speculative, hits, tasks.size(), lossless);
    }

    private static boolean sameCommitted(SpeculativeGoldReplay.Outcome a, SpeculativeGoldReplay.Outcome b) {
        return a.committed().contentHash().equals(b.committed().contentHash())
                && a.run().finalState().seen().calls().equals(b.run().finalState().seen().calls());
    }
}
