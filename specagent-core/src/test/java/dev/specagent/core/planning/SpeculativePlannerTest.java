package dev.specagent.core.planning;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.depth.Speculation;
import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Planner rules on hand-written scripts: drafts take 1 s, the target's steps 6 s, no latency spread. */
class SpeculativePlannerTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");

    private static ScriptedPlanningWorld world(List<String> plan, List<String> drafts) {
        return new ScriptedPlanningWorld(List.of(new TaskScript(TASK, plan, drafts)),
                new CallProfile(1, 0, 100, 0, 10, 0), new CallProfile(6, 0, 500, 0, 100, 0),
                TokenPricing.GPT_4_1_MINI, List.of("X"), 1);
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
    private static StepAgent target(List<String> plan, java.util.function.Function<Clock.Timer, CallHandle> handle) {
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
                }), "cancelling the target's call 'verify step 1' on task 't' threw java.lang.IllegalStateException: "
                        + "socket already closed (CallHandle.cancel must not throw)"),
                new Case(target(plan, timer -> () -> {
                    timer.cancel();
                    return null;
                }), "cancelling the target's call 'verify step 1' on task 't': CallHandle.cancel returned a null usage"),
                new Case(target(plan, timer -> null),
                        "the target's call 'verify step 0' on task 't': StepAgent.propose returned a null CallHandle"));
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
                new Case(nullUsage, "the target's call 'verify step 1' on task 't' reported success with a null usage "
                        + "(report Usage.ZERO for a call that cost nothing)"),
                new Case(nullStep, "the target's call 'verify step 1' on task 't' reported a null step"))) {
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

    @Test
    void anInterruptedPlanCancelsItsCallsAndSettlesItsLedger() throws Exception {
        List<String> plan = List.of("X", "Y", "TERMINATE");
        ScriptedPlanningWorld world = world(plan, plan);
        Ledger ledger = new Ledger();
        try (RealClock clock = new RealClock()) {
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                    .target(world.target()).policy(new FixedDepth(3)).clock(clock).ledger(ledger).build();
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
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
}
