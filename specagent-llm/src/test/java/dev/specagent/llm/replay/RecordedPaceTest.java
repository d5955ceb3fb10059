package dev.specagent.llm.replay;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replay server's pace: a recorded time scaled, waited for, with heartbeats meanwhile. The time waited is checked
 * from below (a sleep never ends early) and from above only against a wait of a minute, so a slow machine cannot fail it.
 */
class RecordedPaceTest {

    private static final byte[] BEAT = ": beat\n\n".getBytes();

    @Test
    void aPartIsDueWithinOneHeartbeatUpToTheHeartbeatScaled() {
        RecordedPace half = new RecordedPace(0.5, Duration.ofMillis(10));
        assertThat(half.dueWithinOneHeartbeat(20)).isTrue();
        assertThat(half.dueWithinOneHeartbeat(20.1)).isFalse();
        assertThat(new RecordedPace(0, Duration.ofMillis(10)).dueWithinOneHeartbeat(1e9)).isTrue();
    }

    @Test
    void sleepUntilWaitsForTheScaledTime() {
        RecordedPace pace = new RecordedPace(2, Duration.ofSeconds(1));
        long arrival = System.nanoTime();
        pace.sleepUntil(arrival, 20);
        assertThat(System.nanoTime() - arrival).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
    }

    /** An interrupted sleep ends the wait and leaves the thread interrupted, for the server's shutdown to see. */
    @Test
    void anInterruptedSleepKeepsTheInterrupt() {
        RecordedPace pace = new RecordedPace(1, Duration.ofSeconds(1));
        Thread.currentThread().interrupt();
        long arrival = System.nanoTime();
        pace.sleepUntil(arrival, 60_000);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(System.nanoTime() - arrival).isLessThan(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aLongWaitWritesHeartbeatsAndEndsWhenThePartIsDue() throws Exception {
        RecordedPace pace = new RecordedPace(1, Duration.ofMillis(10));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long arrival = System.nanoTime();
        pace.waitWithHeartbeats(out, arrival, 200, BEAT);
        assertThat(System.nanoTime() - arrival).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(out.size() % BEAT.length).isZero();
        // at most one per heartbeat (a sleep never ends early); none only if the thread stalled for 190 ms
        assertThat(out.size() / BEAT.length).as("heartbeats while more than one was left").isBetween(1, 20);
    }

    @Test
    void aHeartbeatThatCannotBeWrittenEndsTheWait() {
        RecordedPace pace = new RecordedPace(1, Duration.ofMillis(5));
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        long arrival = System.nanoTime();
        assertThatThrownBy(() -> pace.waitWithHeartbeats(gone, arrival, 60_000, BEAT)).isInstanceOf(IOException.class)
                .hasMessage("Broken pipe");
        assertThat(System.nanoTime() - arrival).isLessThan(Duration.ofSeconds(30).toNanos());
    }
}
