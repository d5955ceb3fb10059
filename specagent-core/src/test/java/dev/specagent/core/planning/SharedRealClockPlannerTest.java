package dev.specagent.core.planning;

import dev.specagent.core.clock.RealClock;
import dev.specagent.core.planning.depth.FixedDepth;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One {@link RealClock} shared by two threads planning at once: the plan whose clock the other thread drives is
 * refused with a {@link PlanningFailedException} naming that thread, and none of its agents' calls start (its first
 * episode used to be queued before the loop was found taken, so the other thread started it).
 */
class SharedRealClockPlannerTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");

    /** Plans A, B, TERMINATE; each step once {@code release} is open, counted in {@code calls}. */
    private static StepAgent agent(CountDownLatch release, AtomicInteger calls, CountDownLatch started) {
        return StepAgent.blocking((task, prefix) -> {
            calls.incrementAndGet();
            started.countDown();
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the second plan was never tried");
            }
            return List.of("A", "B", PlanSteps.TERMINATE).get(prefix.size());
        });
    }

    @Test
    void aPlanOnAClockThatAnotherThreadDrivesIsRefusedAndStartsNothing() throws Exception {
        for (int trial = 0; trial < 10; trial++) {
            try (RealClock clock = new RealClock()) {
                CountDownLatch driving = new CountDownLatch(1);
                CountDownLatch refused = new CountDownLatch(1); // keeps the first plan going until the second is tried
                AtomicReference<Object> first = new AtomicReference<>();
                StepAgent slow = agent(refused, new AtomicInteger(), driving);
                Thread other = Thread.ofPlatform().start(() -> {
                    try {
                        first.set(SpeculativePlanner.builder().approximation(slow).target(slow)
                                .policy(FixedDepth.targetOnly()).clock(clock).build().plan(TASK).steps());
                    } catch (RuntimeException e) {
                        first.set(e);
                    }
                });
                assertThat(driving.await(10, TimeUnit.SECONDS)).isTrue();
                AtomicInteger secondCalls = new AtomicInteger();
                StepAgent counted = agent(new CountDownLatch(0), secondCalls, new CountDownLatch(1));
                SpeculativePlanner second = SpeculativePlanner.builder().approximation(counted).target(counted)
                        .policy(new FixedDepth(2)).clock(clock).build();

                try {
                    assertThatThrownBy(() -> second.plan(TASK)).as("trial %d", trial)
                            .isInstanceOf(PlanningFailedException.class)
                            .hasMessageContaining("need a clock each: use one RealClock per concurrent run");
                } finally {
                    refused.countDown();
                }
                other.join(10_000);
                assertThat(first.get()).as("trial %d: the plan that drives the clock", trial)
                        .isEqualTo(List.of("A", "B", PlanSteps.TERMINATE));
                assertThat(secondCalls.get()).as("trial %d: calls of the refused plan", trial).isZero();
                assertThat(second.ledger().unsettledCount()).isZero();
            }
        }
    }
}
