package dev.specagent.core.lossy;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.assertj.core.api.Assertions.within;

class LossyRunnerTest {

    /** A knob in memory whose metric is |x - 10| + 5, read every second; counts closes. */
    static final class ValleySystem implements ControlledSystem {
        double value;
        final double original;
        int closes;
        double failWritesAbove = Double.MAX_VALUE;
        /** Whether writes keep whole units only, as a kernel knob does. */
        boolean wholeUnits;
        /** Seconds between readings. */
        double interval = 1;
        /** No reading after this many (a workload that stalls). */
        long lastReading = Long.MAX_VALUE;
        /** Seconds before the first reading's interval begins (a workload that starts late). */
        double startDelay;
        /** After this many readings the workload reports a failure (a checked exception) instead of a reading. */
        long failWorkloadAfter = Long.MAX_VALUE;
        /** Whether reading the knob fails. */
        boolean failRead;
        /** Whether closing (restoring the knob) fails. */
        boolean failClose;
        /** An Error closing throws after restoring the knob, or null. */
        Error closeError;
        private long readings;
        private boolean stopped;

        ValleySystem(double initial) {
            this.value = initial;
            this.original = initial;
        }

        @Override
        public String knobName() {
            return "valley";
        }

        @Override
        public String knobUnit() {
            return "u";
        }

        @Override
        public double read() {
            if (failRead) {
                throw new UncheckedIOException(new IOException("knob unreadable"));
            }
            return value;
        }

        @Override
        public double write(double v) {
            if (v > failWritesAbove) {
                throw new UncheckedIOException(new IOException("write refused: " + v));
            }
            value = wholeUnits ? Math.round(v) : v;
            return value;
        }

        @Override
        public void start(Clock clock, Sink sink) {
            if (startDelay > 0) {
                clock.schedule(Clock.nanos(startDelay), () -> tick(clock, sink));
            } else {
                tick(clock, sink);
            }
        }

        private void tick(Clock clock, Sink sink) {
            clock.schedule(Clock.nanos(interval), () -> {
                if (!stopped && readings == failWorkloadAfter) {
                    sink.failed(new IOException("workload died"));
                } else if (!stopped && readings++ < lastReading) {
                    sink.reading(Math.abs(value - 10) + 5);
                    tick(clock, sink);
                }
            });
        }

        @Override
        public long readingIntervalNanos() {
            return Clock.nanos(interval);
        }

        @Override
        public void close() {
            stopped = true;
            closes++;
            value = original;
            if (failClose) {
                throw new IllegalStateException("restore refused");
            }
            if (closeError != null) {
                throw closeError;
            }
        }
    }

    /** An agent that answers {@code rule(context)} after {@code seconds} of clock time, costing {@code usage}. */
    static <C> ControlAgent<C> agent(double seconds, Usage usage, Function<C, Decision> rule) {
        return new ControlAgent<>() {
            @Override
            public CallHandle decide(C context, Clock clock, Completion<Decision> done) {
                Decision d = rule.apply(context);
                Clock.Timer t = clock.schedule(Clock.nanos(seconds), () -> {
                    if (d == null) {
                        done.fail(new IllegalStateException("no answer"), usage);
                    } else {
                        done.succeed(d, usage);
                    }
                });
                return () -> {
                    t.cancel();
                    return usage;
                };
            }

            @Override
            public String describe() {
                return "test agent";
            }
        };
    }

    static final SafetyEnvelope ENV = new SafetyEnvelope(0, 100, 5);

    @Test
    void speculatorStepsTowardsItsTargetWithinTheEnvelope() {
        ValleySystem system = new ValleySystem(40);
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(20)
                .speculator(agent(0.05, Usage.ZERO, (HybridContext c) -> new Decision(10, "valley floor")))
                .build().run();
        assertThat(r.samples()).hasSizeBetween(19, 20);
        assertThat(r.writes()).allSatisfy(w -> {
            assertThat(Math.abs(w.applied() - w.previous())).isLessThanOrEqualTo(5);
            assertThat(w.source()).isEqualTo(WriteSource.SPECULATOR);
        });
        assertThat(r.writes().get(r.writes().size() - 1).applied()).isEqualTo(10);
        assertThat(r.samples().get(r.samples().size() - 1).metric()).isEqualTo(5);
        assertThat(r.originalValue()).isEqualTo(40);
        assertThat(system.closes).isEqualTo(1);
        assertThat(system.value).isEqualTo(40);
    }

    /** The actor's decisions pass the envelope too: a wild answer moves the knob one step at a time, within bounds. */
    @Test
    void theActorsWritesStayWithinTheEnvelope() {
        ValleySystem system = new ValleySystem(40);
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(10)
                .actor(agent(1, Usage.ZERO, (CompressedHistory c) -> new Decision(1000, "all the way up")))
                .build().run();
        assertThat(r.writes()).filteredOn(w -> w.source() == WriteSource.ACTOR).hasSizeGreaterThan(3)
                .allSatisfy(w -> {
                    assertThat(w.requested()).isEqualTo(1000);
                    assertThat(w.applied()).isBetween(ENV.min(), ENV.max());
                    assertThat(Math.abs(w.applied() - w.previous())).isLessThanOrEqualTo(ENV.maxStep());
                });
    }

