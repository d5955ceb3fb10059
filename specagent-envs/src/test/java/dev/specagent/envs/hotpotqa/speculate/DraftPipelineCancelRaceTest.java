package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.HotpotLlmReplayTestAccess;
import dev.specagent.envs.hotpotqa.react.ReactState;
import dev.specagent.envs.hotpotqa.react.ThoughtAction;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline cancelled just as its guess has answered and its draft is being started (LLM guesser and drafter over
 * the replay server, real HTTP). It used to take the guess's finished call for the running stage until the draft's
 * handle replaced it: the cancel charged the guess a second time (a finished call's cancel returns its full usage),
 * and the draft, started after the cancel, was never cancelled (its request ran to the end on the server) nor charged.
 * The draft's request is slow (20 s), so one answered in full would show.
 */
class DraftPipelineCancelRaceTest {

    @Test
    @Timeout(60)
    void aCancelAsTheDraftStartsReachesTheDraftAndChargesTheGuessOnce() throws Exception {
        try (ReplayServer server = ReplayServer.builder(List.of(
                        HotpotLlmReplayTestAccess.answer("guess-m", "Alpha is a city. Its mayor is Bob.", 10),
                        HotpotLlmReplayTestAccess.answer("draft-m", "Action 2: Lookup[mayor]", 20_000)))
                .fallback(ReplayServer.Fallback.ORDER).start();
             ChatClient guesser = HotpotLlmReplayTestAccess.client(server, "guess-m");
             ChatClient drafterClient = HotpotLlmReplayTestAccess.client(server, "draft-m");
             RealClock clock = new RealClock()) {
            LlmActionDrafter llmDrafter = new LlmActionDrafter(drafterClient, HotpotLlmReplayTestAccess.PROMPT);
            CountDownLatch drafting = new CountDownLatch(1);
            AtomicBoolean cancelReturned = new AtomicBoolean();
            AtomicReference<Thread> canceller = new AtomicReference<>();
            AtomicReference<Usage> draftCancelCharge = new AtomicReference<>();
            ActionDrafter drafter = new ActionDrafter() {
                @Override
                public CallHandle draft(ReactState state, String guessedObservation, int k, Clock c,
                                        Completion<List<String>> done) {
                    drafting.countDown();
                    // let the cancel run first: until it has returned, or waits for the pipeline's lock
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!cancelReturned.get() && !waiting(canceller.get()) && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    CallHandle llm = llmDrafter.draft(state, guessedObservation, k, c, done);
                    return () -> {
                        Usage u = llm.cancel();
                        draftCancelCharge.set(u);
                        return u;
                    };
                }

                @Override
                public String name() {
                    return llmDrafter.name();
                }
            };
            ReactState state = ReactState.start(HotpotLlmReplayTestAccess.Q)
                    .awaiting(new ThoughtAction("I need to search Alpha.", "Search[Alpha]"));
            LlmObservationGuesser llmGuesser = new LlmObservationGuesser(guesser);
            AtomicReference<Usage> guessed = new AtomicReference<>();
            ObservationGuesser recordingGuesser = new ObservationGuesser() {
                @Override
                public CallHandle guess(HotpotQuestion question, String entity, Clock c, Completion<String> done) {
                    return llmGuesser.guess(question, entity, c, new Completion<>() {
                        @Override
                        public void succeed(String observation, Usage usage) {
                            guessed.set(usage);
                            done.succeed(observation, usage);
                        }

                        @Override
                        public void fail(Throwable error, Usage spent) {
                            done.fail(error, spent);
                        }
                    });
                }

                @Override
                public String name() {
                    return llmGuesser.name();
                }
            };
            DraftPipeline pipeline = DraftPipeline.start(recordingGuesser, drafter, state, "Alpha", 1,
                    clock, new SpeculationTally());
            assertThat(drafting.await(20, TimeUnit.SECONDS)).as("the guess answered").isTrue();

            AtomicReference<Usage> charged = new AtomicReference<>();
            Thread cancel = new Thread(() -> {
                charged.set(pipeline.cancel());
                cancelReturned.set(true);
            });
            canceller.set(cancel);
            cancel.start();
            cancel.join();

            assertThat(draftCancelCharge.get()).as("the cancel reached the draft's call").isNotNull();
            // cancelled at once, the draft's request may not have reached the server; if it did, it was cut off
            assertThat(server.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(server.served()).as("only the guess was answered in full").isEqualTo(1);
            assertThat(guessed.get().promptTokens()).isEqualTo(100);
            assertThat(charged.get()).as("the guess charged once, the draft what its cancel returned")
                    .isEqualTo(guessed.get().plus(draftCancelCharge.get()));
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
