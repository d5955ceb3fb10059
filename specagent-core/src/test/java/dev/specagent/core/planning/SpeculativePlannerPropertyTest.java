package dev.specagent.core.planning;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.FigureTotals;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.DynamicDepth;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.depth.OracleDepth;
import dev.specagent.core.planning.depth.PredictorSettings;
import dev.specagent.core.planning.depth.ScheduledGateDepth;
import dev.specagent.core.planning.depth.Speculation;
import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import dev.specagent.core.sim.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * Seeded random property tests of the planner on the simulated clock: for many random worlds and
 * every kind of depth policy, the committed plan is the target-only plan, nothing leaks, the ledger
 * adds up to what the agents charged and every cancel reached an agent.
 */
class SpeculativePlannerPropertyTest {

    private static final int SEEDS = 150;

    private static List<List<String>> run(ScriptedPlanningWorld world, DepthPolicy policy, SimulatedClock clock,
                                          Ledger ledger, int maxSteps) {
        return run(world, policy, clock, ledger, maxSteps, false);
    }

    private static List<List<String>> run(ScriptedPlanningWorld world, DepthPolicy policy, SimulatedClock clock,
                                          Ledger ledger, int maxSteps, boolean lean) {
        return plan(world, policy, clock, ledger, maxSteps, lean).stream().map(PlanResult::steps).toList();
    }

    private static List<PlanResult> plan(ScriptedPlanningWorld world, DepthPolicy policy, SimulatedClock clock,
                                         Ledger ledger, int maxSteps, boolean lean) {
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(policy).clock(clock).ledger(ledger).maxSteps(maxSteps).lean(lean).build();
        List<PlanResult> results = new ArrayList<>();
        for (TaskScript s : world.scripts()) {
            results.add(planner.plan(s.task()));
        }
        return results;
    }

