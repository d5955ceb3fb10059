package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.envs.hotpotqa.EpisodeResult;
import dev.specagent.envs.hotpotqa.HotpotEpisode;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.react.ScriptedThinker;
import dev.specagent.envs.hotpotqa.react.ThoughtAction;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.specagent.envs.hotpotqa.HotpotIsolationTestAccess.WIKI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.DOUBLE;
import static org.assertj.core.api.Assertions.within;

/**
 * The ledger entry of a pipeline nobody read (one step, its search at the step limit) lasts from when the pipeline
 * started (the search, at 2 s, after a 2 s think) to when it stopped: its drafts ready (guess 0.1 s, draft 0.1 s), or
 * the end of the run when it was still running. Before, it lasted no time at the end of the run, fate cancelled,
 * whether it had finished long before or not, and the peak concurrency left it out.
 */
class UnreadPipelineTimeTest {

    private static EpisodeResult run(double searchSeconds) {
        HotpotQuestion q = new HotpotQuestion("q", "?", "x");
        DraftingSpeculator speculator = new DraftingSpeculator(new DraftingSpeculatorTest.PaidGuesser(),
                new DraftingSpeculatorTest.PaidDrafter(Map.of(2, List.of("Finish[x]"))));
        return new HotpotEpisode(new WikiTools(WIKI), ToolLatency.fixed(searchSeconds, 0.1),
                new ScriptedThinker(Map.of("q", List.of(new ThoughtAction("t1", "Search[Alpha]"))), 2.0), speculator,
                new ChainedPolicy(1, 1), RunLimits.DEFAULT, 1).run(q, new SimulatedClock(3));
    }

    private static LedgerEntry unread(EpisodeResult r) {
        assertThat(r.run().finalState().steps()).hasSize(1);
        return r.run().ledger().stream().filter(e -> HotpotEpisode.UNREAD_LABEL.equals(e.label())).toList()
                .getFirst();
    }

    @Test
    void aPipelineThatFinishedLastsUntilItsDraftsWereReady() {
        EpisodeResult r = run(0.5);
        LedgerEntry e = unread(r);
        assertThat(e.startNanos()).isEqualTo(Clock.nanos(2.0));
        assertThat(e.endNanos()).isEqualTo(Clock.nanos(2.2));
        assertThat(e.fate()).as("finished, not used").isEqualTo(Fate.WASTED);
        assertThat(e.usage().costUsd()).isCloseTo(0.01 + 0.02, within(1e-12));
        RunFigures f = r.run().figures();
        assertThat(f).isEqualTo(RunFigures.of(r.run().ledger()));
        assertThat(f.speculativeSeconds()).as("the run's wall time is the runner's").isEqualTo(2.5);
        assertThat(f.peakConcurrency()).as("the pipeline ran beside the search").isEqualTo(2);
        assertThat(f.wastedAttempts() + f.committedAttempts() + f.cancelledAttempts()).isEqualTo(f.attempts());
    }

    @Test
    void whenTheRunFailsTheUnreadUsageIsHandedOverBeforeTheFailureIsThrown() {
        // the search (from 0.5 s) times out after 1 s, one attempt: the run fails while its pipeline, drafted at 0.7 s,
        // is unread
        HotpotQuestion q = new HotpotQuestion("q", "?", "x");
        DraftingSpeculator speculator = new DraftingSpeculator(new DraftingSpeculatorTest.PaidGuesser(),
                new DraftingSpeculatorTest.PaidDrafter(Map.of(2, List.of("Finish[x]"))));
        HotpotEpisode episode = new HotpotEpisode(new WikiTools(WIKI), ToolLatency.fixed(10, 0.1),
                new ScriptedThinker(Map.of("q", List.of(new ThoughtAction("t1", "Search[Alpha]"))), 0.5), speculator,
                new ChainedPolicy(1, 1), RunLimits.DEFAULT.withMaxAttempts(1).withCallTimeout(Duration.ofSeconds(1)), 3);
        List<Usage> handed = new ArrayList<>();

        assertThatThrownBy(() -> episode.run(q, new SimulatedClock(3), handed::add)).isInstanceOf(RuntimeException.class);

        assertThat(handed).singleElement().extracting(Usage::costUsd, DOUBLE).isCloseTo(0.01 + 0.02, within(1e-12));
    }

    @Test
    void theUnreadEntryTakesTheNextLedgerId() {
        EpisodeResult r = run(0.5);
        long unreadId = unread(r).id();
        List<Long> others = r.run().ledger().stream().filter(e -> !HotpotEpisode.UNREAD_LABEL.equals(e.label()))
                .map(LedgerEntry::id).toList();
        assertThat(others).isNotEmpty().doesNotHaveDuplicates();
        assertThat(unreadId).isEqualTo(others.stream().mapToLong(Long::longValue).max().orElseThrow() + 1);
    }

    @Test
    void aPipelineStillRunningLastsUntilTheEndOfTheRun() {
        // the search takes 0.15 s: the run ends at 2.15 s, while the draft (due at 2.2 s) is under way
        EpisodeResult r = run(0.15);
        LedgerEntry e = unread(r);
        assertThat(e.startNanos()).isEqualTo(Clock.nanos(2.0));
        assertThat(e.endNanos()).isEqualTo(Clock.nanos(2.15));
        assertThat(e.fate()).isEqualTo(Fate.CANCELLED);
        assertThat(e.usage().costUsd()).as("the guess, and the draft charged at its cancel")
                .isCloseTo(0.01 + 0.02, within(1e-12));
        assertThat(r.run().figures().speculativeSeconds()).isEqualTo(2.15);
        assertThat(r.run().figures().peakConcurrency()).isEqualTo(2);
    }
}
