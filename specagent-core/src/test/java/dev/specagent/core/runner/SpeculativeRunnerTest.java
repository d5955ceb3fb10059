package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.AdaptivePolicy;
import dev.specagent.core.policy.BranchCandidate;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sandbox.SnapshotSandbox;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

class SpeculativeRunnerTest {

    private static RunResult<List<String>> run(ScriptedWorld w, SpeculationPolicy policy, RunLimits limits,
                                               SideEffects effects) {
        return SpeculativeRunner.<List<String>>builder()
                .agent(w.agent()).actor(w.actor()).speculator(w.speculator())
                .policy(policy).clock(new SimulatedClock(1)).limits(limits).sideEffects(effects)
                .build().run();
    }

    private static RunResult<List<String>> run(ScriptedWorld w, SpeculationPolicy policy) {
        return run(w, policy, RunLimits.DEFAULT, SideEffects.allReadOnly());
    }

    private static List<String> values(RunResult<?> r) {
        return r.trajectory().stream().map(Outcome::text).toList();
    }

    @Test
    void aSpeculativeRunnerMustBeToldHowCallsTouchTheWorld() {
        ScriptedWorld w = new ScriptedWorld(2, 1.0);
        var builder = SpeculativeRunner.<List<String>>builder().agent(w.agent()).actor(w.actor())
                .speculator(w.speculator()).clock(new SimulatedClock(1));
        assertThatThrownBy(() -> builder.policy(new Algorithm1Policy(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sideEffects");
        assertThat(values(builder.policy(new SequentialPolicy()).build().run())).containsExactly("v1", "v2");
        assertThat(w.starts).allMatch(s -> !s.speculative());
    }

    /** A builder missing a required part fails at build() naming it and what else it needs, not with a bare "actor". */
    @Test
    void aMissingPartIsNamedAtBuild() {
        ScriptedWorld w = new ScriptedWorld(2, 1.0);
        assertThatThrownBy(() -> SpeculativeRunner.builder(w.agent()).clock(new SimulatedClock(1)).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("actor not set: SpeculativeRunner.builder() needs an agent, an actor and a clock before build()");
        assertThatThrownBy(() -> SpeculativeRunner.builder(w.agent()).actor(w.actor()).build())
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("clock not set: ");
        assertThatThrownBy(() -> SpeculativeRunner.builder().actor(w.actor()).clock(new SimulatedClock(1)).build())
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("agent not set: ");
    }

    @Test
    void sequentialWaitsForEveryCall() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        RunResult<List<String>> r = run(w, new SequentialPolicy());
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        assertThat(r.figures().speculativeSeconds()).isCloseTo(3.0, within(1e-9));
        assertThat(r.figures().sequentialSeconds()).isCloseTo(3.0, within(1e-9));
        assertThat(w.starts).allMatch(s -> !s.speculative());
    }

    @Test
    void anActualCallJoinsTheInFlightBranchInsteadOfBeingIssuedAgain() {
        ScriptedWorld w = new ScriptedWorld(2, 1.0);
        RunResult<List<String>> r = run(w, new Algorithm1Policy(1));
        assertThat(values(r)).containsExactly("v1", "v2");
        assertThat(w.startsOf(1)).as("step 1 started once, speculatively, and joined").isEqualTo(1);
        assertThat(w.starts.get(1).speculative()).isTrue();
        // the branch started at 0.1 s (the speculator's answer) and ran 1 s, overlapping step 0
        assertThat(r.figures().speculativeSeconds()).isCloseTo(1.1, within(1e-9));
        assertThat(r.figures().hits()).isEqualTo(1);
    }

    @Test
    void aBranchStillRunningWhenAdoptedIsToldSoAndNoOtherCallIs() {
        ScriptedWorld w = new ScriptedWorld(4, 1.0, 1.5, 1.0, 0.2);
        RunResult<List<String>> r = run(w, new Algorithm1Policy(1));
        assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4");
        // step 1's branch (0.1 to 1.6 s) runs at its adoption (1.0 s); step 2 runs on the committed path (1.6 to
        // 2.6 s: Algorithm 1 does not speculate on an adopted step), and step 3's branch (1.7 to 1.9 s) has finished
        // when it is adopted; committed calls are never told
        assertThat(w.adoptions).containsExactly(new ScriptedWorld.Adoption(w.starts.get(1).call(), Clock.nanos(1.0)));
        assertThat(w.starts).extracting(ScriptedWorld.Start::speculative).containsExactly(false, true, false, true);
    }

    /**
     * Step 1's branch (0.1 to 1.0 s) reports at the instant step 0 does; when the clock runs step 0's report first, the
     * branch is adopted with its own report already made and on its way to the event loop. It has finished: it is not
     * told it was adopted (CallHandle.adopted: only while the call runs), whichever report the clock runs first.
     */
    @Test
    void aBranchThatReportedAtTheInstantItIsAdoptedIsNotToldItWasAdopted() {
        for (long seed = 1; seed <= 20; seed++) {
            ScriptedWorld w = new ScriptedWorld(2, 1.0, 0.9);
            RunResult<List<String>> r = SpeculativeRunner.builder(w.agent()).actor(w.actor()).speculator(w.speculator())
                    .policy(new Algorithm1Policy(1)).clock(new SimulatedClock(seed)).sideEffects(SideEffects.allReadOnly())
                    .build().run();
            assertThat(values(r)).as("seed " + seed).containsExactly("v1", "v2");
            assertThat(r.figures().hits()).as("seed " + seed + ": a hit").isEqualTo(1);
            assertThat(w.adoptedAfterReport).as("seed " + seed + ": told it was adopted after it reported").isEmpty();
        }
    }

    @Test
    void wrongBranchesAreCancelledTheMomentTheActualValueIsKnown() {
        ScriptedWorld w = new ScriptedWorld(2, 1.0);
        w.guesses = t -> List.of("wrong-a", "wrong-b");
        RunResult<List<String>> r = run(w, new Algorithm1Policy(2));
        assertThat(values(r)).containsExactly("v1", "v2");
        assertThat(w.cancels).hasSize(2).allMatch(c -> c.atNanos() == Clock.nanos(1.0));
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.BRANCH)
                .extracting(LedgerEntry::fate).containsOnly(Fate.CANCELLED);
        assertThat(r.figures().speculativeSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(w.inFlight).isZero();
    }

    @Test
    void algorithm1HitsNeverChainButChainedOnesDo() {
        ScriptedWorld a = new ScriptedWorld(4, 1.0);
        RunResult<List<String>> alg1 = run(a, new Algorithm1Policy(1));
        ScriptedWorld c = new ScriptedWorld(4, 1.0);
        RunResult<List<String>> chained = run(c, new ChainedPolicy(1));
        assertThat(values(alg1)).isEqualTo(values(chained)).containsExactly("v1", "v2", "v3", "v4");
        // algorithm1: steps 0+1 overlap (1.1 s), step 2 is fresh and 3 overlaps it: 2.2 s
        assertThat(alg1.figures().speculativeSeconds()).isCloseTo(2.2, within(1e-9));
        assertThat(alg1.figures().hits()).isEqualTo(2);
        // chained: each branch is speculated on at once, so all four calls start within 0.4 s
        assertThat(chained.figures().speculativeSeconds()).isCloseTo(1.3, within(1e-9));
        assertThat(chained.figures().hits()).isEqualTo(3);
        assertThat(chained.figures().averageDepth()).isGreaterThan(1.0);
    }

    @Test
    void afterAHitTheAdaptivePolicyJudgesTheNextGuessFromTheNowCertainStep() {
        // every guess is right at confidence 0.5: a route through one unconfirmed guess passes the 0.4 floor,
        // one through two does not; a hit makes its step certain, so the next guess is again one step away
        ScriptedWorld w = new ScriptedWorld(4, 1.0);
        RunResult<List<String>> adaptive = run(w, new AdaptivePolicy(1, Integer.MAX_VALUE, 0.01, 0.4));
        assertThat(values(adaptive)).containsExactly("v1", "v2", "v3", "v4");
        assertThat(adaptive.figures().hits()).isEqualTo(run(new ScriptedWorld(4, 1.0), new ChainedPolicy(1)).figures().hits())
                .isEqualTo(3);
    }

    /**
     * A branch that finishes before its parent is confirmed goes on with its own value; the call that follows
     * is still a speculative branch and the policy still decides whether it is worth opening. Step 0 takes
     * 5 s; the guess of its value opens step 1 (1 s, worth 0.5 × 1 s × USD 0.01 > USD 0.004); step 1's
     * value makes step 2 (0.2 s, worth USD 0.001) the next call, not worth its USD 0.004.
     */
    @Test
    void theAdaptivePolicyDecidesWhetherAFinishedBranchGoesOn() {
        ScriptedWorld w = new ScriptedWorld(3, 5.0, 1.0, 0.2);
        w.costPerCall = 0.004;
        RunResult<List<String>> r = run(w, new AdaptivePolicy(1, Integer.MAX_VALUE, 0.01, 0.3));
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        assertThat(w.starts).filteredOn(s -> ScriptedWorld.step(s.call()) == 1).singleElement()
                .matches(ScriptedWorld.Start::speculative);
        assertThat(w.starts).filteredOn(s -> ScriptedWorld.step(s.call()) == 2).singleElement()
                .matches(s -> !s.speculative(), "step 2 is issued on the committed path only");
    }

    @Test
    void chainedRespectsItsDepthLimit() {
        ScriptedWorld w = new ScriptedWorld(6, 1.0);
        RunResult<List<String>> r = run(w, new ChainedPolicy(1, 2));
        assertThat(values(r)).hasSize(6);
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.BRANCH).allMatch(e -> e.depth() <= 2);
    }

    @Test
    void inFlightAndSpendLimitsAreNeverExceeded() {
        ScriptedWorld w = new ScriptedWorld(8, 1.0, 2.0, 0.5);
        w.guesses = t -> List.of("x" + t, "v" + t, "y" + t);
        w.costPerCall = 0.01;
        RunLimits limits = RunLimits.DEFAULT.withMaxInFlight(3).withMaxSpeculativeCostUsd(0.035);
        RunResult<List<String>> r = run(w, new ChainedPolicy(3), limits, SideEffects.allReadOnly());
        assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8");
        assertThat(w.maxInFlightSeen).isLessThanOrEqualTo(3);
        assertThat(r.figures().peakConcurrency()).isLessThanOrEqualTo(3);
        double speculative = r.ledger().stream().filter(e -> e.role() == Role.BRANCH || e.role() == Role.SPECULATOR)
                .mapToDouble(e -> e.usage().costUsd()).sum();
        assertThat(speculative).isLessThanOrEqualTo(0.035 + 1e-12);
    }

    /**
     * A finished branch's reservation becomes its spend rather than staying reserved besides it: a budget of
     * 0.035 $ pays for exactly three branch calls of 0.01 $ (a fourth would reach 0.04 $, and is counted as left out).
     */
    @Test
    void aBudgetPaysForAsManyBranchesAsItHolds() {
        ScriptedWorld w = new ScriptedWorld(8, 1.0);
        w.costPerCall = 0.01;
        RunLimits limits = RunLimits.DEFAULT.withMaxSpeculativeCostUsd(0.035);
        RunResult<List<String>> r = run(w, new Algorithm1Policy(1), limits, SideEffects.allReadOnly());
        assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8");
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.BRANCH).hasSize(3);
        assertThat(r.figures().hits()).isEqualTo(3);
        // step 6's branch did not fit (0.03 $ spent and 0.01 $ more); step 7's guesses lead nowhere, the agent ends
        assertThat(r.overBudgetLaunches()).isEqualTo(1);
        assertThat(r.cappedLaunches()).isZero();
    }

    /**
     * An actor that gives no bound on a call's cost (an estimate whose maximum is infinite) may still speculate under
     * the unlimited default budget, every step alike: a finished branch's infinite reservation, taken back, must not
     * leave the budget unknown (NaN) and refuse every later launch as over budget.
     */
    @Test
    void anUnboundedCostEstimateSpeculatesUnderAnUnlimitedBudgetEveryStep() {
        ScriptedWorld w = new ScriptedWorld(8, 1.0);
        Actor unbounded = withoutCostBound(w.actor());
        RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder()
                .agent(w.agent()).actor(unbounded).speculator(w.speculator())
                .policy(new Algorithm1Policy(1)).clock(new SimulatedClock(1)).sideEffects(SideEffects.allReadOnly())
                .build().run();
        assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8");
        assertThat(r.overBudgetLaunches()).isZero();
        // one branch at a time, each launched after the one before ended: every other step is a hit
        assertThat(r.figures().hits()).isEqualTo(run(new ScriptedWorld(8, 1.0), new Algorithm1Policy(1)).figures()
                .hits()).isEqualTo(4);
    }

    /** {@code actor}, estimating each call with no bound on its cost. */
    private static Actor withoutCostBound(Actor actor) {
        return new Actor() {
            @Override
            public CallHandle start(Call call, CallContext context) {
                return actor.start(call, context);
            }

            @Override
            public Estimate estimate(Call call) {
                return new Estimate(1.0, 0, Double.POSITIVE_INFINITY);
            }
        };
    }

    /** A finite budget never admits a call whose cost has no bound. */
    @Test
    void aFiniteBudgetRefusesACallWhoseCostHasNoBound() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        Actor unbounded = withoutCostBound(w.actor());
        RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder()
                .agent(w.agent()).actor(unbounded).speculator(w.speculator())
                .policy(new ChainedPolicy(1)).clock(new SimulatedClock(1)).sideEffects(SideEffects.allReadOnly())
                .limits(RunLimits.DEFAULT.withMaxSpeculativeCostUsd(1e9)).build().run();
        assertThat(r.ledger()).noneMatch(e -> e.role() == Role.BRANCH);
        assertThat(r.overBudgetLaunches()).isEqualTo(2);
    }