    @Test
    void committedPlanIsTheTargetOnlyPlanAndTheLedgerAddsUp() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            int maxSteps = 3 + (int) (seed % 10);
            ScriptedPlanningWorld reference = RandomScripts.world(seed, 4);
            List<List<String>> targetOnly = run(reference, FixedDepth.targetOnly(), new SimulatedClock(seed),
                    new Ledger(), maxSteps);
            for (int kind = 0; kind < RandomDepthPolicies.KINDS; kind++) {
                ScriptedPlanningWorld world = RandomScripts.world(seed, 4);
                SimulatedClock clock = new SimulatedClock(seed * 13 + kind);
                Ledger ledger = new Ledger();
                DepthPolicy policy = RandomDepthPolicies.of(kind, clock, world, seed);
                boolean lean = (seed + kind) % 3 == 0;
                List<PlanResult> results = plan(world, policy, clock, ledger, maxSteps, lean);
                List<List<String>> plans = results.stream().map(PlanResult::steps).toList();
                String where = "seed " + seed + " policy " + kind + (lean ? " lean" : "");
                assertThat(plans).as(where).isEqualTo(targetOnly);
                assertThat(world.inFlight()).as(where + " in flight").isZero();
                assertThat(ledger.unsettledCount()).as(where + " unsettled").isZero();
                List<LedgerEntry> entries = ledger.entries();
                Usage total = entries.stream().map(LedgerEntry::usage).reduce(Usage.ZERO, Usage::plus);
                assertThat(total.promptTokens()).as(where).isEqualTo(world.charged().promptTokens());
                assertThat(total.completionTokens()).as(where).isEqualTo(world.charged().completionTokens());
                assertThat(total.costUsd()).as(where).isCloseTo(world.charged().costUsd(), offset(1e-12));
                FigureTotals.assertAddUp(where, entries);
                long cancelled = entries.stream().filter(e -> e.fate() == Fate.CANCELLED).count();
                assertThat(world.cancels()).as(where + " cancels reached the agents").isEqualTo(cancelled);
                long calls = entries.stream().filter(e -> e.role() != Role.PREDICTOR).count();
                assertThat(world.started()).as(where + " every call is in the ledger").isEqualTo(calls);
                long committedTargets = entries.stream()
                        .filter(e -> e.role() == Role.TARGET && e.fate() == Fate.COMMITTED).count();
                assertThat(committedTargets).as(where).isEqualTo(plans.stream().mapToLong(List::size).sum());
                assertNothingRunsPastAKnownMismatch(entries, where);
                List<EpisodeRecord> episodes = results.stream()
                        .flatMap(p -> p.episodes().stream()).toList();
                assertThat(entries).as(where + ": committed drafts are the accepted ones")
                        .filteredOn(e -> e.role() == Role.APPROXIMATION && e.fate() == Fate.COMMITTED)
                        .hasSize(episodes.stream().mapToInt(EpisodeRecord::accepted).sum());
                assertThat(entries).as(where + ": one depth entry per episode, holding its k")
                        .filteredOn(e -> e.role() == Role.PREDICTOR).extracting(LedgerEntry::depth)
                        .containsExactlyElementsOf(episodes.stream()
                                .map(EpisodeRecord::depth).toList());
                assertThat(episodes).as(where + ": k never exceeds the steps left")
                        .allMatch(e -> e.depth() <= maxSteps - e.start().size());
                if (policy instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }

    /**
     * Hung agents and a call timeout: calls of either agent hang at random (never report, end only when cancelled),
     * and calls slower than the timeout time out too. A task's plan is the target-only plan unless a target call on
     * a prefix of that plan hangs or outlasts the timeout; then planning fails at the first such prefix, naming the
     * call, with exactly the target-only steps before it committed. Nothing is in flight or unsettled after any
     * plan, every hung call was cancelled, no call ran past the timeout, no committed draft is a timed-out one, and
     * the ledger adds up to what the agents charged. Half the planners retry target calls (maxAttempts 2): a hung or
     * slow call is so on every attempt, so the plan fails at the same prefix, naming the attempts.
     */
    @Test
    void hungOrSlowCallsTimeOutAndThePlanIsTheTargetOnlyPlanOrFailsCleanly() {
        int[] failed = {0};
        int[] finished = {0};
        long[] draftsTimedOut = {0};
        Seeds.each(SEEDS, seed -> {
            int maxSteps = 3 + (int) (seed % 10);
            SplittableRandom r = new SplittableRandom(seed * 7919 + 1);
            double hangRate = r.nextDouble() * 0.25;
            long timeout = Clock.nanos(1 + r.nextDouble() * 30);
            ScriptedPlanningWorld reference = RandomScripts.world(seed, 4);
            List<List<String>> targetOnly = run(reference, FixedDepth.targetOnly(), new SimulatedClock(seed),
                    new Ledger(), maxSteps);
            HangingAgents oracle = new HangingAgents(seed, hangRate);
            for (int kind = 0; kind < RandomDepthPolicies.KINDS; kind++) {
                ScriptedPlanningWorld world = RandomScripts.world(seed, 4);
                HangingAgents hanging = new HangingAgents(seed, hangRate);
                SimulatedClock clock = new SimulatedClock(seed * 13 + kind);
                Ledger ledger = new Ledger();
                DepthPolicy policy = RandomDepthPolicies.of(kind, clock, world, seed);
                boolean lean = (seed + kind) % 3 == 0;
                int attempts = 1 + (int) ((seed + kind) % 2); // a hung or slow target call is so on every attempt
                SpeculativePlanner planner = SpeculativePlanner.builder()
                        .approximation(hanging.wrap(world.approximation(), HangingAgents.APPROXIMATION))
                        .target(hanging.wrap(world.target(), HangingAgents.TARGET)).policy(policy).clock(clock)
                        .ledger(ledger).maxSteps(maxSteps).lean(lean).callTimeoutNanos(timeout)
                        .maxAttempts(attempts).build();
                String where = "policy " + kind + (lean ? " lean" : "") + " attempts " + attempts;
                long committedSteps = 0;
                for (int t = 0; t < world.scripts().size(); t++) {
                    PlanningTask task = world.scripts().get(t).task();
                    List<String> expected = targetOnly.get(t);
                    int failsAt = -1;
                    for (int j = 0; j < expected.size() && failsAt < 0; j++) {
                        List<String> prefix = expected.subList(0, j);
                        long takes = Math.max(1_000_000, Clock.nanos(
                                reference.targetCall(task, prefix).latencySeconds()));
                        if (oracle.hangs(HangingAgents.TARGET, task, prefix) || takes >= timeout) {
                            failsAt = j;
                        }
                    }
                    String at = where + " task " + task.id();
                    try {
                        PlanResult result = planner.plan(task);
                        assertThat(failsAt).as(at + ": planned " + result.steps() + " through a target call that "
                                + "hangs or outlasts the timeout").isEqualTo(-1);
                        assertThat(result.steps()).as(at).isEqualTo(expected);
                        committedSteps += result.steps().size();
                        finished[0]++;
                    } catch (PlanningFailedException e) {
                        assertThat(failsAt).as(at + ": failed: " + e.getMessage()).isNotNegative();
                        assertThat(e.committed()).as(at + ": committed before the failure")
                                .isEqualTo(expected.subList(0, failsAt));
                        assertThat(e).as(at).hasMessageContaining("the target's call 'verify step " + (failsAt + 1)
                                + "' on task '" + task.id() + "' timed out after " + timeout / 1e9 + " s");
                        if (attempts > 1) {
                            assertThat(e).as(at).hasMessageContaining("the target's call 'verify step " + (failsAt + 1)
                                    + "' on task '" + task.id() + "' failed " + attempts + " times");
                        }
                        committedSteps += e.committed().size();
                        failed[0]++;
                    }
                    assertThat(world.inFlight()).as(at + ": in flight").isZero();
                    assertThat(hanging.inFlight()).as(at + ": hung calls in flight").isZero();
                    assertThat(ledger.unsettledCount()).as(at + ": unsettled").isZero();
                }
                List<LedgerEntry> entries = ledger.entries();
                Usage total = entries.stream().map(LedgerEntry::usage).reduce(Usage.ZERO, Usage::plus);
                Usage charged = world.charged().plus(hanging.charged());
                assertThat(total.promptTokens()).as(where).isEqualTo(charged.promptTokens());
                assertThat(total.completionTokens()).as(where).isEqualTo(charged.completionTokens());
                assertThat(total.costUsd()).as(where).isCloseTo(charged.costUsd(), offset(1e-12));
                FigureTotals.assertAddUp(where, entries);
                assertThat(hanging.cancels()).as(where + ": every hung call was cancelled").isEqualTo(hanging.started());
                long cancelled = entries.stream().filter(e -> e.fate() == Fate.CANCELLED).count();
                assertThat(world.cancels() + hanging.cancels()).as(where + " cancels reached the agents")
                        .isEqualTo(cancelled);
                long calls = entries.stream().filter(e -> e.role() != Role.PREDICTOR).count();
                assertThat(world.started() + hanging.started()).as(where + " every call is in the ledger").isEqualTo(calls);
                assertThat(entries).as(where + ": no call runs past the timeout")
                        .allSatisfy(e -> assertThat(e.durationNanos()).isLessThanOrEqualTo(timeout));
                assertThat(entries).as(where + ": a committed call ended before its timeout")
                        .filteredOn(e -> e.fate() == Fate.COMMITTED && e.role() != Role.PREDICTOR)
                        .allSatisfy(e -> assertThat(e.durationNanos()).isLessThan(timeout));
                assertThat(entries).as(where + ": committed targets")
                        .filteredOn(e -> e.role() == Role.TARGET && e.fate() == Fate.COMMITTED).hasSize((int) committedSteps);
                assertNothingRunsPastAKnownMismatch(entries, where);
                draftsTimedOut[0] += entries.stream().filter(e -> e.role() == Role.APPROXIMATION
                        && e.fate() == Fate.CANCELLED && e.durationNanos() == timeout).count();
                if (policy instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        });
        assertThat(draftsTimedOut[0]).as("drafts cancelled at their timeout").isPositive();
        assertThat(failed[0]).as("plans failed at a timed-out target call").isPositive();
        assertThat(finished[0]).as("plans finished despite hung or slow calls").isPositive();
    }

    /**
     * On the first mismatch the later work is cancelled at once: in every episode, let j be the first step whose
     * target call was committed while its reported draft was not (the target rejected it); from the instant both
     * were known, no call of the episode past step j runs on. The ledger is settled episode by episode (the
     * episode's depth entry, then its calls), and a call's label names its prefix length, so step i of an episode
     * is label - (label of its first verification) + 1. Also: an episode of depth k >= 1 drafts at least one step.
     */
    private static void assertNothingRunsPastAKnownMismatch(List<LedgerEntry> entries, String where) {
        List<List<LedgerEntry>> episodes = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        for (LedgerEntry e : entries) {
            if (e.role() == Role.PREDICTOR) {
                episodes.add(new ArrayList<>());
                depths.add(e.depth());
            } else {
                episodes.getLast().add(e);
            }
        }
        for (int n = 0; n < episodes.size(); n++) {
            List<LedgerEntry> episode = episodes.get(n);
            if (depths.get(n) >= 1) {
                assertThat(episode).as(where + ": an episode of depth " + depths.get(n) + " drafts (lean or not)")
                        .anyMatch(e -> e.role() == Role.APPROXIMATION);
            }
            int base = episode.stream().filter(e -> e.role() == Role.TARGET).mapToInt(e -> prefixLength(e)).min()
                    .orElse(Integer.MAX_VALUE);
            Map<Integer, LedgerEntry> checks = new HashMap<>();
            Map<Integer, LedgerEntry> drafts = new HashMap<>();
            for (LedgerEntry e : episode) {
                (e.role() == Role.TARGET ? checks : drafts).put(prefixLength(e) - base + 1, e);
            }
            for (int j = 1; checks.containsKey(j); j++) {
                LedgerEntry check = checks.get(j);
                LedgerEntry draft = drafts.get(j);
                if (check.fate() != Fate.COMMITTED || draft == null || draft.fate() == Fate.COMMITTED
                        || draft.fate() == Fate.CANCELLED) {
                    continue;
                }
                long known = Math.max(check.endNanos(), draft.endNanos());
                int mismatch = j;
                assertThat(episode).as(where + ": calls past the mismatch at step " + j + " known at " + known + " ns")
                        .filteredOn(e -> prefixLength(e) - base + 1 > mismatch)
                        .allSatisfy(e -> assertThat(e.endNanos()).isLessThanOrEqualTo(known));
                break;
            }
        }
    }

    private static int prefixLength(LedgerEntry e) {
        return Integer.parseInt(e.label().substring(e.label().lastIndexOf(' ') + 1));
    }

    @Test
    void aMismatchCancelsTheLaterCallsAtOnce() {
        // plan X Y TERMINATE; the approximation drafts X then W (wrong) then ...: with k = 4 the episode
        // launches drafts 1..3 and verifications 1..3; the mismatch at 2 cancels draft 3 and verification 3.
        TaskScript script = new TaskScript(new PlanningTask("t", "task"), List.of("X", "Y", "TERMINATE"),
                List.of("X", "W", "TERMINATE"));
        ScriptedPlanningWorld world = new ScriptedPlanningWorld(List.of(script),
                new CallProfile(1, 0, 100, 0, 10, 0),
                new CallProfile(6, 0, 500, 0, 100, 0),
                TokenPricing.GPT_4_1_MINI, List.of("X", "Y", "W"), 1);
        SimulatedClock clock = new SimulatedClock(3);
        Ledger ledger = new Ledger();
        List<List<String>> plans = run(world, new FixedDepth(4), clock, ledger, 20);
        assertThat(plans).containsExactly(List.of("X", "Y", "TERMINATE"));
        assertThat(world.cancels()).isGreaterThan(0);
        List<LedgerEntry> first = ledger.entries().stream().filter(e -> e.role() != Role.PREDICTOR).toList();
        assertThat(first).anyMatch(e -> e.fate() == Fate.CANCELLED && e.role() == Role.TARGET);
        // the first episode ends when verification 2 returns at t = 7 s (draft 1 took 1 s)
        long cancelledAt = first.stream().filter(e -> e.fate() == Fate.CANCELLED).mapToLong(LedgerEntry::endNanos).min().orElseThrow();
        assertThat(cancelledAt).isEqualTo(7_000_000_000L);
    }

    /**
     * A verification that finishes at the very instant the mismatch before it cancels it is charged what it
     * reported, even by an agent whose cancel then returns nothing (its work was already done). Plan X Y
     * TERMINATE; drafts X, W, TERMINATE take 1 s; verification 3 (on X W) starts at 2 s and takes 5 s, so it ends
     * at 7 s with verification 2, whose Y rejects W; the seed orders the two events.
     */
    @Test
    void aCallCancelledAtTheInstantItFinishesIsChargedWhatItReported() {
        int finishedFirst = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Usage[] charged = {Usage.ZERO};
            int[] cancels = {0};
            StepAgent target = (task, prefix, clock, done) -> {
                String step = switch (String.join(",", prefix)) {
                    case "" -> "X";
                    case "X" -> "Y";
                    case "X,Y" -> PlanSteps.TERMINATE;
                    default -> "Z";
                };
                return scripted(clock, done, prefix.equals(List.of("X", "W")) ? 5 : 6, step, Usage.ofCost(0.01),
                        charged, cancels);
            };
            StepAgent approximation = (task, prefix, clock, done) -> {
                String step = switch (String.join(",", prefix)) {
                    case "" -> "X";
                    case "X" -> "W";
                    default -> PlanSteps.TERMINATE;
                };
                return scripted(clock, done, 1, step, Usage.ofCost(0.001), charged, cancels);
            };
            Ledger ledger = new Ledger();
            PlanResult result = SpeculativePlanner.builder().approximation(approximation).target(target)
                    .policy(new FixedDepth(3)).clock(new SimulatedClock(seed)).ledger(ledger).build()
                    .plan(new PlanningTask("t", "task"));
            assertThat(result.steps()).containsExactly("X", "Y", PlanSteps.TERMINATE);
            assertThat(ledger.unsettledCount()).isZero();
            double cost = ledger.entries().stream().mapToDouble(e -> e.usage().costUsd()).sum();
            assertThat(cost).as("seed " + seed + ": the ledger's cost is what the agents charged")
                    .isCloseTo(charged[0].costUsd(), offset(1e-12));
            LedgerEntry third = ledger.entries().stream()
                    .filter(e -> e.role() == Role.TARGET && e.label().equals("verify step 3") && e.startNanos() == 2_000_000_000L)
                    .findFirst().orElseThrow();
            assertThat(third.fate()).as("seed " + seed).isNotEqualTo(Fate.COMMITTED);
            finishedFirst += cancels[0] == 0 ? 1 : 0;
        }
        assertThat(finishedFirst).as("seeds whose verification finished before the cancel").isPositive();
        assertThat(finishedFirst).as("seeds whose cancel came first").isLessThan(40);
    }

    /** An agent call that answers {@code step} after {@code seconds}; a cancel after it finished returns nothing. */
    private static CallHandle scripted(Clock clock,
            Completion<String> done, double seconds, String step, Usage full,
            Usage[] charged, int[] cancels) {
        Clock.Timer timer = clock.schedule(Clock.nanos(seconds), () -> {
            charged[0] = charged[0].plus(full);
            done.succeed(step, full);
        });
        return () -> {
            if (!timer.cancel()) {
                return Usage.ZERO;
            }
            cancels[0]++;
            Usage half = Usage.ofCost(full.costUsd() / 2);
            charged[0] = charged[0].plus(half);
            return half;
        };
    }

    /** Lean mode drafts one step less per episode of depth >= 2 and keeps the same plan and timing. */
    @Test
    void leanModeSavesTheLastDraftOfEachEpisode() {
        long totalPaper = 0;
        long totalLean = 0;
        long totalDeep = 0;
        for (long seed = 1; seed <= 30; seed++) {
            ScriptedPlanningWorld paper = fastDrafts(seed);
            ScriptedPlanningWorld lean = fastDrafts(seed);
            Ledger paperLedger = new Ledger();
            Ledger leanLedger = new Ledger();
            List<List<String>> a = run(paper, new OracleDepth(paper.oracle()), new SimulatedClock(seed), paperLedger, 12, false);
            List<List<String>> b = run(lean, new OracleDepth(lean.oracle()), new SimulatedClock(seed), leanLedger, 12, true);
            assertThat(b).isEqualTo(a);
            long paperDrafts = paperLedger.entries().stream().filter(e -> e.role() == Role.APPROXIMATION).count();
            long leanDrafts = leanLedger.entries().stream().filter(e -> e.role() == Role.APPROXIMATION).count();
            long deepEpisodes = paperLedger.entries().stream().filter(e -> e.role() == Role.PREDICTOR && e.depth() >= 2).count();
            assertThat(leanDrafts).as("seed " + seed).isLessThanOrEqualTo(paperDrafts);
            totalPaper += paperDrafts;
            totalLean += leanDrafts;
            totalDeep += deepEpisodes;
            long notCommitted = leanLedger.entries().stream()
                    .filter(e -> e.role() == Role.APPROXIMATION && e.fate() != Fate.COMMITTED).count();
            long shallow = leanLedger.entries().stream().filter(e -> e.role() == Role.PREDICTOR && e.depth() == 1).count();
            assertThat(notCommitted).as("the lean oracle wastes only the probes of depth-1 episodes").isLessThanOrEqualTo(shallow);
            assertThat(RunFigures.of(leanLedger.entries()).speculativeSeconds())
                    .isEqualTo(RunFigures.of(paperLedger.entries()).speculativeSeconds());
        }
        assertThat(totalDeep).isPositive();
        assertThat(totalLean).as("drafts saved over all seeds").isLessThan(totalPaper);
    }

    /** A world whose approximation is always faster than its target, so every drafted depth is reached. */
    private static ScriptedPlanningWorld fastDrafts(long seed) {
        return new ScriptedPlanningWorld(RandomScripts.scripts(seed, 4),
                new CallProfile(1, 0.1, 300, 10, 10, 0.1),
                new CallProfile(6, 0.1, 900, 20, 120, 0.3),
                TokenPricing.GPT_4_1_MINI, RandomScripts.TOOLS, seed);
    }

    /** A two-call step cancelled during its first call is charged only the first call's prompt share. */
    @Test
    void aTwoCallStepCancelledEarlyPaysOnlyTheFirstPrompt() {
        CallProfile react = new CallProfile(
                6, 0, 1000, 0, 100, 0, 0.8, 0.4);
        assertThat(react.promptCharged(1000, 0.5)).isEqualTo(400);
        assertThat(react.promptCharged(1000, 0.9)).isEqualTo(1000);
        TaskScript script = new TaskScript(new PlanningTask("t", "task"), List.of("X", "Y", "TERMINATE"),
                List.of("X", "W", "TERMINATE"));
        ScriptedPlanningWorld world = new ScriptedPlanningWorld(List.of(script),
                new CallProfile(1, 0, 100, 0, 10, 0), react,
                TokenPricing.GPT_4_1_MINI, List.of("X", "Y", "W"), 1);
        Ledger ledger = new Ledger();
        run(world, new FixedDepth(4), new SimulatedClock(3), ledger, 20);
        // verification 3 starts at 2 s and is cancelled at 7 s: 5 of 6 s, past the first call (4.8 s)
        assertThat(ledger.entries()).filteredOn(e -> e.role() == Role.TARGET && e.fate() == Fate.CANCELLED)
                .isNotEmpty().allMatch(e -> e.usage().promptTokens() == (e.durationNanos() < 4_800_000_000L ? 400 : 1000));
    }

    /** A policy that stops after the first draft ends each episode at its first verification. */
    @Test
    void aGateThatStopsEndsTheEpisodeAtItsLastVerification() {
        DepthPolicy stopAtOne = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 5;
            }

            @Override
            public boolean continueAfter(DepthQuery start, List<String> drafts) {
                return false;
            }

            @Override
            public String name() {
                return "stop";
            }
        };
        ScriptedPlanningWorld world = fastDrafts(4);
        Ledger ledger = new Ledger();
        List<List<String>> plans = run(world, stopAtOne, new SimulatedClock(4), ledger, 12);
        assertThat(plans).isEqualTo(run(fastDrafts(4), FixedDepth.targetOnly(), new SimulatedClock(4), new Ledger(), 12));
        assertThat(ledger.entries().stream().filter(e -> e.role() == Role.TARGET).allMatch(e -> e.fate() == Fate.COMMITTED))
                .as("no verification beyond the first is launched").isTrue();
    }

