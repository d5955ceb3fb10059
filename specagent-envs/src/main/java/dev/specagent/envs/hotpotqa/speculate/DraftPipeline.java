package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.hotpotqa.react.ReactState;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One speculation about a pending search: guess its observation, then draft the next actions from
 * the guess. Started when the search starts, so it runs while the search is slow; read when the
 * actor's next think call starts. Thread-safe: stages may complete on any thread.
 */
final class DraftPipeline {

    private CallHandle stage = CallHandle.NONE;
    private Usage spent = Usage.ZERO;
    private List<String> drafts;
    private boolean cancelled;
    private boolean drafting;
    private BiConsumer<List<String>, Usage> listener;
    private SpeculationTally tally;
    /** The step the drafts are for, for failure reasons. */
    private String where;
    private Clock clock;
    private long startNanos;
    /** When the last stage reported (drafts ready, or a failure), or when it was cancelled, whichever came first. */
    private long stoppedNanos;

    /** Starts guessing and drafting for {@code state}, whose pending action is the search of {@code entity}. */
    static DraftPipeline start(ObservationGuesser guesser, ActionDrafter drafter, ReactState state, String entity,
                               int k, Clock clock, SpeculationTally tally) {
        DraftPipeline p = new DraftPipeline();
        p.tally = tally;
        p.clock = clock;
        p.startNanos = clock.nanoTime();
        p.where = "question " + state.question().id() + ", step " + (state.steps().size() + 2);
        CallHandle first = guesser.guess(state.question(), entity, clock, new Completion<>() {
            @Override
            public void succeed(String observation, Usage usage) {
                p.guessed(drafter, state, observation == null ? "" : observation, usage, k, clock);
            }

            @Override
            public void fail(Throwable error, Usage usage) {
                p.failed("guessing the observation of Search[" + entity + "] (" + guesser.name() + ")", error, usage);
            }
        });
        p.setFirstStage(first);
        return p;
    }

    /**
     * The guess answered: charge it and start the draft. Both under the lock {@link #cancel} takes, so that a cancel
     * comes either before (no draft starts) or after the draft's handle is the running stage (the cancel reaches the
     * draft); the guess's finished handle is never the running stage any more, as its cancel would charge it again.
     */
    private synchronized void guessed(ActionDrafter drafter, ReactState state, String observation, Usage usage, int k,
                                      Clock clock) {
        if (cancelled) {
            return;
        }
        spent = spent.plus(usage);
        drafting = true;
        stage = CallHandle.NONE;
        CallHandle second = drafter.draft(state, observation, k, clock, new Completion<>() {
            @Override
            public void succeed(List<String> actions, Usage u) {
                finish(actions == null ? List.of() : actions, u);
            }

            @Override
            public void fail(Throwable error, Usage u) {
                failed("drafting (" + drafter.name() + ")", error, u);
            }
        });
        setStage(second);
    }

    /** The guesser's handle, unless it already reported from inside {@code guess} and the drafter runs. */
    private synchronized void setFirstStage(CallHandle handle) {
        if (!drafting) {
            setStage(handle);
        }
    }

    private synchronized void setStage(CallHandle handle) {
        if (drafts == null && !cancelled) {
            stage = handle;
        }
    }

    private void failed(String stage, Throwable error, Usage usage) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        finish(List.of(), usage, where + ", " + stage + ": " + message);
    }

    private void finish(List<String> actions, Usage usage) {
        finish(actions, usage, null);
    }

    /** Ends the pipeline with {@code actions}; {@code failure} is the reason when a stage failed. */
    private void finish(List<String> actions, Usage usage, String failure) {
        BiConsumer<List<String>, Usage> notify;
        Usage total;
        synchronized (this) {
            if (cancelled || drafts != null) {
                return;
            }
            if (failure != null) {
                tally.failed(failure);
            } else {
                tally.drafted();
            }
            spent = spent.plus(usage);
            drafts = List.copyOf(actions);
            stoppedNanos = clock.nanoTime();
            stage = CallHandle.NONE;
            notify = listener;
            total = spent;
        }
        if (notify != null) {
            notify.accept(drafts, total);
        }
    }

    /** Reports the drafts and the whole pipeline's usage to {@code consumer}, now or when they are ready. */
    void whenDrafted(BiConsumer<List<String>, Usage> consumer) {
        List<String> ready;
        Usage total;
        synchronized (this) {
            if (drafts == null) {
                listener = consumer;
                return;
            }
            ready = drafts;
            total = spent;
        }
        consumer.accept(ready, total);
    }

    /** Stops the pipeline and returns everything it consumed. */
    Usage cancel() {
        CallHandle running;
        synchronized (this) {
            if (cancelled) {
                return Usage.ZERO;
            }
            cancelled = true;
            if (drafts == null) {
                stoppedNanos = clock.nanoTime();
            }
            running = stage;
            stage = CallHandle.NONE;
        }
        Usage last = running.cancel();
        synchronized (this) {
            return spent.plus(last);
        }
    }

    /** Stops the pipeline, as {@link #cancel} does, and says what it consumed and when it started and stopped. */
    UnreadPipeline end() {
        Usage usage = cancel();
        synchronized (this) {
            return new UnreadPipeline(usage, startNanos, stoppedNanos, drafts != null);
        }
    }
}