    /**
     * Guesses about a value that has arrived are useless: the branch's value is known at 1.5 s, and the proposal
     * about it (started at 1 s, due at 2 s) is cancelled then. Step 0 takes 2 s, step 1 0.5 s, guesses 1 s.
     */
    @Test
    void aProposalIsCancelledWhenTheValueItGuessesArrives() {
        ScriptedWorld w = new ScriptedWorld(3, 2.0, 0.5);
        w.speculatorLatency = 1.0;
        RunResult<List<String>> r = run(w, new ChainedPolicy(1));
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        LedgerEntry aboutBranch = r.ledger().stream()
                .filter(e -> e.role() == Role.SPECULATOR && e.startNanos() == Clock.nanos(1.0)).findFirst().orElseThrow();
        assertThat(aboutBranch.fate()).isEqualTo(Fate.CANCELLED);
        assertThat(aboutBranch.endNanos()).isEqualTo(Clock.nanos(1.5));
    }

    /**
     * A branch continued from a speculative branch's own value still stands on that branch's guess: its route
     * keeps the guess's doubt however often the tree is re-levelled. Guesses are right at confidence 0.5 and
     * the floor is 0.3, so one unconfirmed guess on a route is allowed, two are not. Step 0 takes 2 s; the
     * guess of its value arrives at 0.1 s and opens step 1 (0.3 s), which continues to step 2 (0.1 s), which
     * continues to step 3 (3 s); the guess about step 3's value (at 0.6 s) would be a second unconfirmed
     * guess, so step 4 starts only when step 0's value makes steps 1 to 3 certain, at 2 s.
     */
    @Test
    void aContinuedBranchKeepsTheDoubtOfTheGuessItStandsOn() {
        ScriptedWorld w = new ScriptedWorld(5, 2.0, 0.3, 0.1, 3.0, 1.0);
        w.guesses = t -> {
            w.speculatorLatency = t == 1 || t == 4 ? 0.1 : 5.0; // t: the guessed step's value, v<t>
            return List.of("v" + t);
        };
        RunResult<List<String>> r = run(w, new AdaptivePolicy(1, Integer.MAX_VALUE, 0.01, 0.3));
        assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4", "v5");
        assertThat(w.starts).filteredOn(s -> ScriptedWorld.step(s.call()) == 4).singleElement()
                .extracting(ScriptedWorld.Start::atNanos).isEqualTo(Clock.nanos(2.0));
        assertThat(w.starts).filteredOn(s -> ScriptedWorld.step(s.call()) == 3).singleElement()
                .extracting(ScriptedWorld.Start::atNanos).isEqualTo(Clock.nanos(0.5));
    }

