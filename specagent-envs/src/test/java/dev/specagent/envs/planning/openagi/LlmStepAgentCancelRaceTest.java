package dev.specagent.envs.planning.openagi;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.FirstReport;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.specagent.envs.planning.openagi.LivePlanningReplayTest.MODEL;
import static dev.specagent.envs.planning.openagi.LivePlanningReplayTest.TASK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cancel that comes while an {@link LlmStepAgent} is reporting its answer (over the replay server, real HTTP): the
 * planner charges a cancelled call what it reported when the report came before the cancel returned
 * ({@link FirstReport#cancel}), else what the cancel returned. The agent used to end its proposal, then report outside
 * its lock: a cancel in between got zero from the handle and found no report yet, so the answered call was charged
 * nothing, and its report, coming after the cancel, was ignored.
 */
class LlmStepAgentCancelRaceTest {

    @ParameterizedTest(name = "answer ''{0}''")
    @ValueSource(strings = {"Image Denoising", "no idea"}) // a step, and an answer naming no tool (a failure)
    @Timeout(60)
    void aCancelWhileTheAnswerIsReportedChargesWhatTheAnswerConsumed(String answer) throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(
                LivePlanningReplayTest.entry(PlanPrompts.direct(TASK, List.of()), answer, 1))).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), MODEL)).apiKey(null)
                     .maxRetries(0).build();
             RealClock clock = new RealClock()) {
            FirstReport<String> report = new FirstReport<>();
            CountDownLatch reporting = new CountDownLatch(1);
            AtomicBoolean cancelReturned = new AtomicBoolean();
            AtomicReference<Thread> canceller = new AtomicReference<>();
            AtomicReference<Usage> reported = new AtomicReference<>();
            Completion<String> done = new Completion<>() {
                @Override
                public void succeed(String step, Usage usage) {
                    claim(step, usage);
                }

                @Override
                public void fail(Throwable error, Usage spent) {
                    claim(null, spent);
                }

                /** Lets the cancel run first: until it has returned, or waits for the agent's lock. */
                private void claim(String step, Usage usage) {
                    reported.set(usage);
                    reporting.countDown();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!cancelReturned.get() && !waiting(canceller.get()) && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    report.claim(step, usage);
                }
            };
            CallHandle handle = new LlmStepAgent(client, AgentStrategy.DIRECT).propose(TASK, List.of(), clock, done);
            assertThat(reporting.await(20, TimeUnit.SECONDS)).as("the answer came").isTrue();

            List<Usage> charged = new ArrayList<>();
            Thread cancel = new Thread(() -> {
                charged.add(report.cancel(handle, "the call", (message, error) -> charged.add(null)));
                cancelReturned.set(true);
            });
            canceller.set(cancel);
            cancel.start();
            cancel.join();

            assertThat(reported.get().promptTokens()).isEqualTo(300);
            assertThat(charged).as("the answered call is charged what its answer consumed")
                    .containsExactly(reported.get());
        }
    }

    private static boolean waiting(Thread t) {
        if (t == null) {
            return false;
        }
        Thread.State s = t.getState();
        return s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
}
