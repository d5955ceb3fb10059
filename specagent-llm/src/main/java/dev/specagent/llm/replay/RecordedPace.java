package dev.specagent.llm.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * When the parts of a recorded answer are due, and the waits until then: a part recorded {@code ms} after its
 * request is due {@code ms × timeScale} after the request arrived (0 sends at once). A wait that writes heartbeats
 * writes one every {@code heartbeat} while more than a heartbeat is left, so that a client that went away makes a
 * write fail during the wait rather than only at its end.
 */
final class RecordedPace {

    private final double timeScale;
    private final Duration heartbeat;

    RecordedPace(double timeScale, Duration heartbeat) {
        this.timeScale = timeScale;
        this.heartbeat = heartbeat;
    }

    /** Whether a part recorded {@code ms} after its request is due within one heartbeat of the request's arrival. */
    boolean dueWithinOneHeartbeat(double ms) {
        return ms * timeScale * 1e6 <= heartbeat.toNanos();
    }

    /**
     * Waits until the part recorded {@code ms} after a request that arrived at {@code arrival} (nano time) is due,
     * writing and flushing {@code beat} to {@code out} every heartbeat meanwhile.
     *
     * @throws IOException when a heartbeat cannot be written: the client went away
     */
    void waitWithHeartbeats(OutputStream out, long arrival, double ms, byte[] beat)
            throws IOException, InterruptedException {
        long deadline = arrival + Math.round(ms * timeScale * 1e6);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > heartbeat.toNanos()) {
                Thread.sleep(heartbeat);
                out.write(beat);
                out.flush();
            } else {
                Thread.sleep(Duration.ofNanos(left));
            }
        }
    }

    /** Sleeps until the part recorded {@code ms} after a request that arrived at {@code arrival} is due. */
    void sleepUntil(long arrival, double ms) {
        long left = arrival + Math.round(ms * timeScale * 1e6) - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