    /**
     * Irreversible calls run on the committed path only. The read below one starts while it runs when a sandbox
     * versions the world (these calls write nothing through it, so its version stays), never without one.
     */
    @Test
    void irreversibleCallsAreOnlyIssuedOnTheCommittedPath() {
        SideEffects effects = call -> ScriptedWorld.step(call) % 2 == 1 ? SideEffect.IRREVERSIBLE : SideEffect.READ_ONLY;
        for (boolean sandboxed : new boolean[] {true, false}) {
            ScriptedWorld w = new ScriptedWorld(4, 1.0);
            RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder().agent(w.agent()).actor(w.actor())
                    .speculator(w.speculator()).policy(new ChainedPolicy(1)).clock(new SimulatedClock(1))
                    .sideEffects(effects).sandbox(sandboxed ? new SnapshotSandbox<>("world") : null).build().run();
            assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4");
            assertThat(w.starts).filteredOn(s -> ScriptedWorld.step(s.call()) % 2 == 1).allMatch(s -> !s.speculative());
            assertThat(w.starts).as("sandbox " + sandboxed + ": the read below the first irreversible call ran speculatively")
                    .filteredOn(s -> ScriptedWorld.step(s.call()) == 2).map(ScriptedWorld.Start::speculative)
                    .containsOnly(sandboxed);
        }
    }

