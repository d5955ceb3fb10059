package dev.specagent.core.planning;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.FigureTotals;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.depth.Speculation;
import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Planner rules on hand-written scripts: drafts take 1 s, the target's steps 6 s, no latency spread. */
class SpeculativePlannerTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");

    private static ScriptedPlanningWorld world(List<String> plan, List<String> drafts) {
        return new ScriptedPlanningWorld(List.of(new TaskScript(TASK, plan, drafts)),
                new CallProfile(1, 0, 100, 0, 10, 0), new CallProfile(6, 0, 500, 0, 100, 0),
                TokenPricing.GPT_4_1_MINI, List.of("X"), 1);
    }

    /**
     * A call timeout of Long.MAX_VALUE ns, meant as none, is none: on a simulated clock the plan used to fail at its
     * first call after t = 0 ('a delay of 9.2E9 s at t = 1.0 s is past the simulated clock's range').
     */
    @Test
    void aCallTimeoutOfLongMaxValueIsNoneOnASimulatedClock() {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, List.of("X", "W", "TERMINATE"));
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                .policy(new FixedDepth(2)).clock(new SimulatedClock(1)).callTimeoutNanos(Long.MAX_VALUE).build()
                .plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
    }

    /**
     * Planners built from one builder (one per request, each on its own clock) each have a ledger of their own, as
     * {@code ledger()} says: they used to share the one ledger the builder made, so each planner's figures held the
     * calls of every other.
     */
    @Test
    void plannersBuiltFromOneBuilderHaveALedgerEach() {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        SpeculativePlanner.Builder builder = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(new FixedDepth(2));
        SpeculativePlanner first = builder.clock(new SimulatedClock(1)).build();
        SpeculativePlanner second = builder.clock(new SimulatedClock(2)).build();
        first.plan(TASK);
        int firstEntries = first.ledger().entries().size();
        second.plan(TASK);
        assertThat(second.ledger()).isNotSameAs(first.ledger());
        assertThat(first.ledger().entries()).as("the first planner's ledger after the second planned").hasSize(firstEntries);
        assertThat(second.ledger().entries()).hasSize(firstEntries);
    }

    /**
     * A plan whose thread was interrupted as it started fails having started nothing, and stays failed: its first
     * episode used to stay queued on the real clock and start on the next plan's loop, calling the agents for the
     * failed task and charging them to the planner's ledger.
     */
    @Test
    @Timeout(10)
    void aPlanInterruptedAsItStartsCallsNothingEvenOnTheNextPlansLoop() {
        List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        StepAgent agent = StepAgent.blocking((task, prefix) -> {
            asked.add(task.id() + " " + prefix);
            return prefix.isEmpty() ? "X" : "TERMINATE";
        });
        try (RealClock clock = new RealClock()) {
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(agent).target(agent)
                    .policy(new FixedDepth(1)).clock(clock).build();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> planner.plan(new PlanningTask("interrupted", "task")))
                    .isInstanceOf(PlanningFailedException.class).hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();

            PlanResult next = planner.plan(TASK);

            assertThat(next.steps()).containsExactly("X", "TERMINATE");
            assertThat(asked).allSatisfy(call -> assertThat(call).startsWith("t "));
            assertThat(planner.ledger().entries()).hasSize(6); // two episodes: a depth entry, a draft and a check each
        }
    }

    @Test
    void aTargetFailureOnADraftTheTargetRejectsDoesNotFailThePlan() {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, List.of("W", "Y", "TERMINATE"));
        StepAgent target = world.target();
        // the target fails only on the prefix [W], which planning with the target alone never asks
        StepAgent failingOffPlan = (task, prefix, clock, done) -> {
            if (prefix.equals(List.of("W"))) {
                clock.schedule(Clock.nanos(2), () -> done.fail(new IllegalStateException("HTTP 500"), Usage.ZERO));
                return CallHandle.NONE;
            }
            return target.propose(task, prefix, clock, done);
        };
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(failingOffPlan)
                .policy(new FixedDepth(3)).clock(new SimulatedClock(1)).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
    }

    @Test
    void agentsThatThrowOnStartFailThatCallAsIfTheyHadReportedTheFailure() {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        StepAgent approximation = world.approximation();
        StepAgent target = world.target();
        // the approximation cannot start its second draft, nor the target a check off the target-only plan
        StepAgent throwingDraft = (task, prefix, clock, done) -> {
            if (prefix.equals(List.of("X"))) {
                throw new IllegalStateException("connection refused");
            }
            return approximation.propose(task, prefix, clock, done);
        };
        Ledger ledger = new Ledger();
        PlanResult r = SpeculativePlanner.builder().approximation(throwingDraft).target(target)
                .policy(new FixedDepth(3)).clock(new SimulatedClock(1)).ledger(ledger).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(ledger.entries()).allSatisfy(e -> assertThat(e.fate()).isNotNull());

        StepAgent throwingCheck = (task, prefix, clock, done) -> {
            if (prefix.equals(List.of("X"))) {
                throw new IllegalStateException("connection refused");
            }
            return target.propose(task, prefix, clock, done);
        };
        assertThatThrownBy(() -> SpeculativePlanner.builder().approximation(world.approximation())
                .target(throwingCheck).policy(new FixedDepth(3)).clock(new SimulatedClock(1)).build().plan(TASK))
                .isInstanceOf(PlanningFailedException.class).hasMessageContaining("connection refused");
    }

    @Test
    void aLossyMatchOfATerminateDraftEndsTheEpisodeAndThePlanFollowsTheTarget() {
        List<String> plan = List.of("X", "Terminate", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, List.of("X", "TERMINATE", "Y", "TERMINATE"));
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                .policy(new FixedDepth(4)).matcher(StepMatcher.NORMALIZED).clock(new SimulatedClock(1)).build()
                .plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
    }

    @Test
    void aFuzzyMatcherClaimingLosslessIsMarkedLossyOnceItAcceptsAnUnequalDraft() {
        StepMatcher ignoresCase = new StepMatcher() {
            @Override
            public boolean agree(String drafted, String verified) {
                return drafted != null && drafted.equalsIgnoreCase(verified);
            }

            @Override
            public boolean lossless() {
                return true; // wrongly
            }
        };
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        // the target answers off its plan on the draft's spelling "x", so the committed plan is not the target's
        PlanResult sloppy = SpeculativePlanner.builder().approximation(world(plan, List.of("x", "Y", "Z", "TERMINATE"))
                        .approximation()).target(world(plan, plan).target()).policy(new FixedDepth(3))
                .matcher(ignoresCase).clock(new SimulatedClock(1)).build().plan(TASK);
        assertThat(sloppy.steps()).isNotEqualTo(plan);
        assertThat(sloppy.lossless()).isFalse();
        PlanResult exact = SpeculativePlanner.builder().approximation(world(plan, plan).approximation())
                .target(world(plan, plan).target()).policy(new FixedDepth(3)).matcher(ignoresCase)
                .clock(new SimulatedClock(1)).build().plan(TASK);
        assertThat(exact.steps()).isEqualTo(plan);
        assertThat(exact.lossless()).isTrue();
    }

    @Test
    void aNegativeDepthFailsThePlanNamingThePolicyInsteadOfPlanningTargetOnly() {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        DepthPolicy broken = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return query.stepIndex() == 0 ? 2 : -1;
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        Ledger ledger = new Ledger();
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(broken).clock(new SimulatedClock(1)).ledger(ledger).maxSteps(3).build();
        assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                .hasMessageContaining("depth policy 'broken' chose depth -1 for step 2 of task 't' (a depth is at least 0");
        assertThat(ledger.unsettledCount()).isZero();
        assertThat(world.inFlight()).isZero();
    }

    @Test
    void aNullSchedulingAnswerFailsThePlanNamingThePolicy() {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        DepthPolicy answersNull = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 3;
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified) {
                return null;
            }

            @Override
            public String name() {
                return "answers-null";
            }
        };
        Ledger ledger = new Ledger();
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(answersNull).clock(new SimulatedClock(1)).ledger(ledger).build();
        assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                .hasMessageContaining("depth policy 'answers-null' answered afterDraft with null past draft 1 of task 't'");
        assertThat(ledger.unsettledCount()).isZero();
        assertThat(world.inFlight()).isZero();
    }

    @Test
    void aCallCancelledAtTheInstantItFinishesIsChargedInFull() {
        List<String> plan = new ArrayList<>();
        List<String> drafts = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            plan.add("X" + i);
            drafts.add(i == 1 ? "W" : "X" + i);
        }
        plan.add("TERMINATE");
        drafts.add("TERMINATE");
        // no latency spread: the target's checks all finish together, and the mismatch at check 2 cancels
        // the later ones at that instant; some seeds order a check's end before the cancel
        for (long seed = 1; seed <= 60; seed++) {
            ScriptedPlanningWorld world = world(plan, drafts);
            Ledger ledger = new Ledger();
            PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                    .policy(new FixedDepth(9)).clock(new SimulatedClock(seed)).ledger(ledger).build().plan(TASK);
            assertThat(r.steps()).isEqualTo(plan);
            Usage total = ledger.entries().stream().map(LedgerEntry::usage).reduce(Usage.ZERO, Usage::plus);
            assertThat(total.promptTokens()).as("seed " + seed).isEqualTo(world.charged().promptTokens());
            assertThat(total.completionTokens()).as("seed " + seed).isEqualTo(world.charged().completionTokens());
        }
    }

    /**
     * A policy may leave a verification unlaunched below one it launched (draft ahead past draft 1, verify past
     * draft 2). A mismatch found above that gap must still stop the episode at once: nothing may be launched on
     * top of the rejected draft while the slow first verification is still out.
     */
    @Test
    void aMismatchAboveAnUnlaunchedVerificationStopsTheEpisode() {
        List<String> plan = List.of("X", "Y", "Z", "A", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, List.of("X", "Y", "Q", "A", "TERMINATE"));
        List<List<String>> targetPrefixes = new ArrayList<>();
        // the target's first step takes 10 s, every later one 0.5 s
        StepAgent target = (task, prefix, clock, done) -> {
            targetPrefixes.add(List.copyOf(prefix));
            String step = prefix.size() < plan.size() && prefix.equals(plan.subList(0, prefix.size()))
                    ? plan.get(prefix.size()) : "off-plan";
            clock.schedule(Clock.nanos(prefix.isEmpty() ? 10 : 0.5), () -> done.succeed(step, Usage.ZERO));
            return CallHandle.NONE;
        };
        DepthPolicy verifyFromDraftTwo = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 4;
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified) {
                return drafts.size() == 1 ? Speculation.DRAFT_AHEAD : Speculation.SPECULATE;
            }

            @Override
            public String name() {
                return "verify-from-draft-two";
            }
        };
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(target)
                .policy(verifyFromDraftTwo).clock(new SimulatedClock(1)).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        // the check on [X, Y] says Z at 2.5 s, draft 3 says Q at 3 s; the first check is out until 10 s
        assertThat(targetPrefixes).as("nothing is verified on top of the rejected draft Q")
                .noneMatch(prefix -> prefix.contains("Q"));
    }

    /** The target's step after {@code prefix} on {@code plan}, or "off-plan". */
    private static String stepOf(List<String> plan, List<String> prefix) {
        return prefix.size() < plan.size() && prefix.equals(plan.subList(0, prefix.size()))
                ? plan.get(prefix.size()) : "off-plan";
    }

    @Test
    void theFirstReportOfACallWinsEvenWhenASecondComesAtTheSameInstant() {
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        // a target that reports its step, then (a broken agent) another one in the same event: the simulated clock
        // runs same-instant events in an order drawn from its seed, so the second must be ignored where it is made
        StepAgent reportsTwice = (task, prefix, clock, done) -> {
            String step = stepOf(plan, prefix);
            clock.schedule(Clock.nanos(6), () -> {
                done.succeed(step, Usage.ZERO);
                done.succeed("second report", Usage.ZERO);
            });
            return CallHandle.NONE;
        };
        for (long seed = 1; seed <= 20; seed++) {
            for (int k : new int[]{0, 2}) {
                PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(reportsTwice)
                        .policy(new FixedDepth(k)).clock(new SimulatedClock(seed)).build().plan(TASK);
                assertThat(r.steps()).as("seed " + seed + ", k " + k).isEqualTo(plan);
            }
        }
    }

    /** A target answering its plan in 6 s, whose handle is {@code handle} (given the call's timer). */
    private static StepAgent target(List<String> plan, Function<Clock.Timer, CallHandle> handle) {
        return (task, prefix, clock, done) -> {
            String step = stepOf(plan, prefix);
            return handle.apply(clock.schedule(Clock.nanos(6), () -> done.succeed(step, Usage.ZERO)));
        };
    }

    @Test
    void aBrokenCallHandleFailsThePlanNamingTheCallWithEverythingSettled() {
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        // the first draft is wrong, so the mismatch at 6 s cancels the target's checks 2 and 3
        List<String> drafts = List.of("W", "Y", "Z", "TERMINATE");
        record Case(StepAgent target, String message) {
        }
        List<Case> cases = List.of(
                new Case(target(plan, timer -> () -> {
                    timer.cancel();
                    throw new IllegalStateException("socket already closed");
                }), "cancelling the target's call 'verify step 2' on task 't' threw java.lang.IllegalStateException: "
                        + "socket already closed (CallHandle.cancel must not throw)"),
                new Case(target(plan, timer -> () -> {
                    timer.cancel();
                    return null;
                }), "cancelling the target's call 'verify step 2' on task 't': CallHandle.cancel returned a null usage"),
                new Case(target(plan, timer -> null),
                        "the target's call 'verify step 1' on task 't': StepAgent.propose returned a null CallHandle"));
        for (Case c : cases) {
            ScriptedPlanningWorld world = world(plan, drafts);
            Ledger ledger = new Ledger();
            SimulatedClock clock = new SimulatedClock(1);
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                    .target(c.target()).policy(new FixedDepth(3)).clock(clock).ledger(ledger).build();
            assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                    .hasMessageContaining(c.message());
            assertThat(ledger.unsettledCount()).as(c.message()).isZero();
            assertThat(world.inFlight()).as(c.message()).isZero();
        }
    }

    @Test
    void aNullUsageOrStepReportedFailsThePlanNamingTheCall() {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        record Case(StepAgent target, String message) {
        }
        StepAgent nullUsage = (task, prefix, clock, done) -> {
            String step = stepOf(plan, prefix);
            clock.schedule(Clock.nanos(6), () -> done.succeed(step, prefix.size() == 1 ? null : Usage.ZERO));
            return CallHandle.NONE;
        };
        StepAgent nullStep = (task, prefix, clock, done) -> {
            String step = prefix.size() == 1 ? null : stepOf(plan, prefix);
            clock.schedule(Clock.nanos(6), () -> done.succeed(step, Usage.ZERO));
            return CallHandle.NONE;
        };
        for (Case c : List.of(
                new Case(nullUsage, "the target's call 'verify step 2' on task 't' reported success with a null usage "
                        + "(report Usage.ZERO for a call that cost nothing)"),
                new Case(nullStep, "the target's call 'verify step 2' on task 't' reported a null step"))) {
            ScriptedPlanningWorld world = world(plan, plan);
            Ledger ledger = new Ledger();
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                    .target(c.target()).policy(new FixedDepth(2)).clock(new SimulatedClock(1)).ledger(ledger).build();
            assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                    .hasMessageContaining(c.message());
            assertThat(ledger.unsettledCount()).as(c.message()).isZero();
            assertThat(world.inFlight()).as(c.message()).isZero();
        }
    }

    private static final List<String> HUNG_PLAN = List.of("X", "Y", "Z", "TERMINATE");

    /** A planner at depth 2 whose target hangs on [X, Y] (20 s timeout, {@code maxAttempts} attempts). */
    private static SpeculativePlanner hungOnXY(ScriptedPlanningWorld world, int[] cancels, Ledger ledger,
                                               int maxAttempts) {
        return SpeculativePlanner.builder().approximation(world.approximation())
                .target(hangingOn(world.target(), List.of("X", "Y"), cancels)).policy(new FixedDepth(2))
                .clock(new SimulatedClock(1)).ledger(ledger).callTimeoutNanos(Clock.nanos(20))
                .maxAttempts(maxAttempts).build();
    }

    /** {@code agent}, except that its call on {@code hungOn} never reports; a cancel ends it and is counted. */
    private static StepAgent hangingOn(StepAgent agent, List<String> hungOn, int[] cancels) {
        return (task, prefix, clock, done) -> {
            if (!prefix.equals(hungOn)) {
                return agent.propose(task, prefix, clock, done);
            }
            return () -> {
                cancels[0]++;
                return Usage.ofCost(0.001);
            };
        };
    }

    /**
     * A target call that never reports, with a call timeout of 20 s: plan X Y Z TERMINATE, all drafts right, the
     * target hangs on [X, Y]. Fix k = 2: episode 1 commits X Y at 7 s; episode 2's first verification, on [X, Y],
     * starts at 7 s and times out at 27 s. The plan fails naming that call, with X Y committed; the hung call was
     * cancelled (the cancel reached it), charged what its cancel returned, and nothing is left in flight.
     */
    @Test
    void aHungTargetCallTimesOutAndFailsThePlanNamingItWithTheCommittedSteps() {
        ScriptedPlanningWorld world = world(HUNG_PLAN, HUNG_PLAN);
        int[] cancels = {0};
        Ledger ledger = new Ledger();
        SpeculativePlanner planner = hungOnXY(world, cancels, ledger, 1);
        assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                .hasMessage("planning 't' failed: the target's call 'verify step 3' on task 't' timed out after 20.0 s")
                .satisfies(e -> assertThat(((PlanningFailedException) e).committed()).containsExactly("X", "Y"));
        assertThat(cancels[0]).as("the cancel reached the hung call").isEqualTo(1);
        LedgerEntry hung = ledger.entries().stream().filter(e -> e.label().equals("verify step 3")).findFirst()
                .orElseThrow();
        assertThat(hung.fate()).isEqualTo(Fate.CANCELLED);
        assertThat(hung.startNanos()).isEqualTo(Clock.nanos(7));
        assertThat(hung.endNanos()).isEqualTo(Clock.nanos(27));
        assertThat(hung.usage()).isEqualTo(Usage.ofCost(0.001));
        assertThat(ledger.entries()).filteredOn(e -> e.fate() == Fate.COMMITTED
                && e.role() == Role.TARGET).extracting(LedgerEntry::label)
                .containsExactly("verify step 1", "verify step 2");
        assertThat(ledger.unsettledCount()).isZero();
        assertThat(world.inFlight()).isZero();
    }

    /** {@code agent}, except that its first call on {@code failOn} fails after 1 s, charged $0.001. */
    private static StepAgent failingOnceOn(StepAgent agent, List<String> failOn) {
        boolean[] failed = {false};
        return (task, prefix, clock, done) -> {
            if (failed[0] || !prefix.equals(failOn)) {
                return agent.propose(task, prefix, clock, done);
            }
            failed[0] = true;
            Clock.Timer t = clock.schedule(Clock.nanos(1),
                    () -> done.fail(new IllegalStateException("boom"), Usage.ofCost(0.001)));
            return () -> t.cancel() ? Usage.ZERO : Usage.ZERO;
        };
    }

    /**
     * With maxAttempts 2, a target call that fails once is called again on the same prefix and the plan is the
     * target's, the failed attempt settled WASTED beside the committed one; with the default (1) the same failure
     * fails the plan, as before.
     */
    @Test
    void aFailedTargetCallIsRetriedUpToMaxAttempts() {
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        ScriptedPlanningWorld once = world(plan, plan);
        assertThatThrownBy(() -> SpeculativePlanner.builder().approximation(once.approximation())
                .target(failingOnceOn(once.target(), List.of("X"))).policy(new FixedDepth(2))
                .clock(new SimulatedClock(1)).build().plan(TASK)).isInstanceOf(PlanningFailedException.class)
                .hasMessage("planning 't' failed: boom")
                .satisfies(e -> assertThat(((PlanningFailedException) e).committed()).containsExactly("X"));

        ScriptedPlanningWorld world = world(plan, plan);
        Ledger ledger = new Ledger();
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation())
                .target(failingOnceOn(world.target(), List.of("X"))).policy(new FixedDepth(2))
                .clock(new SimulatedClock(1)).ledger(ledger).maxAttempts(2).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(ledger.entries()).filteredOn(e -> e.label().equals("verify step 2")
                        && e.role() == Role.TARGET).extracting(LedgerEntry::fate)
                .containsExactly(Fate.WASTED, Fate.COMMITTED);
        assertThat(ledger.unsettledCount()).isZero();
        assertThat(world.inFlight()).isZero();
        FigureTotals.assertAddUp("retried", ledger.entries());
    }

    /**
     * A failure without a message (a {@code SocketTimeoutException} from an HTTP client, say) is named by its class:
     * a target call that fails so on its only attempt, and a depth policy that throws so, fail the plan with
     * "planning 't' failed: java.net.SocketTimeoutException", not "failed: null", as a run names such a cause.
     */
    @Test
    void aFailureWithoutAMessageIsNamedByItsClass() {
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        StepAgent target = world.target();
        StepAgent failsOnX = (task, prefix, clock, done) -> {
            if (!prefix.equals(List.of("X"))) {
                return target.propose(task, prefix, clock, done);
            }
            clock.schedule(Clock.nanos(1), () -> done.fail(new java.net.SocketTimeoutException(), Usage.ZERO));
            return CallHandle.NONE;
        };
        assertThatThrownBy(() -> SpeculativePlanner.builder().approximation(world.approximation()).target(failsOnX)
                .policy(new FixedDepth(2)).clock(new SimulatedClock(1)).build().plan(TASK))
                .isInstanceOf(PlanningFailedException.class)
                .hasMessage("planning 't' failed: java.net.SocketTimeoutException")
                .satisfies(e -> assertThat(((PlanningFailedException) e).committed()).containsExactly("X"));

        DepthPolicy throwing = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                throw new ArithmeticException();
            }

            @Override
            public String name() {
                return "throwing";
            }
        };
        assertThatThrownBy(() -> SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(throwing).clock(new SimulatedClock(1)).build().plan(TASK))
                .isInstanceOf(PlanningFailedException.class)
                .hasMessage("planning 't' failed: java.lang.ArithmeticException");
    }

    /**
     * A target call that hangs on every attempt is cancelled at each timeout and called again until maxAttempts:
     * verify step 3 hangs from 7 s to 27 s, then again from 27 s to 47 s, and the plan fails naming the call and its
     * two attempts, with X Y committed.
     */
    @Test
    void aTargetCallThatTimesOutEveryAttemptFailsThePlanAfterMaxAttempts() {
        ScriptedPlanningWorld world = world(HUNG_PLAN, HUNG_PLAN);
        int[] cancels = {0};
        Ledger ledger = new Ledger();
        SpeculativePlanner planner = hungOnXY(world, cancels, ledger, 2);
        assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                .hasMessage("planning 't' failed: the target's call 'verify step 3' on task 't' failed 2 times; the "
                        + "last time: the target's call 'verify step 3' on task 't' timed out after 20.0 s")
                .satisfies(e -> assertThat(((PlanningFailedException) e).committed()).containsExactly("X", "Y"));
        assertThat(cancels[0]).as("each attempt's cancel reached it").isEqualTo(2);
        assertThat(ledger.entries()).filteredOn(e -> e.label().equals("verify step 3"))
                .extracting(LedgerEntry::startNanos, LedgerEntry::endNanos, LedgerEntry::fate)
                .containsExactly(Tuple.tuple(Clock.nanos(7), Clock.nanos(27),
                                Fate.CANCELLED),
                        Tuple.tuple(Clock.nanos(27), Clock.nanos(47),
                                Fate.CANCELLED));
        assertThat(ledger.unsettledCount()).isZero();
        assertThat(world.inFlight()).isZero();
        assertThatThrownBy(() -> SpeculativePlanner.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be at least 1, got 0");
    }

    /**
     * A draft slower than the call timeout is cancelled at the timeout and never accepted, even though it is right
     * and would have answered before its verification: plan X Y Z TERMINATE, all drafts right, target steps 6 s,
     * timeout 6.2 s, and the draft on [X] takes 6.5 s. The policy drafts ahead but verifies a draft only once its
     * prefix is verified: the draft on [X] starts at 1 s and is cancelled at 7.2 s (it would have answered at 7.5 s);
     * the verification on [X] runs from 6 s to 12 s and its step is committed in the draft's place, so episode 1
     * accepts one draft, not two. A draft that never reports is cancelled at its timeout too, and the plan is the
     * target's.
     */
    @Test
    void aDraftThatOutlastsTheTimeoutIsCancelledAndTheTargetsStepIsCommittedInstead() {
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        StepAgent approximation = world.approximation();
        StepAgent slowOnX = (task, prefix, clock, done) -> {
            if (!prefix.equals(List.of("X"))) {
                return approximation.propose(task, prefix, clock, done);
            }
            Clock.Timer answer = clock.schedule(Clock.nanos(6.5), () -> done.succeed("Y", Usage.ofCost(0.002)));
            return () -> answer.cancel() ? Usage.ofCost(0.001) : Usage.ZERO;
        };
        DepthPolicy draftAhead = SpeculativePlannerPropertyTest.draftAheadOnly(3);
        Ledger ledger = new Ledger();
        PlanResult r = SpeculativePlanner.builder().approximation(slowOnX).target(world.target())
                .policy(draftAhead).clock(new SimulatedClock(1)).ledger(ledger)
                .callTimeoutNanos(Clock.nanos(6.2)).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(r.episodes().getFirst().accepted()).as("the timed-out draft Y is not accepted").isEqualTo(1);
        LedgerEntry slow = ledger.entries().stream().filter(e -> e.label().equals("draft step 2")).findFirst()
                .orElseThrow();
        assertThat(slow.fate()).isEqualTo(Fate.CANCELLED);
        assertThat(slow.endNanos()).isEqualTo(Clock.nanos(7.2));
        assertThat(slow.usage()).as("what its cancel returned").isEqualTo(Usage.ofCost(0.001));
        assertThat(ledger.unsettledCount()).isZero();
        assertThat(world.inFlight()).isZero();

        int[] cancels = {0};
        Ledger hungLedger = new Ledger();
        PlanResult hung = SpeculativePlanner.builder().approximation(hangingOn(approximation, List.of("X"), cancels))
                .target(world.target()).policy(draftAhead).clock(new SimulatedClock(1)).ledger(hungLedger)
                .callTimeoutNanos(Clock.nanos(6.2)).build().plan(TASK);
        assertThat(hung.steps()).isEqualTo(plan);
        assertThat(cancels[0]).as("the cancel reached the hung draft").isEqualTo(1);
        assertThat(hungLedger.entries()).filteredOn(e -> e.label().equals("draft step 2")).first()
                .satisfies(e -> assertThat(e.endNanos()).isEqualTo(Clock.nanos(7.2)));
        assertThat(hungLedger.unsettledCount()).isZero();
        assertThat(world.inFlight()).isZero();
    }

    /**
     * A call that finishes and reports as the cancel of its timeout stops it (CallHandle.cancel: a call that has
     * finished when the cancel comes reports before the cancel returns, which then returns nothing more) still times
     * out, and is charged what it reported, as a call cancelled at the instant it finished is
     * ({@link dev.specagent.core.actor.FirstReport#cancel}): plan X Y Z TERMINATE, the draft on [X] starts at 1 s and
     * is due at 7.5 s; its timeout (6.2 s) cancels it at 7.2 s, and the agent reports its $0.002 then.
     */
    @Test
    void aCallThatReportsAsItsTimeoutCancelsItIsChargedWhatItReported() {
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        StepAgent approximation = world.approximation();
        StepAgent reportsOnCancel = (task, prefix, clock, done) -> {
            if (!prefix.equals(List.of("X"))) {
                return approximation.propose(task, prefix, clock, done);
            }
            Clock.Timer answer = clock.schedule(Clock.nanos(6.5), () -> done.succeed("Y", Usage.ofCost(0.002)));
            return () -> {
                if (answer.cancel()) {
                    done.succeed("Y", Usage.ofCost(0.002)); // it finished as the cancel came: reported, nothing more
                }
                return Usage.ZERO;
            };
        };
        Ledger ledger = new Ledger();
        PlanResult r = SpeculativePlanner.builder().approximation(reportsOnCancel).target(world.target())
                .policy(SpeculativePlannerPropertyTest.draftAheadOnly(3)).clock(new SimulatedClock(1)).ledger(ledger)
                .callTimeoutNanos(Clock.nanos(6.2)).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(r.episodes().getFirst().accepted()).as("it timed out: not accepted").isEqualTo(1);
        LedgerEntry draft = ledger.entries().stream().filter(e -> e.label().equals("draft step 2")).findFirst()
                .orElseThrow();
        assertThat(draft.fate()).isEqualTo(Fate.CANCELLED);
        assertThat(draft.endNanos()).isEqualTo(Clock.nanos(7.2));
        assertThat(draft.usage()).as("what it reported as it was cancelled").isEqualTo(Usage.ofCost(0.002));
        assertThat(ledger.unsettledCount()).isZero();
    }

    @Test
    void aNegativeCallTimeoutIsRefused() {
        assertThatThrownBy(() -> SpeculativePlanner.builder().callTimeoutNanos(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("callTimeoutNanos must be >= 0, got -1");
        assertThatThrownBy(() -> SpeculativePlanner.builder().callTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("callTimeout must be >= 0, got PT-1S");
        assertThatThrownBy(() -> SpeculativePlanner.builder().callTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("callTimeout");
        assertThatThrownBy(() -> SpeculativePlanner.builder().callTimeout(Duration.ofDays(200 * 365L * 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is too long: at most 292 years");
    }

    @Test
    void aCallTimeoutBelowAMillisecondIsRefusedNamingTheUnit() {
        assertThatThrownBy(() -> SpeculativePlanner.builder().callTimeoutNanos(5000)) // 5 s meant, in milliseconds
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callTimeoutNanos is in nanoseconds: 5000 ns is 5.0 µs, below the 1 ms floor")
                .hasMessageContaining("Duration.ofMillis(5000)");
        assertThatThrownBy(() -> SpeculativePlanner.builder().callTimeout(Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class) // named as given: a Duration, not the nanoseconds
                .hasMessage("callTimeout PT0.00000001S is below the 1 ms floor (Duration.ZERO means no timeout)");
        SpeculativePlanner.builder().callTimeoutNanos(Clock.MIN_CALL_TIMEOUT_NANOS).callTimeoutNanos(0);
    }

    /** A builder missing a required part fails at build() naming it; a null default part is refused where it is set. */
    @Test
    void aMissingPartIsNamedAtBuild() {
        ScriptedPlanningWorld world = world(List.of("X", "TERMINATE"), List.of("X", "TERMINATE"));
        assertThatThrownBy(() -> SpeculativePlanner.builder().approximation(world.approximation())
                .policy(FixedDepth.targetOnly()).clock(new SimulatedClock(1)).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("target not set: SpeculativePlanner.builder() needs an approximation, a target, a policy "
                        + "and a clock before build()");
        assertThatThrownBy(() -> SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(FixedDepth.targetOnly()).build())
                .hasMessageStartingWith("clock not set: ");
        assertThatThrownBy(() -> SpeculativePlanner.builder().matcher(null)).hasMessage("matcher");
        assertThatThrownBy(() -> SpeculativePlanner.builder().ledger(null)).hasMessage("ledger");
    }

    /** A timeout given as a Duration cuts a hung draft at the same instant as the same timeout in nanoseconds. */
    @Test
    void aCallTimeoutGivenAsADurationCutsAHungDraftAtTheSameInstant() {
        List<String> plan = List.of("X", "Y", "Z", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        int[] cancels = {0};
        Ledger ledger = new Ledger();
        PlanResult r = SpeculativePlanner.builder().approximation(hangingOn(world.approximation(), List.of("X"), cancels))
                .target(world.target()).policy(SpeculativePlannerPropertyTest.draftAheadOnly(3))
                .clock(new SimulatedClock(1)).ledger(ledger).callTimeout(Duration.ofMillis(6200)).build()
                .plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(cancels[0]).as("the cancel reached the hung draft").isEqualTo(1);
        assertThat(ledger.entries()).filteredOn(e -> e.label().equals("draft step 2")).first()
                .satisfies(e -> assertThat(e.endNanos()).as("started at 1 s, cut 6.2 s later").isEqualTo(Clock.nanos(7.2)));
    }

    /**
     * On a real clock, a target that blocks for ever (until interrupted) times out: the plan fails naming the call,
     * the blocked thread is interrupted (the cancel reached it), and the ledger is settled.
     */
    @Test
    @Timeout(60)
    void aHungBlockingTargetTimesOutOnARealClock() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        StepAgent blocksForEver = StepAgent.blocking((task, prefix) -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "unreachable";
        });
        List<String> plan = List.of("X", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        Ledger ledger = new Ledger();
        try (RealClock clock = new RealClock()) {
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(StepAgent.blocking((t, p) -> "X"))
                    .target(blocksForEver).policy(new FixedDepth(1)).clock(clock).ledger(ledger)
                    .callTimeoutNanos(Clock.nanos(0.05)).build();
            assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                    .hasMessage("planning 't' failed: the target's call 'verify step 1' on task 't' timed out after 0.05 s");
            interrupted.await();
            assertThat(ledger.unsettledCount()).isZero();
        }
        assertThat(world.inFlight()).isZero();
    }

    @Test
    void anInterruptedPlanCancelsItsCallsAndSettlesItsLedger() throws Exception {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        Ledger ledger = new Ledger();
        try (RealClock clock = new RealClock()) {
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                    .target(world.target()).policy(new FixedDepth(3)).clock(clock).ledger(ledger).build();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread planning = Thread.ofVirtual().start(() -> {
                try {
                    planner.plan(TASK);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            Thread.sleep(200);
            planning.interrupt();
            planning.join();
            assertThat(thrown.get()).isInstanceOf(PlanningFailedException.class).hasMessageContaining("interrupted");
            assertThat(world.inFlight()).as("calls left running").isZero();
            assertThat(ledger.unsettledCount()).isZero();
        }
    }
    /** A planner's ledger is the one it was built with, or its own, which accumulates over its plans. */
    @Test
    void aPlannersLedgerAndPolicyAreTheOnesItWasBuiltWithAndItsOwnLedgerAccumulates() {
        List<String> plan = List.of("X", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        Ledger ledger = new Ledger();
        DepthPolicy policy = new FixedDepth(1);
        SpeculativePlanner given = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(policy).clock(new SimulatedClock(1)).ledger(ledger).build();
        assertThat(given.ledger()).isSameAs(ledger);
        assertThat(given.policy()).isSameAs(policy);

        SpeculativePlanner own = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(policy).clock(new SimulatedClock(1)).build();
        own.plan(TASK);
        int onePlan = own.ledger().entries().size();
        own.plan(TASK);
        assertThat(onePlan).isPositive();
        assertThat(own.ledger().entries()).hasSize(2 * onePlan);
    }

    /** Plan X0 .. X9 TERMINATE, every draft right. */
    private static final List<String> LONG_PLAN = List.of("X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9",
            PlanSteps.TERMINATE);

    /** A plan is cut at exactly maxSteps steps, whatever the depth, down to a single step; 0 steps is refused. */
    @Test
    void aPlanIsCutAtExactlyMaxStepsWhateverTheDepth() {
        for (int k : new int[]{0, 1, 2, 3, 5}) {
            for (int maxSteps : new int[]{1, 3}) {
                ScriptedPlanningWorld world = world(LONG_PLAN, LONG_PLAN);
                PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                        .policy(new FixedDepth(k)).clock(new SimulatedClock(1)).maxSteps(maxSteps).build().plan(TASK);
                assertThat(r.steps()).as("k %d, maxSteps %d", k, maxSteps).isEqualTo(LONG_PLAN.subList(0, maxSteps));
                assertThat(r.episodes().getLast().end()).as("k %d, maxSteps %d", k, maxSteps)
                        .isEqualTo(EpisodeRecord.End.PLAN_DONE);
                assertThat(world.inFlight()).isZero();
            }
        }
        assertThatThrownBy(() -> SpeculativePlanner.builder().maxSteps(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSteps must be at least 1, got 0");
    }

    /**
     * Each episode records why it ended, which the dynamic policy learns from ({@link EpisodeRecord.End}), and how
     * many drafts were accepted and checked: plan X Y Z W TERMINATE, the draft at Z wrong, k = 2. Episode 1 accepts
     * X Y (ALL_ACCEPTED); episode 2's check says Z to the draft Q (MISMATCH, one draft checked, none accepted);
     * episode 3 accepts W and TERMINATE (PLAN_DONE). A rejected draft at the final TERMINATE ends the plan too
     * (PLAN_DONE), and target-only episodes end ALL_ACCEPTED until the last.
     */
    @Test
    void eachEpisodeRecordsWhyItEndedAndHowManyDraftsWereCheckedAndAccepted() {
        List<String> plan = List.of("X", "Y", "Z", "W", PlanSteps.TERMINATE);
        ScriptedPlanningWorld world = world(plan, List.of("X", "Y", "Q", "W", PlanSteps.TERMINATE));
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                .policy(new FixedDepth(2)).clock(new SimulatedClock(1)).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(r.lossless()).as("the default matcher is exact").isTrue();
        assertThat(r.episodes()).extracting(EpisodeRecord::end, EpisodeRecord::accepted, EpisodeRecord::verified,
                        EpisodeRecord::committed)
                .containsExactly(tuple(EpisodeRecord.End.ALL_ACCEPTED, 2, 2, List.of("X", "Y")),
                        tuple(EpisodeRecord.End.MISMATCH, 0, 1, List.of("Z")),
                        tuple(EpisodeRecord.End.PLAN_DONE, 2, 2, List.of("W", PlanSteps.TERMINATE)));

        List<String> short_ = List.of("X", PlanSteps.TERMINATE);
        ScriptedPlanningWorld wrongEnd = world(short_, List.of("X", "Q"));
        PlanResult end = SpeculativePlanner.builder().approximation(wrongEnd.approximation())
                .target(wrongEnd.target()).policy(new FixedDepth(2)).clock(new SimulatedClock(1)).build().plan(TASK);
        assertThat(end.episodes()).extracting(EpisodeRecord::end, EpisodeRecord::accepted, EpisodeRecord::verified)
                .containsExactly(tuple(EpisodeRecord.End.PLAN_DONE, 1, 2));

        ScriptedPlanningWorld targetOnly = world(plan, plan);
        PlanResult alone = SpeculativePlanner.builder().approximation(targetOnly.approximation())
                .target(targetOnly.target()).policy(FixedDepth.targetOnly()).clock(new SimulatedClock(1)).build()
                .plan(TASK);
        assertThat(alone.episodes()).extracting(EpisodeRecord::end).containsExactly(EpisodeRecord.End.ALL_ACCEPTED,
                EpisodeRecord.End.ALL_ACCEPTED, EpisodeRecord.End.ALL_ACCEPTED, EpisodeRecord.End.ALL_ACCEPTED,
                EpisodeRecord.End.PLAN_DONE);
    }

    /**
     * The ledger records each call's speculative depth, its position in its episode from 0 (the committed path):
     * plan X Y Z TERMINATE with k = 3 is one episode of drafts X Y Z and checks on [], [X], [X, Y], then one whose
     * first draft and check are TERMINATE.
     */
    @Test
    void eachCallIsRecordedAtItsDepthInItsEpisode() {
        List<String> plan = List.of("X", "Y", "Z", PlanSteps.TERMINATE);
        ScriptedPlanningWorld world = world(plan, plan);
        Ledger ledger = new Ledger();
        SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                .policy(new FixedDepth(3)).clock(new SimulatedClock(1)).ledger(ledger).build().plan(TASK);
        assertThat(ledger.entries()).filteredOn(e -> e.role() != Role.PREDICTOR)
                .extracting(LedgerEntry::label, LedgerEntry::depth)
                .containsExactlyInAnyOrder(tuple("draft step 1", 0), tuple("draft step 2", 1), tuple("draft step 3", 2),
                        tuple("verify step 1", 0), tuple("verify step 2", 1), tuple("verify step 3", 2),
                        tuple("draft step 4", 0), tuple("verify step 4", 0));
    }

    /**
     * Past each reported draft the policy is asked with the episode's drafts up to it, the verified count and the
     * drafts that arrived after it, and asked again when that count grows: drafts take 1 s, the target 6 s, and the
     * policy drafts ahead past a draft until the next one arrives, then verifies it.
     */
    @Test
    void thePolicyIsAskedPastEachDraftWithTheDraftsSoFarAndTheDraftsAhead() {
        List<String> plan = List.of("X", "Y", "Z", PlanSteps.TERMINATE);
        ScriptedPlanningWorld world = world(plan, plan);
        List<String> asked = new ArrayList<>();
        DepthPolicy verifyOnceTheNextDraftArrives = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 3;
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified, int ahead) {
                asked.add(drafts + " verified " + verified + " ahead " + ahead);
                return ahead == 0 ? Speculation.DRAFT_AHEAD : Speculation.SPECULATE;
            }

            @Override
            public String name() {
                return "verify-once-the-next-draft-arrives";
            }
        };
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                .policy(verifyOnceTheNextDraftArrives).clock(new SimulatedClock(1)).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        // 1 s: draft X arrives; 2 s: Y arrives, so X is verified; 3 s: Z arrives, so Y is verified; past the
        // depth, and past the TERMINATE draft of episode 2, nothing is asked
        assertThat(asked).containsExactly("[X] verified 0 ahead 0", "[X] verified 0 ahead 1",
                "[X, Y] verified 0 ahead 0", "[X, Y] verified 0 ahead 1");
        assertThat(r.episodes().getFirst().accepted()).isEqualTo(3);
    }

    /**
     * A target step inside an episode that fails once, on a draft the target goes on to accept, is retried and the
     * episode goes on to its depth: nothing past the failed step is cancelled for it. Plan X Y Z W TERMINATE, every
     * draft right, k = 3, the check on [X] fails at 2 s and is called again once check 1 commits at 6 s.
     */
    @Test
    void aTargetStepRetriedInsideAnEpisodeLetsTheEpisodeGoOnToItsDepth() {
        List<String> plan = List.of("X", "Y", "Z", "W", PlanSteps.TERMINATE);
        for (long seed = 1; seed <= 10; seed++) { // the failure and draft 2 arrive together, in either order
            ScriptedPlanningWorld world = world(plan, plan);
            Ledger ledger = new Ledger();
            PlanResult r = SpeculativePlanner.builder().approximation(world.approximation())
                    .target(failingOnceOn(world.target(), List.of("X"))).policy(new FixedDepth(3))
                    .clock(new SimulatedClock(seed)).ledger(ledger).maxAttempts(2).build().plan(TASK);
            assertThat(r.steps()).as("seed %d", seed).isEqualTo(plan);
            assertThat(r.episodes().getFirst().accepted()).as("seed %d", seed).isEqualTo(3);
            assertThat(ledger.entries()).as("seed %d", seed)
                    .filteredOn(e -> e.fate() == Fate.CANCELLED).isEmpty();
            assertThat(world.inFlight()).isZero();
        }
    }

    /**
     * A plan leaves nothing scheduled on its clock: the timeout of a call that reported, and of one cancelled by a
     * mismatch, is stopped with it (on a real clock each would hold a timer for the whole timeout).
     */
    @Test
    void aPlanWithACallTimeoutLeavesNoTimerBehindOnItsClock() {
        List<String> plan = List.of("X", "Y", "Z", PlanSteps.TERMINATE);
        ScriptedPlanningWorld world = world(plan, List.of("W", "Y", "Z", PlanSteps.TERMINATE));
        SimulatedClock clock = new SimulatedClock(1);
        Ledger ledger = new Ledger();
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                .policy(new FixedDepth(3)).clock(clock).ledger(ledger).callTimeout(Duration.ofSeconds(60))
                .build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(ledger.entries()).as("the mismatch cancelled calls")
                .anyMatch(e -> e.fate() == Fate.CANCELLED);
        assertThat(clock.pendingEvents()).isZero();
    }

    /**
     * A blocking target whose method throws fails its call like a reported failure: on the committed path the plan
     * fails with its message and the steps before it.
     */
    @Test
    @Timeout(60)
    void aBlockingTargetThatThrowsFailsThePlanWithItsMessageOnARealClock() {
        StepAgent target = StepAgent.blocking((task, prefix) -> {
            if (prefix.size() == 1) {
                throw new IllegalStateException("no route to the planner");
            }
            return "X";
        });
        try (RealClock clock = new RealClock()) {
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(StepAgent.blocking((t, p) -> "X"))
                    .target(target).policy(FixedDepth.targetOnly()).clock(clock)
                    .callTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> planner.plan(TASK)).isInstanceOf(PlanningFailedException.class)
                    .hasMessage("planning 't' failed: no route to the planner")
                    .satisfies(e -> assertThat(((PlanningFailedException) e).committed()).containsExactly("X"));
            assertThat(planner.ledger().unsettledCount()).isZero();
        }
    }

    /**
     * A STOP past draft 1 asked again after drafting ahead (the policy drafted past draft 1, then speculated past
     * draft 2): the episode ends at draft 1, so the drafts and verifications already launched past it can never be
     * committed and are cancelled at the STOP, as on a mismatch, not left running (and charged) until the first
     * verification ends. Drafts take 1 s, the target's steps 6 s: the verification on [X, Y] starts at 2 s and the
     * STOP comes with draft 3 at 3 s.
     */
    @Test
    void aStopAfterDraftingAheadCancelsWhatRunsPastTheStoppedDraftAtOnce() {
        List<String> plan = List.of("X", "Y", "Z", "W", PlanSteps.TERMINATE);
        ScriptedPlanningWorld world = world(plan, plan);
        DepthPolicy draftAheadThenStop = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 4;
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified, int ahead) {
                if (drafts.size() > 1) {
                    return Speculation.SPECULATE;
                }
                return ahead < 2 ? Speculation.DRAFT_AHEAD : Speculation.STOP;
            }

            @Override
            public String name() {
                return "draft-ahead-then-stop";
            }
        };
        Ledger ledger = new Ledger();
        PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                .policy(draftAheadThenStop).clock(new SimulatedClock(1)).ledger(ledger).build().plan(TASK);
        assertThat(r.steps()).isEqualTo(plan);
        assertThat(ledger.entries()).as("the verification on [X, Y], launched past draft 2, ends at the STOP")
                .filteredOn(e -> e.role() == Role.TARGET && e.startNanos() == 2_000_000_000L)
                .singleElement().satisfies(e -> {
                    assertThat(e.label()).isEqualTo("verify step 3");
                    assertThat(e.fate()).isEqualTo(Fate.CANCELLED);
                    assertThat(e.endNanos()).isEqualTo(3_000_000_000L);
                });
        assertThat(world.inFlight()).isZero();
        assertThat(ledger.unsettledCount()).isZero();
    }

    /**
     * A policy answering "no cap" (Integer.MAX_VALUE) on a planner without a step limit (maxSteps Integer.MAX_VALUE)
     * drafts until the plan ends: the episode's depth does not size anything up front (k + 2 overflowed to a
     * negative array size, and a depth of 10^9 asked for gigabytes), so the plan is the target's, with episodes
     * deeper than the planner's first slots (a 40-step plan, its draft at step 26 wrong), lean or not.
     */
    @Test
    void aDepthWithoutCapOnAPlannerWithoutStepLimitPlansTheTargetsPlan() {
        List<String> plan = new ArrayList<>();
        for (int i = 0; i < 39; i++) {
            plan.add("S" + i);
        }
        plan.add(PlanSteps.TERMINATE);
        List<String> drafts = new ArrayList<>(plan);
        drafts.set(25, "wrong");
        for (int depth : new int[]{Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 1_000_000_000}) {
            for (boolean lean : new boolean[]{false, true}) {
                ScriptedPlanningWorld world = new ScriptedPlanningWorld(List.of(new TaskScript(TASK, plan, drafts)),
                        new CallProfile(1, 0, 100, 0, 10, 0), new CallProfile(6, 0, 500, 0, 100, 0),
                        TokenPricing.GPT_4_1_MINI, List.of("X"), 1);
                Ledger ledger = new Ledger();
                PlanResult r = SpeculativePlanner.builder().approximation(world.approximation()).target(world.target())
                        .policy(new FixedDepth(depth)).clock(new SimulatedClock(1)).ledger(ledger).lean(lean)
                        .maxSteps(Integer.MAX_VALUE).build().plan(TASK);
                String where = "depth " + depth + (lean ? " lean" : "");
                assertThat(r.steps()).as(where).isEqualTo(plan);
                assertThat(r.episodes()).as(where).extracting(EpisodeRecord::depth, EpisodeRecord::accepted,
                        EpisodeRecord::end).containsExactly(tuple(depth, 25, EpisodeRecord.End.MISMATCH),
                        tuple(Math.min(depth, Integer.MAX_VALUE - 26), 14, EpisodeRecord.End.PLAN_DONE)); // k <= room
                assertThat(world.inFlight()).as(where).isZero();
                assertThat(ledger.unsettledCount()).as(where).isZero();
            }
        }
    }

    /**
     * Closing a RealClock while a plan drives it (a server giving up on a request, say) ends the plan: the driver no
     * longer waits for ever for reports the closed clock drops; the plan fails naming the closed clock, its hung call
     * cancelled (the cancel reaches the agent) and its ledger settled.
     */
    @Test
    @Timeout(60)
    void closingTheRealClockUnderARunningPlanFailsThePlanInsteadOfHangingIt() throws Exception {
        CountDownLatch asked = new CountDownLatch(2);
        CountDownLatch cancelled = new CountDownLatch(2);
        StepAgent hangs = (task, prefix, clock, done) -> {
            asked.countDown();
            return () -> {
                cancelled.countDown();
                return Usage.ZERO;
            };
        };
        Ledger ledger = new Ledger();
        RealClock clock = new RealClock();
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(hangs).target(hangs)
                .policy(new FixedDepth(1)).clock(clock).ledger(ledger).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread planning = Thread.ofVirtual().start(() -> {
            try {
                planner.plan(TASK);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        try {
            asked.await();
            clock.close();
            assertThat(planning.join(Duration.ofSeconds(10))).as("the plan ended once its clock was closed").isTrue();
        } finally {
            planning.interrupt(); // before the fix the driver waited for ever: free it
        }
        assertThat(thrown.get()).isInstanceOf(PlanningFailedException.class)
                .hasMessage("planning 't' failed: the clock was closed while a run drove its event loop");
        assertThat(cancelled.getCount()).as("both hung calls cancelled").isZero();
        assertThat(ledger.unsettledCount()).isZero();
    }

    /**
     * A null task (a lookup of a task id that missed) is refused before anything starts: the plan used to start an
     * episode on it, writing a depth entry to the ledger and calling the agents with a null task, and then failed with
     * a NullPointerException from inside plan() as it built its failure message.
     */
    @Test
    void aNullTaskIsRefusedBeforeAnythingStarts() {
        ScriptedPlanningWorld world = world(List.of("X", "TERMINATE"), List.of("X", "TERMINATE"));
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(new FixedDepth(2)).clock(new SimulatedClock(1)).build();
        assertThatThrownBy(() -> planner.plan(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("task: plan() needs the task to plan");
        assertThat(planner.ledger().entries()).isEmpty();
        assertThat(world.started()).isZero();
    }
}