    /** A policy that drafts ahead but holds every verification until its prefix is verified. */
    static DepthPolicy draftAheadOnly(int depth) {
        return new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return depth;
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified) {
                return Speculation.DRAFT_AHEAD;
            }

            @Override
            public String name() {
                return "draft-ahead";
            }
        };
    }

    /**
     * Holding the verification past a draft until that draft is verified: the drafts run ahead, a wrong
     * draft costs no target call, and the held verification starts the instant its prefix is verified.
     */
    @Test
    void aHeldVerificationStartsWhenItsPrefixIsVerifiedAndAMissCostsNoTargetCall() {
        // plan X Y Z TERMINATE; drafts X, W (wrong), ...; drafts take 1 s, target steps 6 s
        TaskScript script = new TaskScript(new PlanningTask("t", "task"), List.of("X", "Y", "Z", "TERMINATE"),
                List.of("X", "W", "Z", "TERMINATE"));
        ScriptedPlanningWorld world = new ScriptedPlanningWorld(List.of(script),
                new CallProfile(1, 0, 100, 0, 10, 0),
                new CallProfile(6, 0, 500, 0, 100, 0),
                TokenPricing.GPT_4_1_MINI, List.of("X", "Y", "Z", "W"), 1);
        Ledger ledger = new Ledger();
        List<List<String>> plans = run(world, draftAheadOnly(4), new SimulatedClock(3), ledger, 20);
        assertThat(plans).containsExactly(List.of("X", "Y", "Z", "TERMINATE"));
        List<LedgerEntry> targets = ledger.entries().stream().filter(e -> e.role() == Role.TARGET).toList();
        assertThat(targets).as("every target call is committed: none ran on the wrong draft")
                .allMatch(e -> e.fate() == Fate.COMMITTED).hasSize(4);
        // verification 2 (on the verified draft X) starts when verification 1 ends at 6 s, not when X arrives at 1 s
        assertThat(targets.get(1).startNanos()).isEqualTo(6_000_000_000L);
        assertThat(ledger.entries()).as("drafts ran ahead of the verifications")
                .anyMatch(e -> e.role() == Role.APPROXIMATION && e.fate() != Fate.COMMITTED);
        assertThat(world.inFlight()).isZero();
        assertThat(ledger.unsettledCount()).isZero();
    }

    /**
     * A policy that verifies past a draft only once the next draft has arrived: the planner asks again
     * when a later draft arrives, so each verification starts one draft late and a miss is cancelled
     * earlier in its run.
     */
    @Test
    void aVerificationCanStartOneDraftLate() {
        DepthPolicy oneDraftLate = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 4;
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified, int ahead) {
                return ahead >= 1 ? Speculation.SPECULATE : Speculation.DRAFT_AHEAD;
            }

            @Override
            public String name() {
                return "one-draft-late";
            }
        };
        TaskScript script = new TaskScript(new PlanningTask("t", "task"), List.of("X", "Y", "Z", "TERMINATE"),
                List.of("X", "W", "Z", "TERMINATE"));
        ScriptedPlanningWorld world = new ScriptedPlanningWorld(List.of(script),
                new CallProfile(1, 0, 100, 0, 10, 0),
                new CallProfile(6, 0, 500, 0, 100, 0),
                TokenPricing.GPT_4_1_MINI, List.of("X", "Y", "Z", "W"), 1);
        Ledger ledger = new Ledger();
        List<List<String>> plans = run(world, oneDraftLate, new SimulatedClock(3), ledger, 20);
        assertThat(plans).containsExactly(List.of("X", "Y", "Z", "TERMINATE"));
        List<LedgerEntry> firstEpisode = ledger.entries().stream()
                .filter(e -> e.role() == Role.TARGET && e.startNanos() < 6_000_000_000L).toList();
        // T1 at 0 s; X arrives at 1 s, W at 2 s: T2 (on X) starts at 2 s; draft 3 arrives at 3 s: T3 (on W)
        // at 3 s; draft 4 at 4 s: T4 at 4 s
        assertThat(firstEpisode).extracting(LedgerEntry::startNanos)
                .containsExactly(0L, 2_000_000_000L, 3_000_000_000L, 4_000_000_000L);
        // T2 returns at 8 s and rejects W: T3 is cancelled after 5 s instead of 6
        assertThat(firstEpisode.get(2).fate()).isEqualTo(Fate.CANCELLED);
        assertThat(firstEpisode.get(2).endNanos()).isEqualTo(8_000_000_000L);
        assertThat(world.inFlight()).isZero();
        assertThat(ledger.unsettledCount()).isZero();
    }

    /** The scheduler speculates during its cold start, then holds, and rejects bad thresholds. */
    @Test
    void theSchedulerColdStartsAndValidatesItsThresholds() {
        SimulatedClock clock = new SimulatedClock(1);
        ScheduledGateDepth sched = ScheduledGateDepth.create("s", 0.3, 0.1, 6, PredictorSettings.of(0.5, 1), clock);
        DepthQuery q = new DepthQuery(new PlanningTask("t", "task"), List.of(), List.of(), 20);
        assertThat(sched.depth(q)).isEqualTo(6);
        assertThat(sched.afterDraft(q, List.of("A"), 0)).isEqualTo(Speculation.SPECULATE);
        assertThat(sched.afterDraft(q, List.of("A", "B"), 0)).isEqualTo(Speculation.HOLD);
        sched.close();
        assertThatThrownBy(
                () -> ScheduledGateDepth.create("s", 0.1, 0.3, 6, PredictorSettings.of(0.5, 1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("draftGate");
        assertThatThrownBy(
                () -> ScheduledGateDepth.create("s", 0.3, 0.5, 0.1, 6, PredictorSettings.of(0.5, 1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lateGate");
    }

    @Test
    void determinismForASeed() {
        for (long seed = 1; seed <= 10; seed++) {
            List<LedgerEntry> a = ledgerOf(seed);
            List<LedgerEntry> b = ledgerOf(seed);
            assertThat(a).isEqualTo(b);
        }
    }

    private static List<LedgerEntry> ledgerOf(long seed) {
        ScriptedPlanningWorld world = RandomScripts.world(seed, 5);
        SimulatedClock clock = new SimulatedClock(seed);
        Ledger ledger = new Ledger();
        DynamicDepth policy = DynamicDepth.create("dyn", PredictorSettings.of(0.9, 1), clock);
        run(world, policy, clock, ledger, 12);
        return ledger.entries();
    }

    @Test
    void fuzzyMatcherIsMarkedLossy() {
        ScriptedPlanningWorld world = RandomScripts.world(5, 1);
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(new FixedDepth(2)).clock(new SimulatedClock(1))
                .matcher(StepMatcher.NORMALIZED).build();
        assertThat(planner.plan(world.scripts().getFirst().task()).lossless()).isFalse();
        assertThat(StepMatcher.NORMALIZED.agree("Image Deno-ising", "image denoising")).isTrue();
        assertThat(StepMatcher.EXACT.agree("TerMINATE", "TERMINATE")).isFalse();
        new SplittableRandom(1);
    }
}