    @Test
    void reversibleCallsNeedASandboxToRunSpeculatively() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        RunResult<List<String>> r = run(w, new ChainedPolicy(1), RunLimits.DEFAULT,
                SideEffects.byTool(Map.of("step", SideEffect.REVERSIBLE), SideEffect.READ_ONLY));
        assertThat(values(r)).hasSize(3);
        assertThat(w.starts).noneMatch(ScriptedWorld.Start::speculative);
    }

    @Test
    void aFailedCommittedCallIsRetriedAndTheRunStaysLossless() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        w.failuresLeft.put(w.agent().nextCall(List.of()).orElseThrow(), 2);
        RunResult<List<String>> r = run(w, new Algorithm1Policy(1));
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.ACTOR && e.fate() == Fate.WASTED).hasSize(2);
    }

    @Test
    void aCallFailingMoreThanAllowedFailsTheRunKeepingWhatWasCommitted() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        w.failuresLeft.put(w.agent().nextCall(List.of("v1")).orElseThrow(), 5);
        assertThatThrownBy(() -> run(w, new ChainedPolicy(2, 3), RunLimits.DEFAULT.withMaxAttempts(2),
                SideEffects.allReadOnly()))
                .isInstanceOfSatisfying(RunFailedException.class, e -> {
                    assertThat(e.committed()).extracting(Outcome::text).containsExactly("v1");
                    assertThat(e.getMessage()).contains("failed 2 time(s)");
                });
        assertThat(w.inFlight).isZero();
    }

    @Test
    void aHangingCallTimesOutAndIsRetried() {
        ScriptedWorld w = new ScriptedWorld(2, 5.0, 1.0);
        RunLimits limits = RunLimits.DEFAULT.withCallTimeoutNanos(Clock.nanos(3)).withMaxAttempts(2);
        assertThatThrownBy(() -> run(w, new SequentialPolicy(), limits, SideEffects.allReadOnly()))
                .isInstanceOf(RunFailedException.class).hasMessageContaining("timed out");
        assertThat(w.cancels).hasSize(2);
    }

    /** Reads a balance, credits 15, reads it again: the second read must see the credit. */
    private static final Agent<List<String>> READ_CREDIT_READ = new Agent<>() {
        @Override
        public List<String> initialState() {
            return List.of();
        }

        @Override
        public Optional<Call> nextCall(List<String> done) {
            return switch (done.size()) {
                case 0, 2 -> Optional.of(Call.of("balance"));
                case 1 -> Optional.of(Call.of("credit", "amount", 15));
                default -> Optional.empty();
            };
        }

        @Override
        public List<String> transition(List<String> done, Outcome outcome) {
            return Stream.concat(done.stream(), Stream.of(outcome.text())).toList();
        }
    };

    /**
     * Without a sandbox nothing versions the world, so nothing may start below a committed write while it runs:
     * a read branched off the (rightly) guessed credit would read the balance before the credit lands and be
     * adopted. The speculator is perfect; the world is a plain counter that the committed credit changes.
     */
    @Test
    void withoutASandboxNothingStartsBelowACommittedWriteWhileItRuns() {
        List<List<String>> runs = new ArrayList<>();
        for (SpeculationPolicy policy : List.<SpeculationPolicy>of(new SequentialPolicy(), new Algorithm1Policy(1),
                new ChainedPolicy(1), new AdaptivePolicy(1, Integer.MAX_VALUE, 1.0, 0))) {
            int[] balance = {100};
            List<String> startedDuringCredit = new ArrayList<>();
            boolean[] crediting = {false};
            Actor bank = (call, ctx) -> {
                if (crediting[0]) {
                    startedDuringCredit.add(call.tool());
                }
                boolean credit = call.tool().equals("credit");
                crediting[0] |= credit;
                Clock.Timer timer = ctx.clock().schedule(Clock.nanos(credit ? 2 : 1), () -> {
                    if (credit) {
                        balance[0] += call.args().get("amount").asInt();
                        crediting[0] = false;
                    }
                    ctx.succeed(IntNode.valueOf(balance[0]), Usage.ZERO);
                });
                return () -> {
                    timer.cancel();
                    return Usage.ZERO;
                };
            };
            Speculator<List<String>> rightAboutTheCredit = Speculator.of((done, pending, k) ->
                    pending.tool().equals("credit") ? List.of(Guess.of(
                            Integer.parseInt(done.getLast()) + 15, 0.9)) : List.of());
            RunResult<List<String>> r = SpeculativeRunner.builder(READ_CREDIT_READ).actor(bank)
                    .speculator(rightAboutTheCredit).policy(policy).clock(new SimulatedClock(1))
                    .sideEffects(SideEffects.byTool(Map.of("balance", SideEffect.READ_ONLY), SideEffect.IRREVERSIBLE))
                    .build().run();
            assertThat(startedDuringCredit).as(policy.name() + ": calls started while the credit ran").isEmpty();
            runs.add(r.finalState());
        }
        assertThat(runs).allMatch(run -> run.equals(List.of("100", "115", "115")));
    }

    /** One payment: a single irreversible call. */
    private static final Agent<Integer> ONE_PAYMENT = new Agent<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Optional<Call> nextCall(Integer done) {
            return done < 1 ? Optional.of(Call.of("pay", "n", done)) : Optional.empty();
        }

        @Override
        public Integer transition(Integer done, Outcome outcome) {
            return done + 1;
        }
    };

    /**
     * An irreversible write that finishes at the very instant its timeout fires took effect and reported its
     * value: it is committed, not retried (a retry would apply it twice). The seed orders the write's end, its
     * report reaching the event loop, and the timeout; the first attempt takes exactly the timeout, the others 1 s.
     */
    @Test
    void aWriteThatFinishesAsItTimesOutIsCommittedNotRetried() {
        int reportedFirst = 0;
        for (long seed = 1; seed <= 60; seed++) {
            int[] writes = {0};
            int[] attempts = {0};
            Actor payments = (call, ctx) -> {
                long nanos = Clock.nanos(attempts[0]++ == 0 ? 3 : 1);
                Clock.Timer timer = ctx.clock().schedule(nanos, () -> {
                    writes[0]++;
                    ctx.succeed(IntNode.valueOf(writes[0]), Usage.ZERO);
                });
                return () -> {
                    timer.cancel();
                    return Usage.ZERO;
                };
            };
            SimulatedClock clock = new SimulatedClock(seed);
            RunResult<Integer> r = SpeculativeRunner.builder(ONE_PAYMENT).actor(payments).clock(clock)
                    .limits(RunLimits.DEFAULT.withCallTimeoutNanos(Clock.nanos(3)))
                    .sideEffects(SideEffects.byTool(Map.of(), SideEffect.IRREVERSIBLE)).build().run();
            assertThat(writes[0]).as("seed " + seed + ": payments made").isEqualTo(1);
            assertThat(r.trajectory()).as("seed " + seed).hasSize(1);
            reportedFirst += attempts[0] == 1 ? 1 : 0;
        }
        assertThat(reportedFirst).as("seeds whose write ended before its timeout fired").isPositive();
        assertThat(reportedFirst).as("seeds whose timeout fired first").isLessThan(60);
    }

    /**
     * The same when the write is still finishing as the timeout fires, so the cancel finds it done: an actor
     * whose cancel waits for a finishing call to report (as it should) has reported when the cancel returns.
     */
    @Test
    void aWriteThatIsFinishingWhenItsTimeoutCancelsItIsCommittedNotRetried() {
        int[] writes = {0};
        Actor finishingAsCancelled = (call, ctx) -> () -> {
            writes[0]++; // the write took effect; the call reports before its cancel returns
            ctx.succeed(IntNode.valueOf(writes[0]), Usage.ZERO);
            return Usage.ZERO;
        };
        RunResult<Integer> r = SpeculativeRunner.builder(ONE_PAYMENT).actor(finishingAsCancelled).clock(new SimulatedClock(1))
                .limits(RunLimits.DEFAULT.withCallTimeoutNanos(Clock.nanos(3)))
                .sideEffects(SideEffects.byTool(Map.of(), SideEffect.IRREVERSIBLE)).build().run();
        assertThat(writes[0]).as("payments made").isEqualTo(1);
        assertThat(r.trajectory()).extracting(Outcome::text).containsExactly("1");
        assertThat(r.ledger()).extracting(LedgerEntry::fate).containsExactly(Fate.COMMITTED);
    }

    /**
     * A run that fails while a committed write runs cancels it; a write that reports success as it is cancelled
     * took effect, so the failure's committed prefix holds it (resuming from that prefix must not pay twice), and
     * one that stops is not in it. The run fails because the speculator breaks its contract (a null handle).
     */
    @Test
    void aWriteThatFinishesAsTheRunFailsIsInTheCommittedPrefix() {
        for (boolean finishesAsCancelled : new boolean[] {true, false}) {
            int[] writes = {0};
            Actor payments = (call, ctx) -> () -> {
                if (finishesAsCancelled) {
                    writes[0]++; // the write took effect; the call reports before its cancel returns
                    ctx.succeed(IntNode.valueOf(writes[0]), Usage.ZERO);
                }
                return Usage.ZERO;
            };
            Speculator<Integer> broken = (state, pending, k, clock, done) -> null;
            RunFailedException failure = catchThrowableOfType(RunFailedException.class,
                    () -> SpeculativeRunner.builder(ONE_PAYMENT).actor(payments).speculator(broken)
                            .policy(new Algorithm1Policy(1)).clock(new SimulatedClock(1))
                            .sideEffects(SideEffects.byTool(Map.of(), SideEffect.IRREVERSIBLE)).build().run());
            assertThat(failure).as("the run fails on the speculator's null handle").isNotNull();
            String what = finishesAsCancelled ? "a payment made as the run failed" : "a payment stopped";
            assertThat(failure.committed()).as(what).extracting(Outcome::text)
                    .isEqualTo(finishesAsCancelled ? List.of("1") : List.of());
            assertThat(failure.ledger()).as(what).filteredOn(e -> e.role() == Role.ACTOR).extracting(LedgerEntry::fate)
                    .containsExactly(finishesAsCancelled ? Fate.COMMITTED : Fate.CANCELLED);
        }
    }

    @Test
    void anActorThatThrowsOnStartFailsThatCallLikeAReportedFailure() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        Actor refusing = new Actor() {
            final Actor inner = w.actor();

            @Override
            public CallHandle start(Call call, CallContext ctx) {
                if (ctx.speculative()) {
                    throw new IllegalStateException("refused: speculative");
                }
                return inner.start(call, ctx);
            }
        };
        RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder().agent(w.agent()).actor(refusing)
                .speculator(w.speculator()).policy(new ChainedPolicy(1)).clock(new SimulatedClock(1))
                .sideEffects(SideEffects.allReadOnly()).build().run();
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.BRANCH).isNotEmpty()
                .allMatch(e -> e.fate() == Fate.WASTED);
        assertThat(w.inFlight).isZero();

        ScriptedWorld always = new ScriptedWorld(2, 1.0);
        Actor broken = (call, ctx) -> {
            throw new IllegalStateException("no connection");
        };
        assertThatThrownBy(() -> SpeculativeRunner.<List<String>>builder().agent(always.agent()).actor(broken)
                .policy(new SequentialPolicy()).clock(new SimulatedClock(1)).build().run())
                .isInstanceOfSatisfying(RunFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("no connection");
                    assertThat(e.ledger()).extracting(LedgerEntry::fate).containsOnly(Fate.WASTED);
                });
    }

    @Test
    void aSpeculatorThatThrowsOnProposeCostsItsGuessesOnly() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        Speculator<List<String>> throwing = (state, pending, k, clock, done) -> {
            throw new IllegalStateException("speculator down");
        };
        RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder().agent(w.agent()).actor(w.actor())
                .speculator(throwing).policy(new ChainedPolicy(1)).clock(new SimulatedClock(1))
                .sideEffects(SideEffects.allReadOnly()).build().run();
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.SPECULATOR).isNotEmpty()
                .allMatch(e -> e.fate() != Fate.COMMITTED);
    }

    @Test
    void aFailedRunKeepsEveryAttemptInItsLedger() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0);
        Agent<List<String>> inner = w.agent();
        Agent<List<String>> failing = new Agent<>() {
            @Override
            public List<String> initialState() {
                return inner.initialState();
            }

            @Override
            public Optional<Call> nextCall(List<String> state) {
                if (state.size() == 1) {
                    throw new IllegalStateException("agent bug");
                }
                return inner.nextCall(state);
            }

            @Override
            public List<String> transition(List<String> state, Outcome outcome) {
                return inner.transition(state, outcome);
            }
        };
        assertThatThrownBy(() -> SpeculativeRunner.<List<String>>builder().agent(failing).actor(w.actor())
                .speculator(w.speculator()).policy(new ChainedPolicy(1)).clock(new SimulatedClock(1))
                .sideEffects(SideEffects.allReadOnly()).build().run())
                .isInstanceOfSatisfying(RunFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("agent bug");
                    // the speculator's guesses arrived but were never settled before the agent threw
                    assertThat(e.ledger()).extracting(LedgerEntry::role).containsExactly(Role.ACTOR, Role.SPECULATOR);
                    assertThat(e.ledger()).extracting(LedgerEntry::id).doesNotHaveDuplicates();
                });
        assertThat(w.inFlight).isZero();
    }

    @Test
    void aBranchCancelledAtTheInstantItFinishesIsChargedWhatItReported() {
        // the wrong branch starts at 0 s like step 0 and ends with it at 1 s; the seed orders the two ends
        int finishedFirst = 0;
        for (long seed = 1; seed <= 40; seed++) {
            ScriptedWorld w = new ScriptedWorld(2, 1.0);
            w.speculatorLatency = 0;
            w.guesses = t -> List.of("wrong");
            w.costPerCall = 0.01;
            RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder().agent(w.agent()).actor(w.actor())
                    .speculator(w.speculator()).policy(new Algorithm1Policy(1)).clock(new SimulatedClock(seed))
                    .sideEffects(SideEffects.allReadOnly()).build().run();
            List<LedgerEntry> branches = r.ledger().stream().filter(e -> e.role() == Role.BRANCH).toList();
            assertThat(branches).hasSize(1);
            boolean stopped = !w.cancels.isEmpty(); // its timer was cancelled: it never finished nor charged
            assertThat(branches.getFirst().usage().costUsd()).as("seed " + seed).isEqualTo(stopped ? 0 : 0.01);
            finishedFirst += stopped ? 0 : 1;
        }
        assertThat(finishedFirst).as("seeds whose branch finished before the cancel").isPositive();
    }

    @Test
    void anInterruptedRunCancelsWhatItStartedAndTheNextRunOnTheClockDoesNotDriveIt() throws Exception {
        try (RealClock clock = new RealClock()) {
            // calls of 2 s, so the interrupt 0.1 s in finds the first one running however late a loaded machine wakes
            // this thread (with 0.3 s calls the margin was 0.2 s)
            ScriptedWorld stopped = new ScriptedWorld(5, 2.0);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread runner = Thread.ofVirtual().start(() -> {
                try {
                    SpeculativeRunner.<List<String>>builder().agent(stopped.agent()).actor(stopped.actor())
                            .speculator(stopped.speculator()).policy(new ChainedPolicy(1)).clock(clock)
                            .sideEffects(SideEffects.allReadOnly()).build().run();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            Thread.sleep(100);
            runner.interrupt();
            runner.join();
            assertThat(thrown.get()).isInstanceOf(RunFailedException.class).hasMessageContaining("interrupted");
            assertThat(((RunFailedException) thrown.get()).committed()).isEmpty();
            int startsAtStop = stopped.starts.size();
            assertThat(stopped.cancels).as("the in-flight calls were cancelled").hasSize(startsAtStop);

            ScriptedWorld next = new ScriptedWorld(3, 0.05);
            RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder().agent(next.agent())
                    .actor(next.actor()).policy(new SequentialPolicy()).clock(clock).build().run();
            assertThat(values(r)).containsExactly("v1", "v2", "v3");
            assertThat(stopped.starts).as("nothing of the stopped run started again").hasSize(startsAtStop);
        }
    }

    @Test
    void theSameRunnerRunsOnRealTimeWithVirtualThreads() {
        // guesses 200 times faster than calls, so that a loaded machine does not let a call finish before its guess
        // (with 5 ms guesses against 50 ms calls a busy CI core once cost a hit)
        ScriptedWorld w = new ScriptedWorld(4, 0.2);
        w.speculatorLatency = 0.001;
        try (RealClock clock = new RealClock()) {
            ScriptedWorld real = new ScriptedWorld(4, 0.2);
            real.speculatorLatency = 0.001;
            RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder()
                    .agent(real.agent()).actor(real.actor()).speculator(real.speculator())
                    .policy(new ChainedPolicy(1)).clock(clock).sideEffects(SideEffects.allReadOnly())
                    .build().run();
            RunResult<List<String>> sequential = run(w, new SequentialPolicy());
            assertThat(values(r)).isEqualTo(values(sequential));
            assertThat(r.figures().hits()).isEqualTo(3);
            // the hits ran while the calls before them were still running: read from the ledger, since whether
            // that makes the run faster on a real clock is a benchmark's question, not a unit test's
            assertThat(CommittedCalls.overlap(r.ledger())).isTrue();
            assertThat(CommittedCalls.overlap(sequential.ledger())).isFalse();
        }
    }

    private static Call stepCall(int t, String prev) {
        return Call.of("step", "t", t, "prev", prev);
    }

    /**
     * A branch that finishes continues with its own value: its children on other guesses of that value are cancelled
     * at that moment, and the child on the right guess runs on, neither cancelled nor started again.
     */
    @Test
    void aFinishedBranchCancelsItsContradictedChildrenAtOnceAndKeepsTheRightOne() {
        ScriptedWorld w = new ScriptedWorld(3, 3.0, 1.0, 1.0);
        w.guesses = t -> t == 2 ? List.of("w2", "v2") : List.of("v" + t);
        RunResult<List<String>> r = run(w, new ChainedPolicy(2));
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        // step 1's branch runs from 0.1 to 1.1 s; its guesses open step 2 on w2 and on v2 at 0.2 s
        assertThat(w.cancels).containsExactly(new ScriptedWorld.Cancel(stepCall(2, "w2"), Clock.nanos(1.1)));
        assertThat(w.starts).extracting(ScriptedWorld.Start::call).containsOnlyOnce(stepCall(2, "v2"), stepCall(2, "w2"));
        assertThat(r.figures().hits()).isEqualTo(2);
        assertThat(w.inFlight).isZero();
    }

    /** A branch that fails leaves its children unreachable: they are cancelled as it fails, not at the next commit. */
    @Test
    void aFailedBranchsChildrenAreCancelledAsItFails() {
        ScriptedWorld w = new ScriptedWorld(3, 3.0, 1.0, 5.0);
        w.failuresLeft.put(stepCall(1, "v1"), 1);
        RunResult<List<String>> r = run(w, new ChainedPolicy(1));
        assertThat(values(r)).containsExactly("v1", "v2", "v3");
        // step 1's branch (0.1 s) fails at 1.1 s; its child on v2 started at 0.2 s
        assertThat(w.cancels).contains(new ScriptedWorld.Cancel(stepCall(2, "v2"), Clock.nanos(1.1)));
        assertThat(w.inFlight).isZero();
    }

    /**
     * A committed call that fails for good fails the run with a message naming the call and the cause; every branch
     * still running is cancelled at that moment and settled in the failure's ledger.
     */
    @Test
    void aRunThatFailsCancelsItsBranchesAndSettlesThemInTheFailuresLedger() {
        ScriptedWorld w = new ScriptedWorld(2, 1.0, 5.0);
        w.failuresLeft.put(stepCall(0, ""), 1);
        RunFailedException e = catchThrowableOfType(RunFailedException.class,
                () -> run(w, new ChainedPolicy(1), RunLimits.DEFAULT.withMaxAttempts(1), SideEffects.allReadOnly()));
        assertThat(e).hasMessage("call step{\"prev\":\"\",\"t\":0} failed 1 time(s): injected");
        assertThat(w.cancels).containsExactly(new ScriptedWorld.Cancel(stepCall(1, "v1"), Clock.nanos(1.0)));
        assertThat(w.inFlight).isZero();
        assertThat(e.ledger()).filteredOn(entry -> entry.role() == Role.BRANCH).extracting(LedgerEntry::fate)
                .containsExactly(Fate.CANCELLED);
        assertThat(e.committed()).isEmpty();
    }

    /**
     * Two branches whose guesses lead to the same call share one attempt, and it stays live while either can still be
     * reached: whichever branch opened it, the wrong one's cancellation does not cancel it.
     */
    @Test
    void aCallSharedByTwoBranchesSurvivesTheWrongOnesCancellation() {
        for (long seed = 0; seed < 8; seed++) {
            ScriptedWorld w = new ScriptedWorld(3, 1.0);
            w.guesses = t -> t == 1 ? List.of("x1", "v1") : List.of("v" + t);
            RunResult<List<String>> r = SpeculativeRunner.<List<String>>builder()
                    .agent(w.agent()).actor(w.actor()).speculator(w.speculator())
                    .policy(new ChainedPolicy(2)).clock(new SimulatedClock(seed)).sideEffects(SideEffects.allReadOnly())
                    .build().run();
            assertThat(values(r)).as("seed " + seed).containsExactly("v1", "v2", "v3");
            // step 1 on x1 and on v1 both guess v2, so both lead to step 2 on v2, started once at 0.2 s
            assertThat(w.startsOf(2)).as("seed " + seed).isEqualTo(1);
            assertThat(w.cancels).as("seed " + seed).extracting(ScriptedWorld.Cancel::call)
                    .containsExactly(stepCall(1, "x1"));
        }
    }

    @Test
    void aRunnerReportsItsPolicySequentialByDefault() {
        ScriptedWorld w = new ScriptedWorld(1, 1.0);
        var builder = SpeculativeRunner.builder(w.agent()).actor(w.actor()).clock(new SimulatedClock(1));
        assertThat(builder.build().policy()).isInstanceOf(SequentialPolicy.class);
        ChainedPolicy chained = new ChainedPolicy(2);
        assertThat(builder.policy(chained).sideEffects(SideEffects.allReadOnly()).build().policy()).isSameAs(chained);
    }

    /**
     * A finished branch below the policy's depth limit waits; once the frontier moves and brings it within the limit,
     * it continues with its own value at that moment.
     */
    @Test
    void aFinishedBranchThatMovesWithinTheDepthLimitContinuesAtOnce() {
        ScriptedWorld w = new ScriptedWorld(4, 3.0, 5.0, 0.5, 1.0);
        RunResult<List<String>> r = run(w, new ChainedPolicy(1, 2));
        assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4");
        // step 2's branch (depth 2) ends at 0.7 s; at 3 s step 1's branch is adopted, step 2 is at depth 1 and goes on
        assertThat(w.starts).contains(new ScriptedWorld.Start(stepCall(3, "v3"), true, Clock.nanos(3.0)));
        assertThat(r.figures().speculativeSeconds()).isCloseTo(5.1, within(1e-9));
    }

    /**
     * The chained policy (at most {@code maxBranches} branches per proposal, the first ones offered) that records
     * every candidate it is offered.
     */
    private static final class RecordingPolicy implements SpeculationPolicy {
        final ChainedPolicy chained;
        final int maxBranches;
        final List<List<BranchCandidate>> offered = new ArrayList<>();

        RecordingPolicy(int k, int maxDepth, int maxBranches) {
            this.chained = new ChainedPolicy(k, maxDepth);
            this.maxBranches = maxBranches;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int k() {
            return chained.k();
        }

        @Override
        public boolean speculateOnCommitted(boolean adoptedFromBranch) {
            return chained.speculateOnCommitted(adoptedFromBranch);
        }

        @Override
        public boolean speculateOnBranch(int depth) {
            return chained.speculateOnBranch(depth);
        }

        @Override
        public List<BranchCandidate> choose(List<BranchCandidate> candidates) {
            offered.add(List.copyOf(candidates));
            return candidates.subList(0, Math.min(maxBranches, candidates.size()));
        }
    }

    /**
     * A candidate's route confidence is the product of the confidences of the guesses between the frontier and it,
     * never above 1, also once the frontier has moved and the live branches' routes are re-levelled: every guess is
     * 0.5 here (a finished branch's own value, which it continues with, counts 1), so a candidate at depth d has 0.5^m,
     * m between 1 and d.
     */
    @Test
    void theRouteConfidencesAPolicyIsOfferedAreProductsOfTheGuessesConfidences() {
        ScriptedWorld w = new ScriptedWorld(6, 1.0, 0.2);
        RecordingPolicy policy = new RecordingPolicy(1, 3, Integer.MAX_VALUE);
        RunResult<List<String>> r = run(w, policy);
        assertThat(values(r)).containsExactly("v1", "v2", "v3", "v4", "v5", "v6");
        List<BranchCandidate> offered = policy.offered.stream().flatMap(List::stream).toList();
        assertThat(offered).as("candidates below re-levelled branches").anyMatch(c -> c.depth() >= 2);
        assertThat(offered).allSatisfy(c -> {
            assertThat(c.routeConfidence()).as(c.toString()).isBetween(0.0, 1.0);
            // 0.5 for each of the route's guesses, between 1 (c's own guess) and its depth of them
            double guessed = -Math.log(c.routeConfidence()) / Math.log(2);
            assertThat(guessed).as(c.toString()).isCloseTo(Math.rint(guessed), within(1e-9))
                    .isBetween(c.guess().confidence() < 1 ? 1.0 : 0.0, (double) c.depth());
        });
    }

    /**
     * Two equal guesses lead to one branch and take one of the policy's places: with room for two branches, the
     * guesses x1, x1, v1 open the branches on x1 and v1, so step 1 is a hit.
     */
    @Test
    void equalGuessesAreOfferedToThePolicyOnceAndUseUpOnePlace() {
        ScriptedWorld w = new ScriptedWorld(2, 1.0);
        w.guesses = t -> List.of("x" + t, "x" + t, "v" + t);
        RecordingPolicy policy = new RecordingPolicy(3, 1, 2);
        RunResult<List<String>> r = run(w, policy);
        assertThat(values(r)).containsExactly("v1", "v2");
        assertThat(policy.offered.get(0)).extracting(BranchCandidate::call)
                .containsExactly(stepCall(1, "x1"), stepCall(1, "v1"));
        assertThat(w.starts).as("step 1 on x1 and on v1 started as branches at 0.1 s")
                .filteredOn(s -> ScriptedWorld.step(s.call()) == 1)
                .containsExactly(new ScriptedWorld.Start(stepCall(1, "x1"), true, Clock.nanos(0.1)),
                        new ScriptedWorld.Start(stepCall(1, "v1"), true, Clock.nanos(0.1)));
        assertThat(r.figures().hits()).isEqualTo(1);
    }
}
