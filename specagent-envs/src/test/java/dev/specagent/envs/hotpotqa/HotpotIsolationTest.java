package dev.specagent.envs.hotpotqa;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.corpus.LocalWiki;
import dev.specagent.envs.hotpotqa.corpus.WikiPage;
import dev.specagent.envs.hotpotqa.react.ReactStep;
import dev.specagent.envs.hotpotqa.react.ScriptedThinker;
import dev.specagent.envs.hotpotqa.react.ThoughtAction;
import dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator;
import dev.specagent.envs.hotpotqa.speculate.LocalCorpusGuesser;
import dev.specagent.envs.hotpotqa.speculate.ScriptedDrafter;
import dev.specagent.envs.hotpotqa.tools.ToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed agent never sees a speculative search or lookup: run on the real
 * {@link dev.specagent.core.runner.SpeculativeRunner} with a {@link SimulatedClock}, drafted actions
 * run in forks of the Wikipedia state, and the committed trajectory equals the sequential run's.
 */
class HotpotIsolationTest {

    static final LocalWiki WIKI = LocalWiki.of(List.of(
            new WikiPage("Alpha", "Alpha is a city on a river. The mayor is Bob. The former mayor was Dan.",
                    WikiPage.Source.DISTRACTOR),
            new WikiPage("Beta", "Beta is a town. Beta has a mayor named Carol. Kay festival happens in Beta.",
                    WikiPage.Source.DISTRACTOR),
            new WikiPage("Gamma", "Gamma is a village. It lies near Alpha.", WikiPage.Source.DISTRACTOR)),
            List.of());
    static final HotpotQuestion Q = new HotpotQuestion("q1", "Who is the mayor of Alpha?", "Bob");

