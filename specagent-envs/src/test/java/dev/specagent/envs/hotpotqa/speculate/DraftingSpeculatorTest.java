package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.envs.hotpotqa.EpisodeResult;
import dev.specagent.envs.hotpotqa.HotpotEpisode;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.react.ReactAgent;
import dev.specagent.envs.hotpotqa.react.ReactState;
import dev.specagent.envs.hotpotqa.react.ReactStep;
import dev.specagent.envs.hotpotqa.react.ScriptedThinker;
import dev.specagent.envs.hotpotqa.react.ThoughtAction;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiActor;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.specagent.envs.hotpotqa.HotpotIsolationTestAccess.WIKI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DraftingSpeculatorTest {

    /** A guesser costing $0.01 per guess, taking 0.1 s. */
    static final class PaidGuesser implements ObservationGuesser {
        final List<String> entities = new ArrayList<>();

        @Override
        public CallHandle guess(HotpotQuestion question, String entity, Clock clock, Completion<String> done) {
            entities.add(entity);
            Clock.Timer t = clock.schedule(Clock.nanos(0.1), () -> done.succeed("guessed " + entity, Usage.ofCost(0.01)));
            return () -> {
                t.cancel();
                return Usage.ofCost(0.01);
            };
        }

        @Override
        public String name() {
            return "paid";
        }
    }

    /** A drafter costing $0.02 per draft, taking 0.1 s, answering from a script per step. */
    record PaidDrafter(Map<Integer, List<String>> byNextStep) implements ActionDrafter {
        @Override
        public CallHandle draft(ReactState state, String guessedObservation, int k, Clock clock,
                                Completion<List<String>> done) {
            List<String> drafts = byNextStep.getOrDefault(state.steps().size() + 1, List.of());
            Clock.Timer t = clock.schedule(Clock.nanos(0.1), () -> done.succeed(drafts, Usage.ofCost(0.02)));
            return () -> {
                t.cancel();
                return Usage.ofCost(0.02);
            };
        }

        @Override
        public String name() {
            return "paid";
        }
    }

    @Test
    void everyPipelineIsPaidForOnceInTheLedgerAlsoTheUselessOnes() {
        HotpotQuestion q = new HotpotQuestion("q", "?", "x");
        List<ThoughtAction> script = List.of(new ThoughtAction("t1", "Search[Alpha]"),
                new ThoughtAction("t2", "Search[Beta]"), new ThoughtAction("t3", "Finish[x]"));
        PaidGuesser guesser = new PaidGuesser();
        // after Search[Alpha] the draft says Search[Gamma] (wrong): its pipeline is started, then orphaned
        DraftingSpeculator speculator = new DraftingSpeculator(guesser,
                new PaidDrafter(Map.of(1, List.of("Search[Gamma]"), 2, List.of("Finish[x]"))));
        EpisodeResult r = new HotpotEpisode(new WikiTools(WIKI), ToolLatency.fixed(0.5, 0.1),
                new ScriptedThinker(Map.of("q", script), 2.0), speculator, new ChainedPolicy(1, 1),
                RunLimits.DEFAULT, 7).run(q, new SimulatedClock(3));

        assertThat(r.answer()).isEqualTo("x");
        assertThat(guesser.entities).containsExactly("Alpha", "Gamma", "Beta");
        double speculatorCost = r.run().ledger().stream().filter(e -> e.role() == Role.SPECULATOR)
                .mapToDouble(e -> e.usage().costUsd()).sum();
        assertThat(speculatorCost).isCloseTo(3 * (0.01 + 0.02), within(1e-9));
        assertThat(r.run().ledger().stream().filter(e -> e.role() == Role.BRANCH).map(LedgerEntry::label))
                .containsExactly("search");
        assertThat(r.run().figures().hits()).isZero();
        assertThat(speculator.tally().failed()).isZero();
    }

    /**
     * A drafted {@code Search[ Beta ]} is the call of the actor's {@code Search[Beta]} (blanks at the ends of the argument
     * do not count), so its branch is adopted; its pipeline, started when it was proposed, is the one the next think
     * reads. Before, the pipelines were keyed by the written action, so the next think found none for {@code Search[Beta]}:
     * the drafted {@code Lookup[mayor]} was never proposed (1 hit, not 2) and the pipeline ran on unread to the end.
     */
    @Test
    void anAdoptedDraftedSearchWrittenWithOtherBlanksKeepsItsPipeline() {
        HotpotQuestion q = new HotpotQuestion("q", "?", "x");
        List<ThoughtAction> script = List.of(new ThoughtAction("t1", "Search[Alpha]"),
                new ThoughtAction("t2", "Search[Beta]"), new ThoughtAction("t3", "Lookup[mayor]"),
                new ThoughtAction("t4", "Finish[x]"));
        PaidGuesser guesser = new PaidGuesser();
        DraftingSpeculator speculator = new DraftingSpeculator(guesser,
                new PaidDrafter(Map.of(1, List.of("Search[ Beta ]"), 2, List.of("Lookup[mayor]"))));
        EpisodeResult r = new HotpotEpisode(new WikiTools(WIKI), ToolLatency.fixed(0.5, 0.1),
                new ScriptedThinker(Map.of("q", script), 2.0), speculator, new ChainedPolicy(1, 1),
                RunLimits.DEFAULT, 7).run(q, new SimulatedClock(3));

        assertThat(r.answer()).isEqualTo("x");
        assertThat(guesser.entities).containsExactly("Alpha", " Beta ");
        assertThat(r.run().figures().hits()).isEqualTo(2);
        assertThat(r.run().ledger().stream().filter(e -> e.role() == Role.SPECULATOR)
                .mapToDouble(e -> e.usage().costUsd()).sum()).isCloseTo(2 * (0.01 + 0.02), within(1e-9));
        assertThat(r.run().ledger().stream().map(LedgerEntry::label)).doesNotContain(HotpotEpisode.UNREAD_LABEL);
    }

    @Test
    void aSpeculatorIsNamedByItsGuesserAndDrafter() {
        assertThat(new DraftingSpeculator(new LocalCorpusGuesser(WIKI), new ScriptedDrafter(Map.of(), 0.0)).name())
                .isEqualTo("local+scripted");
    }
    @Test
    void atMostKParsableDraftsAreProposedBestFirstWithConfidenceByRank() {
        List<Guess> guesses = DraftingSpeculator.guesses(
                List.of("not an action", "Search[A]", "Lookup[b]", "Finish[c]"), 2);

        assertThat(guesses).extracting(g -> ThoughtAction.fromJson(g.value()).action())
                .containsExactly("Search[A]", "Lookup[b]");
        assertThat(guesses).extracting(Guess::confidence).containsExactly(1.0, 0.5);
        assertThat(DraftingSpeculator.guesses(List.of("Search[A]"), 0)).isEmpty();
    }

    @Test
    void aCancelledScriptedDraftOrLocalGuessReportsNothing() {
        SimulatedClock clock = new SimulatedClock(1);
        ReactState state = ReactState.start(new HotpotQuestion("q", "?", "x"));
        List<Object> reported = new ArrayList<>();
        Completion<List<String>> drafts = reportingTo(reported);
        Completion<String> guess = reportingTo(reported);

        assertThat(new ScriptedDrafter(Map.of("q", List.of(List.of(), List.of("Search[A]"))), 0.5)
                .draft(state, "page", 1, clock, drafts).cancel()).isEqualTo(Usage.ZERO);
        assertThat(new LocalCorpusGuesser(WIKI).guess(state.question(), "Alpha", clock, guess).cancel())
                .isEqualTo(Usage.ZERO);
        clock.drain();

        assertThat(reported).isEmpty();
    }

    @Test
    void cancellingAThinkProposalStopsThePipelineItReadsAndReturnsWhatItConsumed() {
        SimulatedClock clock = new SimulatedClock(1);
        HotpotQuestion q = new HotpotQuestion("q", "?", "x");
        PaidGuesser guesser = new PaidGuesser();
        DraftingSpeculator speculator = new DraftingSpeculator(guesser, new PaidDrafter(Map.of()));
        ReactState searching = ReactState.start(q).awaiting(new ThoughtAction("t1", "Search[Alpha]"));
        List<Object> reported = new ArrayList<>();
        Completion<List<Guess>> done = reportingTo(reported);
        speculator.propose(searching, WikiActor.callOf(
                searching.pendingAction().orElseThrow()).orElseThrow(), 1, clock, done);
        ReactState searched = new ReactState(q, List.of(new ReactStep("t1",
                "Search[Alpha]", "Alpha is.")), null, null);

        CallHandle think = speculator.propose(searched,
                ReactAgent.thinkCall(searched), 1, clock, done);

        assertThat(think.cancel().costUsd()).as("the guess under way, charged at its cancel").isCloseTo(0.01, within(1e-12));
        clock.drain();
        assertThat(reported).as("only the search's proposal, which reports no guess").containsExactly(List.of());
        assertThat(speculator.endEpisode("q")).isEmpty();
    }

    /**
     * The drafts of a pipeline arrive on the draft's thread as the runner cancels the {@code think} proposal reading
     * them, and the episode ends (a real clock; the guess of the drafted search is slow to start). The drafted
     * search's pipeline used to start after the cancel had returned and after {@code endEpisode}, so its guess (an LLM
     * call) ran on, never cancelled nor in the ledger; now the cancel waits for it and {@code endEpisode} ends it.
     */
    @Test
    @Timeout(30)
    void aPipelineOfDraftsArrivingAsTheirProposalIsCancelledEndsWithTheEpisode() throws Exception {
        HotpotQuestion q = new HotpotQuestion("q", "?", "x");
        CountDownLatch betaGuessStarting = new CountDownLatch(1);
        CountDownLatch releaseBetaGuess = new CountDownLatch(1);
        List<String> cancelledGuesses = new CopyOnWriteArrayList<>();
        ObservationGuesser guesser = new ObservationGuesser() {
            @Override
            public CallHandle guess(HotpotQuestion question, String entity, Clock clock, Completion<String> done) {
                if (entity.equals("Alpha")) {
                    done.succeed("Alpha is a city.", Usage.ofCost(0.01));
                    return CallHandle.NONE;
                }
                betaGuessStarting.countDown();
                try {
                    releaseBetaGuess.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return () -> { // never answers: runs until cancelled
                    cancelledGuesses.add(entity);
                    return Usage.ofCost(0.01);
                };
            }

            @Override
            public String name() {
                return "blocking";
            }
        };
        AtomicReference<Completion<List<String>>> alphaDraft = new AtomicReference<>();
        ActionDrafter drafter = new ActionDrafter() {
            @Override
            public CallHandle draft(ReactState state, String guessedObservation, int k, Clock clock,
                                    Completion<List<String>> done) {
                alphaDraft.compareAndSet(null, done);
                return () -> Usage.ofCost(0.02);
            }

            @Override
            public String name() {
                return "held";
            }
        };
        DraftingSpeculator speculator = new DraftingSpeculator(guesser, drafter);
        try (RealClock clock = new RealClock()) {
            ReactState searching = ReactState.start(q).awaiting(new ThoughtAction("t1", "Search[Alpha]"));
            speculator.propose(searching, WikiActor.callOf(searching.pendingAction().orElseThrow()).orElseThrow(), 1,
                    clock, reportingTo(new CopyOnWriteArrayList<>()));
            ReactState searched = new ReactState(q, List.of(new ReactStep("t1", "Search[Alpha]", "Alpha is.")), null,
                    null);
            CallHandle think = speculator.propose(searched, ReactAgent.thinkCall(searched), 1, clock,
                    reportingTo(new CopyOnWriteArrayList<>()));
            Thread drafts = Thread.ofVirtual().start(
                    () -> alphaDraft.get().succeed(List.of("Search[Beta]"), Usage.ofCost(0.02)));
            assertThat(betaGuessStarting.await(20, TimeUnit.SECONDS)).as("the drafted search's guess starts").isTrue();

            AtomicReference<List<UnreadPipeline>> unread = new AtomicReference<>();
            Thread runEnds = Thread.ofPlatform().start(() -> { // as the runner's cancel, then HotpotEpisode
                think.cancel();
                unread.set(speculator.endEpisode("q"));
            });
            while (runEnds.isAlive() && runEnds.getState() != Thread.State.BLOCKED
                    && runEnds.getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // until the episode ended, or the cancel waits for the pipeline being started
            }
            releaseBetaGuess.countDown();
            runEnds.join();
            drafts.join();

            assertThat(cancelledGuesses).as("the drafted search's guess was cancelled").containsExactly("Beta");
            assertThat(unread.get()).as("and charged as an unread pipeline").extracting(UnreadPipeline::usage)
                    .containsExactly(Usage.ofCost(0.01));
        }
    }

    /** A completion that adds its value, or its error, to {@code reported}. */
    private static <T> Completion<T> reportingTo(List<Object> reported) {
        return new Completion<>() {
            @Override
            public void succeed(T value, Usage usage) {
                reported.add(value);
            }

            @Override
            public void fail(Throwable error, Usage usage) {
                reported.add(error);
            }
        };
    }
}