    /** A deliberation still running when the run ends is cancelled, and charged what its cancel reported. */
    @Test
    void aDeliberationCutByTheEndOfTheRunIsChargedWhatItSpent() {
        Usage spent = new Usage(900, 40, 0, 0.004);
        ControlAgent<CompressedHistory> slow = new ControlAgent<>() {
            @Override
            public CallHandle decide(CompressedHistory context, Clock clock, Completion<Decision> done) {
                Clock.Timer t = clock.schedule(Clock.nanos(60), () -> done.succeed(new Decision(20, "late"), spent));
                return () -> {
                    t.cancel();
                    return spent;
                };
            }

            @Override
            public String describe() {
                return "slow actor";
            }
        };
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(1)).system(new ValleySystem(40)).envelope(ENV)
                .seconds(10).actor(slow).build().run();
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.ACTOR).singleElement().satisfies(e -> {
            assertThat(e.fate()).isEqualTo(Fate.CANCELLED);
            assertThat(e.usage()).isEqualTo(spent);
            assertThat(e.endNanos()).isEqualTo(Clock.nanos(10));
        });
        assertThat(r.figures().costUsd()).isEqualTo(0.004);
    }

    /**
     * A decision that reported at the run's last instant, its report not yet landed when the run ends, is charged what
     * it reported, as the runner charges a call cancelled at the instant it finished ({@code FirstReport#cancel}): its
     * cancel stops nothing then and may return zero, as this agent's does. The decision was charged that zero. Over
     * seeds, the report, the end of the run and the report's landing at t = 3 come in every order.
     */
    @Test
    void aDecisionThatReportedAsTheRunEndedIsChargedWhatItReported() {
        boolean cutAfterItsReport = false;
        for (long seed = 0; seed < 40; seed++) {
            double[] spent = {0}; // what the agent reported or its cancels returned
            boolean[] cancelledAfterReport = {false};
            ControlAgent<HybridContext> oneSecond = new ControlAgent<>() {
                @Override
                public CallHandle decide(HybridContext context, Clock clock, Completion<Decision> done) {
                    Clock.Timer t = clock.schedule(Clock.nanos(1), () -> {
                        spent[0] += 1.0;
                        done.succeed(new Decision(12, "up"), Usage.ofCost(1.0));
                    });
                    return () -> {
                        if (t.cancel()) {
                            spent[0] += 0.5;
                            return Usage.ofCost(0.5);
                        }
                        cancelledAfterReport[0] = true;
                        return Usage.ZERO; // it has reported: the cancel stops nothing
                    };
                }

                @Override
                public String describe() {
                    return "one-second speculator";
                }
            };
            LossyResult r = LossyRunner.builder().clock(new SimulatedClock(seed)).system(new ValleySystem(10))
                    .envelope(ENV).seconds(3).speculator(oneSecond).build().run();
            assertThat(r.figures().costUsd()).as("seed %d", seed).isEqualTo(spent[0]);
            cutAfterItsReport |= cancelledAfterReport[0];
        }
        assertThat(cutAfterItsReport).as("some seed ends the run between a report and its landing").isTrue();
    }

    /**
     * An agent whose report breaks the {@link Completion} contract (a null usage, or a null decision) fails the run
     * with a message naming the decision and what to report instead, the decision settled in the partial ledger and
     * the knob restored. The run failed with the message "usage" (a bare NullPointerException's), the decision missing
     * from the ledger, or with "Cannot invoke Decision.value()" for a null decision.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "success with a null usage|the speculator's decision reported success with a null usage (report Usage.ZERO",
            "a null decision         |the speculator's decision reported a null decision (report a failure",
            "a failure, null usage   |the speculator's decision reported a failure (no model) with a null usage"})
    void aReportThatBreaksTheCompletionContractFailsTheRunNamingTheDecision(String report, String message) {
        ControlAgent<HybridContext> broken = new ControlAgent<>() {
            @Override
            public CallHandle decide(HybridContext context, Clock clock, Completion<Decision> done) {
                clock.schedule(Clock.nanos(0.5), () -> {
                    switch (report) {
                        case "success with a null usage" -> done.succeed(new Decision(12, "up"), null);
                        case "a null decision" -> done.succeed(null, Usage.ZERO);
                        default -> done.fail(new IllegalStateException("no model"), null);
                    }
                });
                return CallHandle.NONE;
            }

            @Override
            public String describe() {
                return "broken speculator";
            }
        };
        ValleySystem system = new ValleySystem(10);
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(5)
                .speculator(broken).build();
        assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((LossyRunException) e).partial().ledger()).singleElement()
                        .satisfies(entry -> {
                            assertThat(entry.role()).isEqualTo(Role.SPECULATOR);
                            assertThat(entry.fate()).isEqualTo(Fate.CANCELLED);
                            assertThat(entry.usage()).isEqualTo(Usage.ZERO);
                        }));
        assertThat(system.closes).isEqualTo(1);
        assertThat(system.value).isEqualTo(10);
    }

    /**
     * A deliberation cut by the end of the run whose cancel breaks its contract (throws, or returns no usage) fails the
     * run naming it, with the decision settled; the system is closed all the same, so the knob is restored.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCancelThatBreaksItsContractAtTheEndStillRestoresTheKnob(boolean throwing) {
        ControlAgent<CompressedHistory> broken = new ControlAgent<>() {
            @Override
            public CallHandle decide(CompressedHistory context, Clock clock, Completion<Decision> done) {
                if (context.currentValue() == 40) { // the first decision writes 45; the second is still out at the end
                    clock.schedule(Clock.nanos(1), () -> done.succeed(new Decision(45, "up"), Usage.ZERO));
                }
                return () -> {
                    if (throwing) {
                        throw new IllegalStateException("socket already closed");
                    }
                    return null;
                };
            }

            @Override
            public String describe() {
                return "actor with a broken cancel";
            }
        };
        ValleySystem system = new ValleySystem(40);
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(5)
                .actor(broken).build();
        assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class)
                .hasMessageContaining("cancelling the actor's decision")
                .hasMessageContaining(throwing ? "socket already closed" : "null usage")
                .satisfies(e -> assertThat(((LossyRunException) e).partial().ledger()).filteredOn(
                        entry -> entry.fate() == Fate.CANCELLED).singleElement()
                        .satisfies(entry -> assertThat(entry.usage()).isEqualTo(Usage.ZERO)));
        assertThat(system.closes).isEqualTo(1);
        assertThat(system.value).isEqualTo(40);
    }

    /**
     * A deliberation cut by the end of the run whose cancel throws an Error (a mock's AssertionError) fails the run
     * naming it, and the knob is restored: the Error used to escape before the system was closed, leaving the knob set.
     */
    @Test
    void aCancelThatThrowsAnErrorAtTheEndStillRestoresTheKnob() {
        ControlAgent<CompressedHistory> asserting = new ControlAgent<>() {
            @Override
            public CallHandle decide(CompressedHistory context, Clock clock, Completion<Decision> done) {
                if (context.currentValue() == 40) { // the first decision writes 45; the second is still out at the end
                    clock.schedule(Clock.nanos(1), () -> done.succeed(new Decision(45, "up"), Usage.ZERO));
                }
                return () -> {
                    throw new AssertionError("cancel was not expected");
                };
            }

            @Override
            public String describe() {
                return "actor whose cancel asserts";
            }
        };
        ValleySystem system = new ValleySystem(40);
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(5)
                .actor(asserting).build();
        assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class)
                .hasMessageContaining("cancelling the actor's decision")
                .hasMessageContaining("java.lang.AssertionError: cancel was not expected");
        assertThat(system.closes).isEqualTo(1);
        assertThat(system.value).isEqualTo(40);
    }

    /**
     * An agent that throws an Error as it decides (an AssertionError) fails the run with a LossyRunException keeping
     * the partial result, the knob restored: the Error used to escape run() bare, the partial result lost.
     */
    @Test
    void anAgentThrowingAnErrorFailsTheRunWithItsPartialResultAndTheKnobRestored() {
        ControlAgent<CompressedHistory> asserting = new ControlAgent<>() {
            @Override
            public CallHandle decide(CompressedHistory context, Clock clock, Completion<Decision> done) {
                if (context.currentValue() != 40) {
                    throw new AssertionError("a second decision was not expected");
                }
                clock.schedule(Clock.nanos(1), () -> done.succeed(new Decision(45, "up"), Usage.ZERO));
                return CallHandle.NONE;
            }

            @Override
            public String describe() {
                return "actor that asserts";
            }
        };
        ValleySystem system = new ValleySystem(40);
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(5)
                .actor(asserting).build();
        LossyRunException e = assertThrows(LossyRunException.class, runner::run);
        assertThat(e).hasMessageContaining("java.lang.AssertionError: a second decision was not expected");
        assertThat(e.getCause()).hasCauseInstanceOf(AssertionError.class);
        assertThat(e.partial().writes()).extracting(KnobWrite::applied).containsExactly(45.0);
        assertThat(system.closes).isEqualTo(1);
        assertThat(system.value).isEqualTo(40);
    }

    /**
     * An agent whose decide throws an exception (a model client that cannot start its request) has failed that decision,
     * as one that reports a failure has ({@link ControlAgent}: the run goes on), and as a speculative runner's actor
     * or speculator that throws as it starts: it used to end the whole run with a LossyRunException.
     */
    @Test
    void anAgentWhoseDecideThrowsAnExceptionFailsThatDecisionAndTheRunGoesOn() {
        int[] asked = {0};
        List<Throwable> failures = new ArrayList<>();
        ControlAgent<CompressedHistory> flaky = new ControlAgent<>() {
            @Override
            public CallHandle decide(CompressedHistory context, Clock clock, Completion<Decision> done) {
                if (asked[0]++ == 0) {
                    throw new IllegalStateException("connection refused");
                }
                clock.schedule(Clock.nanos(1), () -> done.succeed(new Decision(45, "up"), Usage.ZERO));
                return CallHandle.NONE;
            }

            @Override
            public String describe() {
                return "actor whose first decide throws";
            }
        };
        ValleySystem system = new ValleySystem(40);
        LossyResult result = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(5)
                .actor(flaky).listener(new LossyListener() {
                    @Override
                    public void onAgentFailure(WriteSource source, Throwable error) {
                        failures.add(error);
                    }
                }).build().run();
        assertThat(failures).singleElement().satisfies(f -> assertThat(f).hasMessage("connection refused"));
        assertThat(result.ledger()).extracting(LedgerEntry::fate).first().isEqualTo(Fate.WASTED);
        assertThat(result.writes()).extracting(KnobWrite::applied).isNotEmpty().containsOnly(45.0);
        assertThat(system.closes).isEqualTo(1);
    }

    /**
     * A system whose close throws an Error (an AssertionError in a test double) used to have it escape run() bare,
     * the partial result lost; it is a failed close like an exception's, carried by the LossyRunException.
     */
    @Test
    void aCloseThrowingAnErrorFailsTheRunWithItsPartialResult() {
        ValleySystem system = new ValleySystem(40);
        system.closeError = new AssertionError("restore not expected");
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(5)
                .actor(agent(1, Usage.ZERO, c -> new Decision(45, "up"))).actorGapSeconds(10).build();
        LossyRunException e = assertThrows(LossyRunException.class, runner::run);
        assertThat(e).hasMessageContaining("java.lang.AssertionError: restore not expected");
        assertThat(e.closeFailure()).hasValueSatisfying(c -> assertThat(c).hasCauseInstanceOf(AssertionError.class));
        assertThat(e.partial().writes()).extracting(KnobWrite::applied).containsExactly(45.0);
    }

    /**
     * A bucket count as large as the builder takes (compression(Integer.MAX_VALUE, ...): "as fine as it gets") made
     * the actor's first view allocate arrays of every bucket, failing the run at t=0 with 'OutOfMemoryError: Requested
     * array size exceeds VM limit' after the workload had started; only the buckets that hold readings are kept now.
     */
    @Test
    void aHugeBucketCountCompressesTheHistoryLikeAnyOther() {
        List<CompressedHistory> views = new ArrayList<>();
        ControlAgent<CompressedHistory> watching = agent(1, Usage.ZERO, c -> {
            views.add(c);
            return new Decision(c.currentValue() + 1, "up");
        });
        ValleySystem system = new ValleySystem(40);
        LossyResult result = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV).seconds(5)
                .actor(watching).actorGapSeconds(2).compression(Integer.MAX_VALUE, 600).build().run();
        assertThat(result.writes()).isNotEmpty();
        assertThat(views.getLast().buckets()).isNotEmpty()
                .allSatisfy(b -> assertThat(b.high() - b.low()).isGreaterThan(0));
    }

    /** A run that failed while a decision was out, whose cancel then broke: that failure was dropped, it is kept. */
    @Test
    void aBrokenCancelAfterTheRunFailedIsKeptBesideItsFailure() {
        ControlAgent<CompressedHistory> slow = new ControlAgent<>() {
            @Override
            public CallHandle decide(CompressedHistory context, Clock clock, Completion<Decision> done) {
                return () -> {
                    throw new IllegalStateException("socket already closed");
                };
            }

            @Override
            public String describe() {
                return "actor that never answers, with a broken cancel";
            }
        };
        ValleySystem dying = new ValleySystem(40);
        dying.failWorkloadAfter = 2;
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(1)).system(dying).envelope(ENV).seconds(5)
                .actor(slow).build();
        LossyRunException e = assertThrows(LossyRunException.class, runner::run);
        assertThat(e).hasMessageStartingWith("lossy run failed at t=3.0 s: workload died; ")
                .hasMessageContaining("cancelling the actor's decision").hasMessageContaining("socket already closed");
        assertThat(e.getCause().getSuppressed()).singleElement().satisfies(s -> assertThat(s)
                .hasMessageContaining("socket already closed"));
        assertThat(dying.closes).isEqualTo(1);
    }

    /**
     * A run as long as the clock's range (its length in nanoseconds at Long.MAX_VALUE) keeps the actor's gap: capping
     * the gap at the length plus one overflowed to a negative gap, so the actor decided again at once. Here its
     * second write is refused, which ends the run when it lands: 5 s after the first, not at once.
     */
    @Test
    void anActorGapHoldsInARunAsLongAsTheClocksRange() {
        ValleySystem system = new ValleySystem(40);
        system.failWritesAbove = 44;
        system.lastReading = 0;
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(1)).system(system).envelope(ENV)
                .seconds(1e10).actorGapSeconds(5)
                .actor(agent(1, Usage.ZERO, (CompressedHistory c) -> new Decision(c.currentValue() + 4, "up")))
                .build();
        assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class)
                .hasMessage("lossy run failed at t=7.0 s: java.io.IOException: write refused: 48.0");
    }

    @Test
    void lastWriteWinsAndAStaleSpeculatorDecisionIsDropped() {
        ValleySystem system = new ValleySystem(10);
        SafetyEnvelope wide = new SafetyEnvelope(0, 100, 100);
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(2)).system(system).envelope(wide).seconds(12)
                .actor(agent(5.2, new Usage(1000, 100, 0, 0.01), (CompressedHistory c) -> new Decision(50, "actor thinks 50")))
                .speculator(agent(0.5, new Usage(100, 10, 0, 0.001), (HybridContext c) -> new Decision(
                        c.lastActorWrite().isPresent() ? 45 : 10, "speculator")))
                .build().run();
        KnobWrite actorWrite = r.writes().stream().filter(w -> w.source() == WriteSource.ACTOR).findFirst().orElseThrow();
        assertThat(actorWrite.seconds()).isCloseTo(5.2, within(1e-9));
        assertThat(actorWrite.applied()).isEqualTo(50);
        // the speculator started at t=5 before the actor's write at 5.2 and landed at 5.5: stale, dropped
        assertThat(r.ledger()).anyMatch(e -> e.role() == Role.SPECULATOR && e.fate() == Fate.WASTED
                && e.startNanos() == Clock.nanos(5));
        // after the actor, the speculator reads the actor's decision in its hybrid context and writes 45
        assertThat(r.writes()).anyMatch(w -> w.source() == WriteSource.SPECULATOR && w.applied() == 45 && w.seconds() > 5.2);
        // the actor's next decision (t = 10.4) overwrites the speculator's 45 again
        assertThat(r.writes().stream().filter(w -> w.source() == WriteSource.ACTOR)).hasSize(2);
        assertThat(r.figures().promptTokens()).isPositive();
        long actorCalls = r.ledger().stream().filter(e -> e.role() == Role.ACTOR).count();
        assertThat(actorCalls).isEqualTo(3); // two committed, the third cancelled at the end
        assertThat(r.ledger()).anyMatch(e -> e.role() == Role.ACTOR && e.fate() == Fate.CANCELLED);
        assertThat(r.figures().costUsd()).isCloseTo(r.ledger().stream().mapToDouble(e -> e.usage().costUsd()).sum(),
                within(1e-12));
    }

    @Test
    void aSpeculatorDecisionStartedAtTheInstantOfAnActorWriteIsStaleWhateverTheEventOrder() {
        // the actor writes 10 at t = 3, the instant a reading starts the speculator, which keeps what it saw
        for (long seed = 0; seed < 50; seed++) {
            LossyResult r = LossyRunner.builder().clock(new SimulatedClock(seed)).system(new ValleySystem(5))
                    .envelope(new SafetyEnvelope(0, 100, 100)).seconds(3.9).actorGapSeconds(100)
                    .actor(agent(3, Usage.ZERO, (CompressedHistory c) -> new Decision(10, "actor")))
                    .speculator(agent(0.5, Usage.ZERO, (HybridContext c) -> new Decision(c.currentValue(), "keep")))
                    .build().run();
            assertThat(r.writes()).as("seed " + seed)
                    .noneMatch(w -> w.source() == WriteSource.SPECULATOR && w.seconds() > 3 && w.applied() != 10);
        }
    }

    @Test
    void aFailedWriteStopsTheRunRestoresTheKnobAndKeepsWhatWasRecorded() {
        ValleySystem system = new ValleySystem(10);
        system.failWritesAbove = 30;
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(3)).system(system).envelope(ENV).seconds(60)
                .speculator(agent(0, Usage.ZERO, (HybridContext c) -> new Decision(c.currentValue() + 5, "up")))
                .build();
        assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class)
                .hasMessageContaining("write refused")
                .satisfies(e -> {
                    LossyResult partial = ((LossyRunException) e).partial();
                    assertThat(partial.writes()).isNotEmpty();
                    assertThat(partial.samples()).isNotEmpty();
                    assertThat(partial.ledger()).isNotEmpty();
                });
        assertThat(system.closes).isEqualTo(1);
        assertThat(system.value).isEqualTo(10);
    }

    /** The time in the failure's message is written the same under a German locale, which writes 12,0. */
    @Test
    void aFailuresTimeIsWrittenWithADecimalPointInEveryLocale() {
        ValleySystem system = new ValleySystem(10);
        system.failWritesAbove = 30;
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(3)).system(system).envelope(ENV).seconds(60)
                .speculator(agent(0, Usage.ZERO, (HybridContext c) -> new Decision(c.currentValue() + 5, "up")))
                .build();
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class)
                    .hasMessageMatching("lossy run failed at t=\\d+\\.\\d s: .*write refused: 35\\.0");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theListenerHearsWhatEverySettledDecisionSpent() {
        // the CLI sums these to say what a run stopped by Ctrl-C had paid: committed, stale, failed and cancelled alike
        double[] heard = new double[1];
        long[] prompt = new long[1];
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(2)).system(new ValleySystem(10))
                .envelope(new SafetyEnvelope(0, 100, 100)).seconds(12)
                .actor(agent(5.2, new Usage(1000, 100, 0, 0.01), (CompressedHistory c) -> new Decision(50, "actor")))
                .speculator(agent(0.5, new Usage(100, 10, 0, 0.001), (HybridContext c) -> c.nowSeconds() < 3 ? null
                        : new Decision(45, "speculator")))
                .listener(new LossyListener() {
                    @Override
                    public void onSpent(WriteSource source, Usage usage) {
                        heard[0] += usage.costUsd();
                        prompt[0] += usage.promptTokens();
                    }
                }).build().run();
        assertThat(r.ledger()).extracting(LedgerEntry::fate).contains(Fate.COMMITTED, Fate.WASTED, Fate.CANCELLED);
        assertThat(prompt[0]).isEqualTo(r.figures().promptTokens());
        assertThat(heard[0]).isCloseTo(r.figures().costUsd(), within(1e-12));
    }

    @Test
    void agentFailuresAreWastedAndTheRunGoesOn() {
        ValleySystem system = new ValleySystem(20);
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(4)).system(system).envelope(ENV).seconds(10)
                .speculator(agent(0.1, new Usage(5, 0, 0, 0), (HybridContext c) -> null))
                .build().run();
        List<LedgerEntry> spec = r.ledger().stream().filter(e -> e.role() == Role.SPECULATOR).toList();
        assertThat(spec).hasSizeGreaterThan(5).allMatch(e -> e.fate() == Fate.WASTED || e.fate() == Fate.CANCELLED);
        assertThat(r.writes()).isEmpty();
        assertThat(r.samples()).hasSizeGreaterThanOrEqualTo(9);
    }

    /**
     * An actor whose every decision fails at once (a model that always refuses the contract) decided again one second
     * after each failure, on the same readings when none came in between: 30 paid decisions over readings every 3 s,
     * and a decision every second on the last context when the workload stalled. It now waits for a new reading.
     */
    @ParameterizedTest
    @CsvSource({"3, 1000, 10", "1, 4, 4"})
    void anActorWhoseDecisionsFailDecidesAgainOnlyOnANewReading(double interval, long lastReading, int readings) {
        ValleySystem system = new ValleySystem(20);
        system.interval = interval;
        system.lastReading = lastReading;
        List<Double> seen = new ArrayList<>(); // the latest reading each decision saw
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(5)).system(system).envelope(ENV).seconds(30.5)
                .actor(agent(0, new Usage(7, 0, 0, 0), (CompressedHistory c) -> {
                    seen.add(c.recent().isEmpty() ? -1 : c.recent().getLast().seconds());
                    return null;
                }))
                .build().run();
        assertThat(r.samples()).hasSize(readings);
        // the first decision at the start, then one per reading, each on a reading the last one had not seen
        assertThat(seen).hasSize(readings + 1).isSorted().doesNotHaveDuplicates();
        assertThat(r.writes()).isEmpty();
        assertThat(r.ledger()).allMatch(e -> e.fate() == Fate.WASTED && e.role() == Role.ACTOR);
        assertThat(r.figures().promptTokens()).isEqualTo(7L * (readings + 1));
    }

    @Test
    void aPerturbationBypassesTheStepButNotTheBoundsAndReadingsAfterAWriteAreNotSteady() {
        ValleySystem system = new ValleySystem(10);
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(5)).system(system).envelope(ENV).seconds(10)
                .perturb(new Perturbation(4.5, 90)).build().run();
        assertThat(r.writes()).singleElement().satisfies(w -> {
            assertThat(w.source()).isEqualTo(WriteSource.EXTERNAL);
            assertThat(w.applied()).isEqualTo(90);
        });
        MetricSample at5 = r.samples().stream().filter(s -> Math.abs(s.seconds() - 5) < 1e-9).findFirst().orElseThrow();
        MetricSample at6 = r.samples().stream().filter(s -> Math.abs(s.seconds() - 6) < 1e-9).findFirst().orElseThrow();
        assertThat(at5.steady()).isFalse();
        assertThat(at6.steady()).isTrue();
        assertThat(at6.knobValue()).isEqualTo(90);
        assertThatThrownBy(() -> LossyRunner.builder().clock(new SimulatedClock(5)).system(system).envelope(ENV)
                .perturb(new Perturbation(1, 500)).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perturbation value 500.0 is outside the envelope [0.0, 100.0] step <= 5.0");
    }

    /**
     * Settings that cannot work are refused when the runner is built, naming the setting, not after the
     * workload started: bins below 1 failed the run at the actor's first deliberation, and a memory of 0 or NaN
     * seconds silently gave the actor an empty history; a perturbation at or after the end silently never happened.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "seconds 0|run length must be positive", "every 0|speculator cadence must be at least one reading",
            "gap NaN|actor gap", "gap -1|actor gap",
            "bins 0|compression bins", "memory 0|compression memory", "memory NaN|compression memory", "memory -5|compression memory", "memory Infinity|compression memory",
            "perturb 10|perturbation at 10.0 s is not within", "perturb 12|perturbation at 12.0 s is not within"})
    void settingsThatCannotWorkAreRefusedBeforeTheRunStarts(String setting) {
        String[] kv = setting.split("\\|")[0].split(" ");
        double v = Double.parseDouble(kv[1]);
        ValleySystem system = new ValleySystem(10);
        LossyRunner.Builder b = LossyRunner.builder().clock(new SimulatedClock(8)).system(system).envelope(ENV).seconds(10)
                .actor(agent(1, Usage.ZERO, (CompressedHistory c) -> new Decision(12, "up")));
        switch (kv[0]) {
            case "seconds" -> b.seconds(v);
            case "every" -> b.speculatorEvery((int) v);
            case "gap" -> b.actorGapSeconds(v);
            case "bins" -> b.compression((int) v, 600);
            case "memory" -> b.compression(24, v);
            default -> b.perturb(new Perturbation(v, 20));
        }
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(setting.split("\\|")[1]);
        assertThat(system.closes).isZero();
    }

    /** A builder missing a required part fails at build() naming it and what else it needs, not with a bare "system". */
    @Test
    void aMissingPartIsNamedAtBuild() {
        assertThatThrownBy(() -> LossyRunner.builder().clock(new SimulatedClock(1)).envelope(ENV).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("system not set: LossyRunner.builder() needs a clock, a system and an envelope before build()");
        assertThatThrownBy(() -> LossyRunner.builder().system(new ValleySystem(10)).envelope(ENV).build())
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("clock not set: ");
        assertThatThrownBy(() -> LossyRunner.builder().clock(new SimulatedClock(1)).system(new ValleySystem(10)).build())
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("envelope not set: ");
        assertThatThrownBy(() -> LossyRunner.builder().listener(null)).hasMessage("listener");
        assertThatThrownBy(() -> LossyRunner.builder().perturb(null)).hasMessage("perturbation");
    }

    /**
     * An infinite actor gap (the actor decides once) overflowed the clock after the actor's first write. An actor that
     * answers at once writes at t = 0, so its gap must reach past the end of the run, not just to it.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 1})
    void anInfiniteActorGapLetsTheActorDecideOnce(double deliberation) {
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(9)).system(new ValleySystem(10)).envelope(ENV)
                .seconds(10).actorGapSeconds(Double.POSITIVE_INFINITY)
                .actor(agent(deliberation, Usage.ZERO, (CompressedHistory c) -> new Decision(12, "up")))
                .build().run();
        assertThat(r.writes()).singleElement().satisfies(w -> assertThat(w.source()).isEqualTo(WriteSource.ACTOR));
        assertThat(r.ledger()).singleElement().satisfies(e -> assertThat(e.fate()).isEqualTo(Fate.COMMITTED));
    }

    /**
     * A kernel knob keeps whole units: a speculator asking for 40.4 while 40 is in force writes, but the knob
     * keeps 40. No reading may then claim the knob changed during its second, or the actor's compressed
     * history (steady readings only) loses every reading while the speculator holds such a value.
     */
    @Test
    void aWriteTheSystemRoundsBackToTheValueInForceLeavesTheReadingsSteady() {
        ValleySystem rounding = new ValleySystem(40);
        rounding.wholeUnits = true;
        List<CompressedHistory> seen = new ArrayList<>();
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(7)).system(rounding).envelope(ENV).seconds(20)
                .speculator(agent(0.3, Usage.ZERO, (HybridContext c) -> new Decision(40.4, "just above")))
                .actor(agent(15, Usage.ZERO, (CompressedHistory c) -> {
                    seen.add(c);
                    return new Decision(40, "keep");
                }))
                .build().run();
        assertThat(r.writes()).noneMatch(w -> w.source() == WriteSource.SPECULATOR);
        assertThat(r.samples()).hasSizeGreaterThan(10).allSatisfy(s -> {
            assertThat(s.knobValue()).isEqualTo(40);
            assertThat(s.steady()).as("reading at t=%s s", s.seconds()).isTrue();
        });
        CompressedHistory actorView = seen.get(seen.size() - 1);
        assertThat(actorView.buckets()).singleElement().satisfies(b -> assertThat(b.count()).isGreaterThanOrEqualTo(14));
    }

    @Test
    void theContextsCarryTheCompressedHistoryAndTheHybridView() {
        ValleySystem system = new ValleySystem(30);
        List<CompressedHistory> seen = new ArrayList<>();
        List<HybridContext> hybrid = new ArrayList<>();
        LossyRunner.builder().clock(new SimulatedClock(6)).system(system).envelope(ENV).seconds(30)
                .actor(agent(10, Usage.ZERO, (CompressedHistory c) -> {
                    seen.add(c);
                    return new Decision(c.currentValue() - 5, "down");
                }))
                .speculator(agent(0, Usage.ZERO, (HybridContext c) -> {
                    hybrid.add(c);
                    return new Decision(c.currentValue(), "keep");
                }))
                .build().run();
        CompressedHistory last = seen.get(seen.size() - 1);
        assertThat(last.buckets()).isNotEmpty();
        assertThat(last.recent()).hasSizeLessThanOrEqualTo(CompressedHistory.RECENT);
        assertThat(last.lastActorWrite()).isPresent();
        assertThat(last.toText()).contains("valley").contains("mean p95");
        HybridContext h = hybrid.get(hybrid.size() - 1);
        assertThat(h.lastActorWrite()).isPresent();
        assertThat(h.samples()).allMatch(s -> s.atNanos() >= h.lastActorWrite().get().atNanos());
        assertThat(h.toText()).contains("actor's latest decision").contains("down");
    }

    @Test
    void theListenerHearsEveryReadingWriteAndAgentFailure() {
        List<MetricSample> samples = new ArrayList<>();
        List<KnobWrite> writes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(3)).system(new ValleySystem(30)).envelope(ENV)
                .seconds(10).perturb(new Perturbation(2.5, 50))
                .speculator(agent(0.1, Usage.ZERO, (HybridContext c) -> c.nowSeconds() < 5 ? null
                        : new Decision(c.currentValue() - 5, "down")))
                .listener(new LossyListener() {
                    @Override
                    public void onSample(MetricSample sample) {
                        samples.add(sample);
                    }

                    @Override
                    public void onWrite(KnobWrite write) {
                        writes.add(write);
                    }

                    @Override
                    public void onAgentFailure(WriteSource source, Throwable error) {
                        failures.add(source + ": " + error.getMessage());
                    }
                }).build().run();
        assertThat(samples).isEqualTo(r.samples()).hasSizeGreaterThan(8);
        assertThat(writes).isEqualTo(r.writes()).hasSizeGreaterThan(3);
        assertThat(failures).hasSize(4).containsOnly("SPECULATOR: no answer")
                .hasSize((int) r.ledger().stream().filter(e -> e.fate() == Fate.WASTED).count());
    }

    @Test
    void theSpeculatorDecidesAtEveryNthReading() {
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(3)).system(new ValleySystem(30)).envelope(ENV)
                .seconds(10.5).speculatorEvery(3)
                .speculator(agent(0.1, Usage.ZERO, (HybridContext c) -> new Decision(c.currentValue() - 5, "down")))
                .build().run();
        assertThat(r.ledger()).extracting(LedgerEntry::startNanos)
                .containsExactly(Clock.nanos(3), Clock.nanos(6), Clock.nanos(9));
    }

    /** A run times everything from its own start, also on a clock that has been running before it. */
    @Test
    void aRunOnAClockThatIsNotAtZeroTimesEverythingFromItsStart() {
        SimulatedClock clock = new SimulatedClock(4);
        clock.schedule(Clock.nanos(100), () -> { });
        clock.drain();
        LossyResult r = LossyRunner.builder().clock(clock).system(new ValleySystem(30)).envelope(ENV).seconds(5)
                .actor(agent(1.5, Usage.ZERO, (CompressedHistory c) -> new Decision(25, "down")))
                .build().run();
        assertThat(r.seconds()).isEqualTo(5.0);
        assertThat(r.samples()).extracting(MetricSample::seconds).startsWith(1.0, 2.0);
        assertThat(r.writes()).first().satisfies(w -> assertThat(w.seconds()).isEqualTo(1.5));
        assertThat(r.ledger()).first().satisfies(e -> assertThat(e.startNanos()).isZero());
    }

    /**
     * A reading is steady when the knob kept its value over the interval it covers but for that interval's first
     * tenth: the interval ends at the reading and begins at the reading before (for the first one, one interval
     * earlier, also when the workload starts late).
     */
    @ParameterizedTest
    @CsvSource({"0, 0.5, 1, false", "0, 3.1, 4, true", "0, 3.2, 4, false",
            "1.5, 1.0, 2.5, true", "1.5, 1.7, 2.5, false"})
    void aReadingIsSteadyUnlessTheKnobChangedAfterTheFirstTenthOfItsInterval(double startDelay, double perturbAt,
                                                                             double readingAt, boolean steady) {
        ValleySystem system = new ValleySystem(30);
        system.startDelay = startDelay;
        LossyResult r = LossyRunner.builder().clock(new SimulatedClock(2)).system(system).envelope(ENV).seconds(6)
                .perturb(new Perturbation(perturbAt, 50)).build().run();
        assertThat(r.samples()).filteredOn(s -> s.atNanos() == Clock.nanos(readingAt)).singleElement()
                .satisfies(s -> assertThat(s.steady()).isEqualTo(steady));
    }

    /** A workload that fails (sysbench dying) ends the run with its error; what was recorded is kept. */
    @Test
    void aWorkloadFailureStopsTheRunWithItsError() {
        ValleySystem system = new ValleySystem(30);
        system.failWorkloadAfter = 3;
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(2)).system(system).envelope(ENV).seconds(10)
                .build();
        assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class)
                .hasMessage("lossy run failed at t=4.0 s: workload died")
                .satisfies(e -> assertThat(((LossyRunException) e).partial().samples()).hasSize(3))
                .cause().hasRootCauseInstanceOf(IOException.class);
        assertThat(system.closes).isEqualTo(1);
    }

    /** A knob that cannot be read fails the run at once with that error, and the system is still closed. */
    @Test
    void anUnreadableKnobFailsTheRunAndClosesTheSystem() {
        ValleySystem system = new ValleySystem(30);
        system.failRead = true;
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(2)).system(system).envelope(ENV).seconds(10)
                .build();
        assertThatThrownBy(runner::run).isInstanceOf(LossyRunException.class)
                .hasMessageContaining("knob unreadable")
                .satisfies(e -> assertThat(((LossyRunException) e).partial().samples()).isEmpty());
        assertThat(system.closes).isEqualTo(1);
    }

    /** A knob that cannot be restored fails the run, after it measured, and the failure says the close failed. */
    @Test
    void aFailedRestoreFailsTheRunAndIsTheCloseFailure() {
        ValleySystem system = new ValleySystem(30);
        system.failClose = true;
        LossyRunner runner = LossyRunner.builder().clock(new SimulatedClock(2)).system(system).envelope(ENV).seconds(5.5)
                .build();
        LossyRunException e = assertThrows(LossyRunException.class, runner::run);
        assertThat(e).hasMessage("lossy run failed at t=5.5 s: restore refused");
        assertThat(e.partial().samples()).hasSize(5);
        assertThat(e.closeFailure()).containsSame((RuntimeException) e.getCause());
    }

    /**
     * A run that failed and whose close failed too: the run's failure leads, and the close's is not dropped (it was, and
     * the command then said the knob was restored).
     */
    @Test
    void aFailedRestoreAfterAnEarlierFailureIsKeptBesideIt() {
        ValleySystem dying = new ValleySystem(30);
        dying.failClose = true;
        dying.failWorkloadAfter = 2;
        LossyRunner failing = LossyRunner.builder().clock(new SimulatedClock(2)).system(dying).envelope(ENV).seconds(5.5)
                .build();
        LossyRunException e = assertThrows(LossyRunException.class, failing::run);
        assertThat(e).hasMessage("lossy run failed at t=3.0 s: workload died; closing the system failed too: restore refused");
        assertThat(e.getCause()).hasRootCauseInstanceOf(IOException.class);
        assertThat(e.closeFailure()).get().extracting(Throwable::getMessage).isEqualTo("restore refused");
        assertThat(e.getCause().getSuppressed()).containsExactly(e.closeFailure().orElseThrow());
        assertThat(e.partial().samples()).hasSize(2);
    }

    /** A run that failed and whose system closed has no close failure. */
    @Test
    void aFailedRunWhoseSystemClosedHasNoCloseFailure() {
        ValleySystem dying = new ValleySystem(30);
        dying.failWorkloadAfter = 2;
        LossyRunner failing = LossyRunner.builder().clock(new SimulatedClock(2)).system(dying).envelope(ENV).seconds(5.5)
                .build();
        assertThat(assertThrows(LossyRunException.class, failing::run).closeFailure()).isEmpty();
    }

    @Test
    void oneCompressionBinGivesTheActorOneBucket() {
        List<CompressedHistory> seen = new ArrayList<>();
        LossyRunner.builder().clock(new SimulatedClock(6)).system(new ValleySystem(30)).envelope(ENV).seconds(20)
                .actor(agent(2, Usage.ZERO, (CompressedHistory c) -> {
                    seen.add(c);
                    return new Decision(c.currentValue() - 5, "down");
                }))
                .compression(1, 600).build().run();
        assertThat(seen).hasSizeGreaterThan(3).allSatisfy(c -> assertThat(c.buckets()).hasSizeLessThanOrEqualTo(1));
        assertThat(seen.getLast().buckets()).singleElement()
                .satisfies(b -> assertThat(b.count()).isGreaterThan(1));
    }

    /** A local agent is not an LLM unless it says so: the experiment runs it on a simulated clock. */
    @Test
    void anAgentCallsNoLlmUnlessItSaysSo() {
        assertThat(agent(0, Usage.ZERO, (HybridContext c) -> null).usesLlm()).isFalse();
    }
}
