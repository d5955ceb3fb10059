package dev.specagent.core.sim;

import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.FutureContext;
import dev.specagent.core.call.Call;
import dev.specagent.core.clock.SimulatedClock;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticWorldTest {

    /** A committed call's context; the attempts drawn here are never run, so nothing reports to it. */
    private static final CallContext COMMITTED = new FutureContext(new SimulatedClock(1));

    /** A world that injects failures, so that the attempt numbers decide what happens. */
    private final SyntheticWorld world = new SyntheticWorld(new SyntheticWorld.Config(0.7, 5, 1, 10, 3, 0.5, 0.1, false,
            0, 0));

    @Test
    void attemptsAreNumberedPerCallOverEqualCalls() {
        assertThat(world.attempt(Call.of("step", "t", 1, "prev", 2), COMMITTED).number()).isZero();
        assertThat(world.attempt(Call.of("step", "prev", 2, "t", 1.0), COMMITTED).number()).isEqualTo(1);
        assertThat(world.attempt(Call.of("step", "t", 2, "prev", 2), COMMITTED).number()).isZero();
        assertThat(world.attempt(Call.of("other", "t", 1, "prev", 2), COMMITTED).number()).isZero();
        assertThat(world.attempt(Call.of("step", "t", 1, "prev", 2), COMMITTED).number()).isEqualTo(2);
    }

    /** At k = 8 a run starts about 75 distinct calls a step: counting their attempts must not keep them alive. */
    @Test
    void countingAttemptsKeepsNoCall() {
        WeakReference<Call> call = attemptOnce();
        for (int i = 0; i < 20 && call.get() != null; i++) {
            System.gc();
        }
        assertThat(call.get()).as("the call whose attempt was drawn, after the attempt was dropped").isNull();
        assertThat(world.attempt(Call.of("step", "t", 4, "prev", 5), COMMITTED).number()).isEqualTo(1);
    }

    private WeakReference<Call> attemptOnce() {
        Call call = Call.of("step", "t", 4, "prev", 5);
        assertThat(world.attempt(call, COMMITTED).number()).isZero();
        return new WeakReference<>(call);
    }
}
