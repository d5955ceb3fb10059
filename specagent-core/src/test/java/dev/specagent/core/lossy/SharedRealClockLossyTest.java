package dev.specagent.core.lossy;

import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One {@link RealClock} shared by two threads running lossy loops at once: the run whose clock the other thread
 * drives is refused with a {@link LossyRunException} naming that thread, its workload never starts, its knob is never
 * read or written and its agents are never asked (it used to start its workload and its actor before finding the loop
 * taken, so the other thread ran its readings and landed its decisions).
 */
class SharedRealClockLossyTest {

    /** A knob in memory read every 10 ms of real time; counts what the run did to it. */
    static final class CountingSystem implements ControlledSystem {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger readings = new AtomicInteger();
        volatile boolean stopped;

        @Override
        public String knobName() {
            return "k";
        }

        @Override
        public String knobUnit() {
            return "u";
        }

        @Override
        public double read() {
            reads.incrementAndGet();
            return 40;
        }

        @Override
        public double write(double value) {
            writes.incrementAndGet();
            return value;
        }

        @Override
        public void start(Clock clock, Sink sink) {
            starts.incrementAndGet();
            tick(clock, sink);
        }

        private void tick(Clock clock, Sink sink) {
            clock.schedule(readingIntervalNanos(), () -> {
                if (!stopped) {
                    readings.incrementAndGet();
                    sink.reading(1);
                    tick(clock, sink);
                }
            });
        }

        @Override
        public long readingIntervalNanos() {
            return Clock.nanos(0.01);
        }

        @Override
        public void close() {
            stopped = true;
        }
    }

    @Test
    void aLossyRunOnAClockThatAnotherThreadDrivesIsRefusedAndStartsNothing() throws Exception {
        try (RealClock clock = new RealClock()) {
            CountDownLatch driving = new CountDownLatch(1);
            AtomicReference<Object> first = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    first.set(LossyRunner.builder().clock(clock).system(new CountingSystem())
                            .envelope(LossyRunnerTest.ENV).seconds(0.5)
                            .speculator(LossyRunnerTest.agent(0.005, Usage.ZERO, (HybridContext c) -> new Decision(10, "s")))
                            .listener(new LossyListener() {
                                @Override
                                public void onSample(MetricSample sample) {
                                    driving.countDown();
                                }
                            }).build().run());
                } catch (RuntimeException e) {
                    first.set(e);
                }
            });
            assertThat(driving.await(10, TimeUnit.SECONDS)).isTrue();
            CountingSystem refusedSystem = new CountingSystem();
            AtomicInteger asked = new AtomicInteger();
            LossyRunner second = LossyRunner.builder().clock(clock).system(refusedSystem).envelope(LossyRunnerTest.ENV)
                    .seconds(0.5)
                    .actor(LossyRunnerTest.agent(0.005, Usage.ZERO, (CompressedHistory c) -> {
                        asked.incrementAndGet();
                        return new Decision(20, "a");
                    }))
                    .speculator(LossyRunnerTest.agent(0.005, Usage.ZERO, (HybridContext c) -> {
                        asked.incrementAndGet();
                        return new Decision(30, "s");
                    }))
                    .build();

            assertThatThrownBy(second::run).isInstanceOf(LossyRunException.class)
                    .hasMessageContaining("thread " + other.getName() + " is running this clock's event loop")
                    .hasMessageContaining("use one RealClock per concurrent run").hasMessageContaining("t=0.0 s");
            other.join(10_000);
            assertThat(first.get()).as("the run that drives the clock").isInstanceOf(LossyResult.class);
            Thread.sleep(50); // a reading of the refused run's workload would have come by now
            assertThat(refusedSystem.starts.get()).as("workload starts").isZero();
            assertThat(refusedSystem.readings.get()).as("readings").isZero();
            assertThat(refusedSystem.reads.get() + refusedSystem.writes.get()).as("knob reads and writes").isZero();
            assertThat(asked.get()).as("decisions asked of the refused run's agents").isZero();
            assertThat(refusedSystem.stopped).as("the refused run's system is closed all the same").isTrue();
        }
    }
}