    static List<ThoughtAction> script(String... actions) {
        List<ThoughtAction> out = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            out.add(new ThoughtAction("thought " + (i + 1), actions[i]));
        }
        return out;
    }

    static EpisodeResult run(List<ThoughtAction> script, List<List<String>> drafts, SpeculationPolicy policy,
                             long seed) {
        DraftingSpeculator speculator = new DraftingSpeculator(new LocalCorpusGuesser(WIKI),
                new ScriptedDrafter(Map.of(Q.id(), drafts), 0.2));
        HotpotEpisode episode = new HotpotEpisode(new WikiTools(WIKI), ToolLatency.fixed(0.5, 0.1),
                new ScriptedThinker(Map.of(Q.id(), script), 3.0), speculator, policy, RunLimits.DEFAULT, 7);
        return episode.run(Q, new SimulatedClock(seed));
    }

    static List<String> observations(EpisodeResult r) {
        return r.run().finalState().steps().stream().map(ReactStep::observation).toList();
    }

    @Test
    void aWrongSpeculativeSearchNeverChangesThePageTheCommittedLookupReads() {
        List<ThoughtAction> script = script("Search[Alpha]", "Lookup[mayor]", "Finish[Bob]");
        // while Search[Alpha] is slow, the drafts say the next action is Search[Beta] or Lookup[kay]
        List<List<String>> drafts = List.of(List.of(), List.of("Search[Beta]", "Lookup[kay]"));
        EpisodeResult speculative = run(script, drafts, new Algorithm1Policy(2), 1);
        EpisodeResult sequential = run(script, drafts, new SequentialPolicy(), 1);

        assertThat(observations(speculative)).containsExactly(
                "Alpha is a city on a river. The mayor is Bob. The former mayor was Dan..", // the reference doubles a final full stop
                "(Result 1 / 2) The mayor is Bob.");
        assertThat(observations(speculative)).isEqualTo(observations(sequential));
        assertThat(speculative.answer()).isEqualTo("Bob");
        assertThat(speculative.score().exactMatch()).isTrue();

        // the speculative search of Beta did run to completion (in its fork) before the committed lookup
        List<LedgerEntry> branches = speculative.run().ledger().stream().filter(e -> e.role() == Role.BRANCH).toList();
        assertThat(branches).extracting(LedgerEntry::label).contains("search", "lookup");
        assertThat(branches).allMatch(e -> e.fate() == Fate.WASTED || e.fate() == Fate.CANCELLED);
        LedgerEntry betaSearch = branches.stream().filter(e -> e.label().equals("search")).findFirst().orElseThrow();
        LedgerEntry committedLookup = speculative.run().ledger().stream()
                .filter(e -> e.role() == Role.ACTOR && e.label().equals("lookup")).findFirst().orElseThrow();
        assertThat(betaSearch.fate()).isEqualTo(Fate.WASTED);
        assertThat(betaSearch.endNanos()).isLessThan(committedLookup.startNanos());
        assertThat(speculative.run().figures().hits()).isZero();
    }

    @Test
    void aWrongSpeculativeLookupNeverAdvancesTheCommittedCursor() {
        // a failed search keeps the page and the cursor, so a leaked lookup of "mayor" would show result 2
        List<ThoughtAction> script = script("Search[Alpha]", "Search[Nowhere Land]", "Lookup[mayor]", "Finish[Bob]");
        List<List<String>> drafts = List.of(List.of(), List.of("Lookup[mayor]"), List.of());
        EpisodeResult speculative = run(script, drafts, new Algorithm1Policy(1), 4);
        EpisodeResult sequential = run(script, drafts, new SequentialPolicy(), 4);

        assertThat(observations(speculative).get(2)).isEqualTo("(Result 1 / 2) The mayor is Bob.");
        assertThat(observations(speculative)).isEqualTo(observations(sequential));
        LedgerEntry speculativeLookup = speculative.run().ledger().stream()
                .filter(e -> e.role() == Role.BRANCH && e.label().equals("lookup")).findFirst().orElseThrow();
        assertThat(speculativeLookup.fate()).isEqualTo(Fate.WASTED);
    }

    @Test
    void aMatchingDraftIsAdoptedAndItsForkBecomesTheCommittedCursor() {
        List<ThoughtAction> script = script("Search[Alpha]", "Lookup[mayor]", "Lookup[mayor]", "Finish[Bob]");
        List<List<String>> drafts = List.of(List.of(), List.of("lookup[MAYOR]"));
        EpisodeResult speculative = run(script, drafts, new Algorithm1Policy(1), 2);
        EpisodeResult sequential = run(script, drafts, new SequentialPolicy(), 2);

        assertThat(observations(speculative)).containsExactly(
                "Alpha is a city on a river. The mayor is Bob. The former mayor was Dan..", // the reference doubles a final full stop
                "(Result 1 / 2) The mayor is Bob.",
                "(Result 2 / 2) The former mayor was Dan..");
        assertThat(observations(speculative)).isEqualTo(observations(sequential));
        assertThat(speculative.run().figures().hits()).isEqualTo(1);
        assertThat(speculative.run().figures().speculativeSeconds())
                .isLessThan(sequential.run().figures().speculativeSeconds());
    }

    @Test
    void randomScriptsAndDraftsGiveTheSequentialTrajectory() {
        randomScriptsUnder(() -> new Algorithm1Policy(3));
    }

    @Test
    void randomScriptsAndDraftsGiveTheSequentialTrajectoryUnderTheLiveCommandsPolicyAndUnboundedChains() {
        randomScriptsUnder(() -> new ChainedPolicy(3, 1)); // what `specagent hotpotqa` and the replay on the runner use
        randomScriptsUnder(() -> new ChainedPolicy(3)); // drafted searches chained as deep as they go
    }

    /** 40 seeded scripts and drafts under {@code policy}: the sequential trajectory, never slower, and not vacuously. */
    private static void randomScriptsUnder(Supplier<SpeculationPolicy> policy) {
        String[] entities = {"Alpha", "Beta", "Gamma", "Delta"};
        String[] keywords = {"mayor", "is", "kay", "river", "alpha"};
        long hits = 0;
        long wastedBranches = 0;
        for (long seed = 0; seed < 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<String> actions = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                actions.add(randomAction(random, entities, keywords));
            }
            actions.add("Finish[x]");
            List<List<String>> drafts = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                List<String> d = new ArrayList<>();
                int k = random.nextInt(4);
                for (int j = 0; j < k; j++) {
                    // half of the drafts copy the real next action: hits must be as safe as misses
                    d.add(random.nextBoolean() && i < actions.size() ? actions.get(i)
                            : randomAction(random, entities, keywords));
                }
                drafts.add(d);
            }
            List<ThoughtAction> script = script(actions.toArray(String[]::new));
            EpisodeResult speculative = run(script, drafts, policy.get(), seed);
            EpisodeResult sequential = run(script, drafts, new SequentialPolicy(), seed);
            assertThat(observations(speculative)).as("seed %d, actions %s, drafts %s", seed, actions, drafts)
                    .isEqualTo(observations(sequential));
            assertThat(speculative.answer()).isEqualTo(sequential.answer());
            assertThat(speculative.run().figures().speculativeSeconds())
                    .isLessThanOrEqualTo(sequential.run().figures().speculativeSeconds() + 1e-9);
            hits += speculative.run().figures().hits();
            wastedBranches += speculative.run().ledger().stream()
                    .filter(e -> e.role() == Role.BRANCH && e.fate() == Fate.WASTED).count();
        }
        // branches were adopted and others ran to completion in their forks: the equality above was put to the test
        assertThat(hits).isPositive();
        assertThat(wastedBranches).isPositive();
    }

    private static String randomAction(SplittableRandom random, String[] entities, String[] keywords) {
        return random.nextBoolean() ? "Search[" + entities[random.nextInt(entities.length)] + "]"
                : "Lookup[" + keywords[random.nextInt(keywords.length)] + "]";
    }
}
