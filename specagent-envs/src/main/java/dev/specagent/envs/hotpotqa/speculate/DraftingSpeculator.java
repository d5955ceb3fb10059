package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.hotpotqa.react.ReactAgent;
import dev.specagent.envs.hotpotqa.react.ReactState;
import dev.specagent.envs.hotpotqa.react.ReactStep;
import dev.specagent.envs.hotpotqa.react.ThoughtAction;
import dev.specagent.envs.hotpotqa.tools.ReactAction;
import dev.specagent.envs.hotpotqa.tools.WikiActor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paper's HotpotQA speculation as a {@link Speculator}: while a search is slow, an
 * {@link ObservationGuesser} guesses its observation and an {@link ActionDrafter} drafts the agent's
 * next action(s) from the guess; when the actor's next {@code think} call starts, the drafts are
 * proposed as guesses of its value, so the runner starts the drafted {@code search}/{@code lookup} at
 * once, each in its own fork of the environment. A drafted action that strictly matches the actor's
 * (same type, same argument ignoring case: the calls are equal) is adopted and its wait is saved; any
 * other is cancelled or discarded with its fork.
 *
 * <p>Pipelines start when a committed search starts, and also as soon as a drafted search is
 * proposed (it may be adopted, already finished, before the actor's thought is known; its draft
 * prompt then carries a placeholder thought). For a pending search it reports no guess: the actor's
 * thought on a guessed observation would never be the committed one.
 *
 * <p>Accounting: a pipeline's usage (guess and draft) is reported with the proposal of the
 * {@code think} call that reads it; a pipeline that turns out useless (its drafted search was not
 * chosen) is cancelled when the next {@code think} of its question reads its drafts, and its usage is
 * added to that report. A pipeline still unread when the episode ends (a search at the step limit) is
 * cancelled by {@link #endEpisode}, which returns its usage and when it ran:
 * {@link dev.specagent.envs.hotpotqa.HotpotEpisode} records it in the run's ledger, so the ledger holds every
 * speculator token.
 */
public final class DraftingSpeculator implements Speculator<ReactState> {

    /** The thought given to a drafted action, whose real thought is unknown. */
    static final String DRAFTED = "(drafted from a guessed observation)";

    private final ObservationGuesser guesser;
    private final ActionDrafter drafter;
    private final Map<Key, DraftPipeline> pipelines = new ConcurrentHashMap<>();
    private final SpeculationTally tally = new SpeculationTally();

    public DraftingSpeculator(ObservationGuesser guesser, ActionDrafter drafter) {
        this.guesser = Objects.requireNonNull(guesser, "guesser");
        this.drafter = Objects.requireNonNull(drafter, "drafter");
    }

    /**
     * Which speculation a pipeline serves: the search of {@code action} as step {@code step} of question {@code qid}. The
     * action is its call (type and normalised argument), as the runner matches a drafted action with the actor's, so a
     * drafted {@code Search[ Beta ]} that is adopted for the actor's {@code Search[Beta]} keeps its pipeline.
     */
    private record Key(String qid, int step, String action) {
        static Key of(String qid, int step, String writtenAction) {
            return new Key(qid, step, ReactAction.parse(writtenAction).flatMap(WikiActor::callOf).map(Call::toString)
                    .orElse(writtenAction.strip().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public CallHandle propose(ReactState state, Call pending, int k, Clock clock, Completion<List<Guess>> done) {
        if (WikiActor.SEARCH.equals(pending.tool()) && state.pending() != null) {
            prepare(state, k, clock);
            return reportNothing(clock, done);
        }
        if (ReactAgent.THINK.equals(pending.tool()) && !state.steps().isEmpty()) {
            ReactStep last = state.steps().getLast();
            int step = state.steps().size() - 1;
            DraftPipeline pipeline = pipelines.remove(Key.of(state.question().id(), step, last.action()));
            if (pipeline != null) {
                Usage orphans = cancelOlder(state.question().id(), step);
                ThinkProposal proposal = new ThinkProposal();
                pipeline.whenDrafted((drafts, usage) -> {
                    List<Guess> guesses = guesses(drafts, k);
                    // the drafts may arrive on the draft's thread as the runner cancels the proposal: once its cancel
                    // has returned (and the run may have ended, endEpisode with it) no pipeline may start
                    synchronized (proposal) {
                        if (proposal.cancelled) {
                            return;
                        }
                        prepareDrafted(state, guesses, k, clock);
                    }
                    done.succeed(guesses, usage.plus(orphans));
                });
                return () -> {
                    synchronized (proposal) {
                        proposal.cancelled = true;
                    }
                    return pipeline.cancel().plus(orphans);
                };
            }
        }
        return reportNothing(clock, done);
    }

    /**
     * A {@code think} proposal waiting for its pipeline's drafts: whether the runner cancelled it. Its lock orders the
     * cancel and the start of the drafted searches' pipelines, which happen on different threads on a real clock.
     */
    private static final class ThinkProposal {
        boolean cancelled;
    }

    /** Starts (once) the pipeline of {@code state}'s pending search. */
    private void prepare(ReactState state, int k, Clock clock) {
        Key key = Key.of(state.question().id(), state.steps().size(), state.pending().action());
        String entity = state.pendingAction().map(ReactAction::argument).orElse("");
        pipelines.computeIfAbsent(key, x -> DraftPipeline.start(guesser, drafter, state, entity, k, clock, tally));
    }

    /** Starts the pipelines of the drafted searches, so a drafted search that is adopted is speculated too. */
    private void prepareDrafted(ReactState state, List<Guess> guesses, int k, Clock clock) {
        for (Guess g : guesses) {
            ThoughtAction drafted = ThoughtAction.fromJson(g.value());
            Optional<ReactAction> a = drafted.parsed();
            if (a.isPresent() && a.get().type() == ReactAction.Type.SEARCH) {
                prepare(state.awaiting(drafted), k, clock);
            }
        }
    }

    /** Cancels the question's pipelines for steps up to {@code step} (none can be read any more). */
    private Usage cancelOlder(String qid, int step) {
        return removeEach(qid, step).stream().map(DraftPipeline::cancel).reduce(Usage.ZERO, Usage::plus);
    }

    /** Removes the question's pipelines for steps up to {@code step} and returns them. */
    private List<DraftPipeline> removeEach(String qid, int step) {
        List<DraftPipeline> removed = new ArrayList<>();
        for (Key key : new ArrayList<>(pipelines.keySet())) {
            if (key.qid().equals(qid) && key.step() <= step) {
                DraftPipeline orphan = pipelines.remove(key);
                if (orphan != null) {
                    removed.add(orphan);
                }
            }
        }
        return removed;
    }

    /**
     * Ends question {@code qid}'s speculation: cancels its pipelines that nobody will read (their LLM
     * calls stop) and returns each one's usage and when it started and stopped running (one element per pipeline,
     * none when every pipeline was read or cancelled before), which no ledger entry of the run holds.
     */
    public List<UnreadPipeline> endEpisode(String qid) {
        return removeEach(qid, Integer.MAX_VALUE).stream().map(DraftPipeline::end).toList();
    }

    /** Guesses of a think call's value from drafted actions: best first, confidence by rank. */
    static List<Guess> guesses(List<String> drafts, int k) {
        List<Guess> out = new ArrayList<>();
        for (String action : drafts) {
            if (out.size() >= k) {
                break;
            }
            if (ReactAction.parse(action).isPresent()) {
                out.add(new Guess(new ThoughtAction(DRAFTED, action).toJson(), 1.0 / (out.size() + 1)));
            }
        }
        return out;
    }

    private static CallHandle reportNothing(Clock clock, Completion<List<Guess>> done) {
        clock.execute(() -> done.succeed(List.of(), Usage.ZERO));
        return CallHandle.NONE;
    }

    /** How the pipelines ended so far: how many failed, and the first reason. */
    public SpeculationTally tally() {
        return tally;
    }

    /** A short name for reports: {@code <guesser>+<drafter>}. */
    public String name() {
        return guesser.name() + "+" + drafter.name();
    }
}
