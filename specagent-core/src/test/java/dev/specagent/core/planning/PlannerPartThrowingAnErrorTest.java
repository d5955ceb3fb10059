package dev.specagent.core.planning;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import dev.specagent.core.planning.depth.FixedDepth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An {@link Error} thrown on the plan's thread by an agent's {@code propose} or by the depth policy (an
 * {@code AssertionError}, a {@code StackOverflowError}) fails the plan like an exception does: a
 * {@link PlanningFailedException} with the Error as its cause and the calls of the plan cancelled and settled. It used
 * to escape {@code plan()} bare, the episode's calls left running and their events queued on the clock.
 */
class PlannerPartThrowingAnErrorTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");
    private static final List<String> PLAN = List.of("X", "Y", "Z", "TERMINATE");
    /** Drafts take 1 s, the target's steps 6 s. */
    private static final ScriptedPlanningWorld WORLD = new ScriptedPlanningWorld(
            List.of(new TaskScript(TASK, PLAN, PLAN)), new CallProfile(1, 0, 100, 0, 10, 0),
            new CallProfile(6, 0, 500, 0, 100, 0), TokenPricing.GPT_4_1_MINI, List.of("X"), 1);

    private static PlanningFailedException failure(StepAgent approximation, DepthPolicy policy, SimulatedClock clock,
                                                   Ledger ledger) {
        return catchThrowableOfType(PlanningFailedException.class, () -> SpeculativePlanner.builder()
                .approximation(approximation).target(WORLD.target()).policy(policy).clock(clock).ledger(ledger)
                .build().plan(TASK));
    }

    @Test
    void anAgentWhoseProposeThrowsAnAssertionErrorFailsThePlanWithItsCallsCancelled() {
        StepAgent approximation = WORLD.approximation();
        StepAgent asserting = (task, prefix, clock, done) -> {
            if (prefix.size() == 2) { // the third draft, while the target checks the first two steps
                throw new AssertionError("a third draft was not expected");
            }
            return approximation.propose(task, prefix, clock, done);
        };
        SimulatedClock clock = new SimulatedClock(1);
        Ledger ledger = new Ledger();

        PlanningFailedException e = failure(asserting, new FixedDepth(3), clock, ledger);

        assertThat(e).as("the plan fails with a PlanningFailedException").isNotNull()
                .hasMessage("planning 't' failed: java.lang.AssertionError: a third draft was not expected")
                .hasCauseInstanceOf(AssertionError.class);
        assertThat(clock.pendingEvents()).as("events of the plan left on the clock").isZero();
        assertThat(ledger.unsettledCount()).as("unsettled calls").isZero();
        assertThat(ledger.entries()).extracting(LedgerEntry::fate).contains(Fate.CANCELLED);
    }

    @Test
    void aDepthPolicyThatOverflowsItsStackFailsThePlanWithItsCallsCancelled() {
        DepthPolicy overflowing = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                if (!query.verified().isEmpty()) {
                    throw new StackOverflowError("deep recursion");
                }
                return 1;
            }

            @Override
            public String name() {
                return "overflowing";
            }
        };
        SimulatedClock clock = new SimulatedClock(1);
        Ledger ledger = new Ledger();

        PlanningFailedException e = failure(WORLD.approximation(), overflowing, clock, ledger);

        assertThat(e).as("the plan fails with a PlanningFailedException").isNotNull()
                .hasMessage("planning 't' failed: java.lang.StackOverflowError: deep recursion")
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThat(e.committed()).containsExactly("X");
        assertThat(clock.pendingEvents()).as("events of the plan left on the clock").isZero();
        assertThat(ledger.unsettledCount()).as("unsettled calls").isZero();
    }
}
