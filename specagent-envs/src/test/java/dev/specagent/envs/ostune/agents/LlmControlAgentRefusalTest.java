package dev.specagent.envs.ostune.agents;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.lossy.ControlledSystem;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.lossy.LossyRunner;
import dev.specagent.envs.ostune.OsTuneSystem;
import dev.specagent.envs.ostune.knob.SimulatedKnob;
import dev.specagent.envs.ostune.workload.LatencyModel;
import dev.specagent.envs.ostune.workload.SimulatedWorkload;
import dev.specagent.envs.ostune.workload.Workload;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.replay.SimulatedChatModel;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LLM agents whose every decision fails, in simulated time: a model that always breaks the contract (each decision
 * is its answer and the one correction) or one that always fails with an HTTP error (404). The actor used to ask again
 * one second after each failure, so with the workload stalled after 4 readings it asked 31 times in 30 s on the same
 * readings; each agent is now asked at most once per reading, nothing is written, and the run goes on.
 */
class LlmControlAgentRefusalTest {

    private static final int READINGS = 4;

    /** The simulated workload, stalled after {@link #READINGS} readings (a hung sysbench). */
    private record Stalling(Workload workload) implements Workload {
        @Override
        public void start(Clock clock, ControlledSystem.Sink sink) {
            AtomicInteger readings = new AtomicInteger();
            workload.start(clock, new ControlledSystem.Sink() {
                @Override
                public void reading(double metric) {
                    if (readings.incrementAndGet() <= READINGS) {
                        sink.reading(metric);
                    }
                }

                @Override
                public void failed(Throwable error) {
                    sink.failed(error);
                }
            });
        }

        @Override
        public long readingIntervalNanos() {
            return workload.readingIntervalNanos();
        }

        @Override
        public void stop() {
            workload.stop();
        }

        @Override
        public String describe() {
            return "stalled " + workload.describe();
        }
    }

    private static SimulatedChatModel model(SimulatedClock clock, String model, boolean refuses) {
        List<TraceEntry> refusals = new ArrayList<>();
        for (int i = 0; refuses && i < 100; i++) {
            refusals.add(LlmControlAgentReplayTest.answer(model, "I would lower it a little.", 200));
        }
        return new SimulatedChatModel(clock, refusals, LlmEndpoint.of("http://127.0.0.1:9/v1", model), PriceTable.builtIn(),
                1.0, ReplayServer.Fallback.ORDER);
    }

    @ParameterizedTest(name = "refuses the contract: {0}")
    @ValueSource(booleans = {true, false})
    void anAgentWhoseDecisionsFailIsAskedAtMostOncePerReading(boolean refuses) {
        SimulatedClock clock = new SimulatedClock(3);
        SimulatedKnob knob = new SimulatedKnob();
        SimulatedChatModel actor = model(clock, LlmControlAgentReplayTest.ACTOR, refuses);
        SimulatedChatModel speculator = model(clock, LlmControlAgentReplayTest.SPECULATOR, refuses);
        LossyResult r = LossyRunner.builder().clock(clock).envelope(SimulatedKnob.ENVELOPE).seconds(30)
                .system(new OsTuneSystem(knob, new Stalling(new SimulatedWorkload(knob, LatencyModel.DEFAULT, 0.05, 1))))
                .actor(LlmControlAgent.actor(actor)).speculator(LlmControlAgent.speculator(speculator))
                .build().run();

        int perDecision = refuses ? 1 + LlmControlAgent.CORRECTIONS : 1;
        assertThat(r.samples()).hasSize(READINGS);
        // the actor: its first decision at the start, then one per reading; the speculator: one per reading
        assertThat(actor.requests()).isEqualTo((READINGS + 1L) * perDecision);
        assertThat(speculator.requests()).isEqualTo((long) READINGS * perDecision);
        assertThat(r.writes()).isEmpty();
        assertThat(r.ledger()).hasSize(2 * READINGS + 1).allMatch(e -> e.fate() == Fate.WASTED)
                .filteredOn(e -> e.role() == Role.ACTOR).hasSize(READINGS + 1);
    }
}
