package dev.specagent.core.runner;

import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An actor, speculator or agent that breaks its contract (a null where a value is required) fails the run with a
 * {@link RunFailedException} that names who broke it and how to comply, with everything settled; not with a bare
 * exception from inside the runner.
 */
class ContractViolationTest {

    /** Counts to 3: inc{n} returns n + 1. */
    static final Agent<Integer> COUNT = new Agent<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Optional<Call> nextCall(Integer n) {
            return n >= 3 ? Optional.empty() : Optional.of(Call.of("inc", "n", n));
        }

        @Override
        public Integer transition(Integer n, Outcome outcome) {
            return outcome.value().asInt();
        }
    };

    /** Answers inc{n} with n + 1 after a second, at no cost. */
    static Actor oneSecondActor() {
        return actor(Usage.ZERO);
    }

    /** Answers inc{n} with n + 1 after a second, reporting {@code usage}. */
    private static Actor actor(Usage usage) {
        return (call, context) -> {
            Clock.Timer timer = context.clock().schedule(Clock.nanos(1),
                    () -> context.succeed(CanonicalJson.valueOf(call.args().get("n").asInt() + 1), usage));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
    }

    /** Guesses right after 0.1 s, reporting {@code guesses} (null: the right one) and {@code usage}. */
    private static Speculator<Integer> speculator(List<Guess> guesses, Usage usage, boolean nullGuesses) {
        return (state, pending, k, clock, done) -> {
            List<Guess> reported = nullGuesses ? null : guesses != null ? guesses : List.of(Guess.of(state + 1, 0.9));
            Clock.Timer timer = clock.schedule(Clock.nanos(0.1), () -> done.succeed(reported, usage));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
    }

    private static SpeculativeRunner.Builder<Integer> runner(Actor actor, Speculator<Integer> speculator) {
        return SpeculativeRunner.builder(COUNT).actor(actor).speculator(speculator).clock(new SimulatedClock(1))
                .policy(new ChainedPolicy(1, 3)).sideEffects(SideEffects.allReadOnly());
    }

    private static RunFailedException failure(SpeculativeRunner.Builder<Integer> runner) {
        RunFailedException e = catchThrowableOfType(RunFailedException.class, () -> runner.build().run());
        assertThat(e).as("the run fails with a RunFailedException").isNotNull();
        assertThat(e.ledger()).allSatisfy(entry -> assertThat(entry.usage()).isNotNull());
        return e;
    }

    @Test
    void theRulesHoldForWellBehavedParts() {
        RunResult<Integer> result = runner(actor(Usage.ZERO), speculator(null, Usage.ZERO, false)).build().run();
        assertThat(result.finalState()).isEqualTo(3);
        assertThat(result.figures().hits()).isEqualTo(2);
    }

    @Test
    void anActorReportingANullUsageFailsTheRunNamingItsCall() {
        RunFailedException e = failure(runner(actor(null), speculator(null, Usage.ZERO, false)));
        assertThat(e).hasMessageContaining("the actor's call inc{\"n\":0}")
                .hasMessageContaining("null usage").hasMessageContaining("Usage.ZERO");
        assertThat(e.committed()).isEmpty();
    }

    @Test
    void aSpeculatorReportingANullUsageFailsTheRunNamingItsCall() {
        RunFailedException e = failure(runner(actor(Usage.ZERO), speculator(null, null, false)));
        assertThat(e).hasMessageContaining("the speculator's proposal for inc{\"n\":0}")
                .hasMessageContaining("null usage");
        assertThat(e.ledger()).extracting(LedgerEntry::label).contains("guess inc");
    }

    @Test
    void aSpeculatorReportingNullGuessesFailsTheRunSayingWhatToReportInstead() {
        RunFailedException e = failure(runner(actor(Usage.ZERO), speculator(null, Usage.ZERO, true)));
        assertThat(e).hasMessageContaining("the speculator's proposal for inc{\"n\":0}")
                .hasMessageContaining("null guesses").hasMessageContaining("List.of()");
    }

    @Test
    void aNullUsageReportedAfterTheCallWasCancelledIsIgnoredLikeAnyLateReport() {
        // the speculator's cancel does not stop it: it reports (with a null usage) after it was cancelled
        Speculator<Integer> late = (state, pending, k, clock, done) -> {
            clock.schedule(Clock.nanos(5), () -> done.succeed(List.of(), null));
            return CallHandle.NONE;
        };
        RunResult<Integer> result = runner(actor(Usage.ZERO), late).build().run();
        assertThat(result.finalState()).isEqualTo(3);
    }

    /** Answers inc{n} with n + 1 after a second; its handle is {@code handle} given the timer. */
    private static Actor actorWithHandle(Function<Clock.Timer, CallHandle> handle) {
        return (call, context) -> handle.apply(context.clock().schedule(Clock.nanos(1),
                () -> context.succeed(CanonicalJson.valueOf(call.args().get("n").asInt() + 1), Usage.ZERO)));
    }

    /** Always one too far: the branch it opens (inc{n + 2}) is cancelled when the actual value arrives. */
    private static final Speculator<Integer> WRONG = Speculator.of((state, pending, k) -> List.of(Guess.of(state + 2, 0.9)));

    /**
     * An actor or speculator whose estimate is null (nothing known, said with null) fails the run naming the part and
     * what to return: it used to fail with a NullPointerException from inside the runner's budget check.
     */
    @Test
    void anEstimateThatIsNullFailsTheRunNamingThePartAndWhatToReturn() {
        Actor actor = oneSecondActor();
        Actor noEstimate = new Actor() {
            @Override
            public CallHandle start(Call call, dev.specagent.core.actor.CallContext context) {
                return actor.start(call, context);
            }

            @Override
            public Estimate estimate(Call call) {
                return null;
            }
        };
        RunFailedException e = failure(runner(noEstimate, WRONG));
        assertThat(e).hasMessage("Actor.estimate returned null for the call inc{\"n\":2} (return Estimate.UNKNOWN when "
                + "nothing is known)");

        Speculator<Integer> wrong = WRONG;
        Speculator<Integer> noProposalEstimate = new Speculator<>() {
            @Override
            public CallHandle propose(Integer state, Call pending, int k, Clock clock,
                                      dev.specagent.core.actor.Completion<List<Guess>> done) {
                return wrong.propose(state, pending, k, clock, done);
            }

            @Override
            public Estimate estimate() {
                return null;
            }
        };
        RunFailedException s = failure(runner(oneSecondActor(), noProposalEstimate));
        assertThat(s).hasMessage("Speculator.estimate returned null (return Estimate.UNKNOWN when nothing is known)");
    }

    /**
     * A side-effect table that answers null for a call (a map lookup that missed) fails the run naming the call and what
     * to return: it used to fail with a bare NullPointerException from inside the runner, before any call started.
     */
    @Test
    void aSideEffectThatIsNullFailsTheRunNamingTheCallAndWhatToReturn() {
        RunFailedException e = failure(runner(oneSecondActor(), WRONG).sideEffects(call -> null));
        assertThat(e).hasMessage("SideEffects.of returned null for the call inc{\"n\":0} (classify every call; "
                + "SideEffect.IRREVERSIBLE keeps it off every speculative path)");
    }

    @Test
    void anActorWhoseStartReturnsNoHandleFailsTheRunSayingWhatToReturn() {
        RunFailedException e = failure(runner(actorWithHandle(timer -> null), WRONG));
        assertThat(e).hasMessageContaining("the actor's call inc{\"n\":0}")
                .hasMessageContaining("null CallHandle").hasMessageContaining("CallHandle.NONE");
    }

    @Test
    void aSpeculatorWhoseProposeReturnsNoHandleFailsTheRunSayingWhatToReturn() {
        Speculator<Integer> noHandle = (state, pending, k, clock, done) -> {
            clock.schedule(Clock.nanos(0.1), () -> done.succeed(List.of(Guess.of(state + 1, 0.9)), Usage.ZERO));
            return null;
        };
        RunFailedException e = failure(runner(actor(Usage.ZERO), noHandle));
        assertThat(e).hasMessageContaining("the speculator's proposal for inc{\"n\":0}")
                .hasMessageContaining("null CallHandle");
    }

    @Test
    void aCancelThatThrowsFailsTheRunNamingTheCallWithTheCancelledCallSettled() {
        RunFailedException e = failure(runner(actorWithHandle(timer -> () -> {
            timer.cancel();
            throw new IllegalStateException("socket already closed");
        }), WRONG));
        assertThat(e).hasMessageContaining("cancelling the actor's call inc{\"n\":2} threw java.lang.IllegalStateException: socket already closed")
                .hasMessageContaining("must not throw");
        assertThat(e.getCause()).hasMessage("socket already closed");
        assertThat(e.ledger()).anySatisfy(entry -> {
            assertThat(entry.label()).isEqualTo("inc");
            assertThat(entry.fate()).isEqualTo(Fate.CANCELLED);
        });
        assertThat(e.committed()).hasSize(1); // the event that cancelled the branch committed inc{n:0} first
    }

    /** A cancel that throws an Error (a mock's AssertionError) is a broken contract too, named as one. */
    @Test
    void aCancelThatThrowsAnErrorFailsTheRunNamingTheCallWithTheCancelledCallSettled() {
        RunFailedException e = failure(runner(actorWithHandle(timer -> () -> {
            timer.cancel();
            throw new AssertionError("cancel was not expected");
        }), WRONG));
        assertThat(e).hasMessageContaining("cancelling the actor's call inc{\"n\":2} threw java.lang.AssertionError: "
                + "cancel was not expected").hasMessageContaining("must not throw");
        assertThat(e.getCause()).isInstanceOf(AssertionError.class);
        assertThat(e.ledger()).anySatisfy(entry -> {
            assertThat(entry.label()).isEqualTo("inc");
            assertThat(entry.fate()).isEqualTo(Fate.CANCELLED);
        });
    }

    @Test
    void aCancelThatReturnsNoUsageFailsTheRunSayingWhatToReturn() {
        RunFailedException e = failure(runner(actorWithHandle(timer -> () -> {
            timer.cancel();
            return null;
        }), WRONG));
        assertThat(e).hasMessageContaining("cancelling the actor's call inc{\"n\":2}")
                .hasMessageContaining("null usage").hasMessageContaining("Usage.ZERO");
    }

    @Test
    void anAgentWhoseNextCallReturnsNullFailsTheRunSayingWhatToReturn() {
        Agent<Integer> agent = nullNextCallFromOne();
        RunFailedException e = catchThrowableOfType(RunFailedException.class, () -> SpeculativeRunner.builder(agent)
                .actor(actor(Usage.ZERO)).clock(new SimulatedClock(1)).build().run());
        assertThat(e).hasMessageContaining("Agent.nextCall returned null in state 1")
                .hasMessageContaining("Optional.empty()");
        assertThat(e.committed()).hasSize(1);
    }

    /**
     * The same on a guessed state, where the runner evaluates π on a speculator's guess: it used to fail with
     * "run failed: java.lang.NullPointerException: Cannot invoke "java.util.Optional.map(...)" because "next" is null".
     */
    @Test
    void anAgentWhoseNextCallReturnsNullOnAGuessedStateFailsTheRunSayingWhatToReturn() {
        Agent<Integer> agent = nullNextCallFromOne();
        RunFailedException e = catchThrowableOfType(RunFailedException.class, () -> SpeculativeRunner.builder(agent)
                .actor(actor(Usage.ZERO)).speculator(speculator(null, Usage.ZERO, false)).policy(new ChainedPolicy(1, 3))
                .sideEffects(SideEffects.allReadOnly()).clock(new SimulatedClock(1)).build().run());
        assertThat(e).hasMessage("run failed: java.lang.NullPointerException: Agent.nextCall returned null in state 1 "
                + "(return Optional.empty() when the agent is done)");
    }

    @Test
    void anActorReportingAFailureWithANullUsageFailsTheRunNamingItsCall() {
        Actor failsWithoutUsage = (call, context) -> {
            context.clock().schedule(Clock.nanos(1), () -> context.fail(new IllegalStateException("down"), null));
            return CallHandle.NONE;
        };
        RunFailedException e = failure(runner(failsWithoutUsage, speculator(null, Usage.ZERO, false)));
        assertThat(e).hasMessage("the actor's call inc{\"n\":0} reported a failure (down) with a null usage (report "
                + "Usage.ZERO for a call that cost nothing)");
    }

    @Test
    void aHandleWhoseAdoptedThrowsFailsTheRunNamingTheCall() {
        RunFailedException e = failure(runner(actorWithHandle(timer -> new CallHandle() {
            @Override
            public Usage cancel() {
                timer.cancel();
                return Usage.ZERO;
            }

            @Override
            public void adopted() {
                throw new IllegalStateException("not now");
            }
        }), speculator(null, Usage.ZERO, false)));
        assertThat(e).hasMessage("the actor's call inc{\"n\":1}: CallHandle.adopted threw "
                + "java.lang.IllegalStateException: not now (it must not throw)");
        assertThat(e.getCause()).hasMessage("not now");
    }

    /**
     * A call that times out and, as its cancel stops it, reports its end (as {@link CallHandle#cancel} asks of a call
     * that took effect) with a null usage: the runner waits for that report, so it must fail the run naming the call,
     * not drop the report as one made after a cancel and wait for ever (on a simulated clock: stall).
     */
    @Test
    void aCallReportingANullUsageAsItsTimeoutCancelsItFailsTheRunNamingItsCall() {
        Actor reportsAsCancelled = (call, context) -> () -> {
            context.succeed(CanonicalJson.valueOf(call.args().get("n").asInt() + 1), null);
            return Usage.ZERO;
        };
        RunFailedException e = failure(runner(reportsAsCancelled, speculator(null, Usage.ZERO, false))
                .limits(RunLimits.DEFAULT.withCallTimeout(Duration.ofSeconds(1))));
        assertThat(e).hasMessageContaining("the actor's call inc{\"n\":0}").hasMessageContaining("null usage");
    }

    /** The same for a proposal whose timeout cancels it as it reports null guesses, with a commit awaiting them. */
    @Test
    void aProposalReportingNullGuessesAsItsTimeoutCancelsItFailsTheRunNamingIt() {
        Speculator<Integer> reportsAsCancelled = (state, pending, k, clock, done) -> () -> {
            done.succeed(null, Usage.ZERO);
            return Usage.ZERO;
        };
        RunFailedException e = failure(runner(actor(Usage.ZERO), reportsAsCancelled)
                .policy(new Algorithm1Policy(1, true))
                .limits(RunLimits.DEFAULT.withCallTimeout(Duration.ofSeconds(2))));
        assertThat(e).hasMessageContaining("the speculator's proposal for inc{\"n\":0}")
                .hasMessageContaining("null guesses");
    }

    /**
     * An actor whose value has no JSON form (a double NaN, such as {@code Actor.blocking} makes of a method returning
     * 0.0 / 0.0) fails its call with a message saying so, and the run fails as for any call that keeps failing. It
     * used to end the run with a bare NullPointerException from inside the runner (the call was marked done before
     * its outcome could be built, then committed as null).
     */
    @Test
    void anActorValueWithNoJsonFormFailsTheCallSayingWhy() {
        Actor notANumber = (call, context) -> {
            Clock.Timer timer = context.clock().schedule(Clock.nanos(1),
                    () -> context.succeed(DoubleNode.valueOf(Double.NaN), Usage.ofCost(0.01)));
            return () -> {
                timer.cancel();
                return Usage.ZERO;
            };
        };
        RunFailedException e = failure(runner(notANumber, speculator(null, Usage.ZERO, false)));
        assertThat(e).hasMessageContaining("inc{\"n\":0}").hasMessageContaining("NaN");
        assertThat(e.committed()).isEmpty();
        assertThat(e.ledger()).filteredOn(entry -> entry.role() == Role.ACTOR)
                .isNotEmpty().allSatisfy(entry -> {
                    assertThat(entry.fate()).isEqualTo(Fate.WASTED);
                    assertThat(entry.usage()).isEqualTo(Usage.ofCost(0.01));
                });
    }

    /** A proposal that cannot start failed like one that reports a failure: a commit waiting for it goes on. */
    @Test
    void aSpeculatorWhoseProposeThrowsHoldsNothingUp() {
        Speculator<Integer> throwing = (state, pending, k, clock, done) -> {
            throw new IllegalStateException("no model");
        };
        RunResult<Integer> result = runner(actor(Usage.ZERO), throwing)
                .policy(new Algorithm1Policy(1, true)).build().run();
        assertThat(result.finalState()).isEqualTo(3);
        assertThat(result.figures().speculativeSeconds()).isEqualTo(3.0);
        assertThat(result.ledger()).filteredOn(entry -> entry.role() == Role.SPECULATOR)
                .hasSize(3).extracting(LedgerEntry::fate).containsOnly(Fate.WASTED);
    }

    /** An agent that throws fails the run with a message that says so and names its exception. */
    @Test
    void anAgentThatThrowsFailsTheRunNamingItsException() {
        Agent<Integer> agent = new Agent<>() {
            @Override
            public Integer initialState() {
                return 0;
            }

            @Override
            public Optional<Call> nextCall(Integer n) {
                return n >= 3 ? Optional.empty() : Optional.of(Call.of("inc", "n", n));
            }

            @Override
            public Integer transition(Integer n, Outcome outcome) {
                if (n == 1) {
                    throw new IllegalStateException("no state after 1");
                }
                return outcome.value().asInt();
            }
        };
        RunFailedException e = catchThrowableOfType(RunFailedException.class, () -> SpeculativeRunner.builder(agent)
                .actor(actor(Usage.ZERO)).clock(new SimulatedClock(1)).build().run());
        assertThat(e).hasMessage("run failed: java.lang.IllegalStateException: no state after 1");
        assertThat(e.committed()).hasSize(2);
    }

    /** An agent that calls inc from 0 and whose nextCall returns null (not Optional.empty()) in any state from 1. */
    private static Agent<Integer> nullNextCallFromOne() {
        return new Agent<>() {
            @Override
            public Integer initialState() {
                return 0;
            }

            @Override
            public Optional<Call> nextCall(Integer n) {
                return n >= 1 ? null : Optional.of(Call.of("inc", "n", n));
            }

            @Override
            public Integer transition(Integer n, Outcome outcome) {
                return outcome.value().asInt();
            }
        };
    }
}
