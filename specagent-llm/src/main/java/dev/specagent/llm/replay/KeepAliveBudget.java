package dev.specagent.llm.replay;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides which answers of the replay server may keep their connection open, so that the server never closes a
 * connection its answer left open. The JDK server keeps at most {@code sun.net.httpserver.maxIdleConnections} (200)
 * idle connections and closes any further one as soon as its answer is written, without a {@code Connection: close}
 * header: a client that sends its next request on it, as HTTP/1.1 allows, meets a closed connection (a POST is not
 * retried). So an answer is given keep-alive only while, counting its own, no more connections than that limit may
 * be open and idle after theirs: those whose exchange, given keep-alive, is under way, and those it left idle less than the JDK's idle
 * interval ({@code sun.net.httpserver.idleInterval}, 30 s) ago, counted for twice that and one tick of the timer
 * on which the JDK closes them ({@code sun.net.httpserver.clockTick}, 10 s). Any other answer
 * says {@code Connection: close}, and its client opens a new connection for its next request.
 */
final class KeepAliveBudget {

    private final int limit;
    private final long idleNanos;
    private final Map<InetSocketAddress, Long> idleSince = new HashMap<>();
    private int underWay;

    /** A budget matching the JDK server's own limits, read from the same system properties. */
    static KeepAliveBudget ofJdkServer() {
        return new KeepAliveBudget(Integer.getInteger("sun.net.httpserver.maxIdleConnections", 200),
                (2 * Long.getLong("sun.net.httpserver.idleInterval", 30) * 1_000
                        + Long.getLong("sun.net.httpserver.clockTick", 10_000)) * 1_000_000L);
    }

    /** At most {@code limit} connections idle at once; an idle one counted for {@code idleNanos}. */
    KeepAliveBudget(int limit, long idleNanos) {
        this.limit = limit;
        this.idleNanos = idleNanos;
    }

    /**
     * An exchange from {@code client} begins: its connection is no longer idle. Whether it may keep its connection
     * open after its answer; if it may, {@link #ended} must follow.
     */
    synchronized boolean begin(InetSocketAddress client, long nowNanos) {
        idleSince.remove(client);
        idleSince.values().removeIf(since -> nowNanos - since >= idleNanos);
        if (idleSince.size() + underWay + 1 > limit) {
            return false;
        }
        underWay++;
        return true;
    }

    /** An exchange that {@link #begin} gave keep-alive has ended; {@code open}: its connection stays open, idle. */
    synchronized void ended(InetSocketAddress client, boolean open, long nowNanos) {
        underWay--;
        if (open) {
            idleSince.put(client, nowNanos);
        }
    }
}
