package dev.specagent.envs.chess.uci;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a UCI search runs: a node count, a depth or a time. A node or depth limit with one thread
 * and a cleared hash makes the search deterministic; a time limit does not.
 */
public record SearchLimit(Kind kind, long value) {

    /** The kind of limit, named as in the UCI {@code go} command. */
    public enum Kind { NODES, DEPTH, MOVETIME }

    public SearchLimit {
        if (value < 1) {
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " must be at least 1, got " + value);
        }
    }

    public static SearchLimit nodes(long nodes) {
        return new SearchLimit(Kind.NODES, nodes);
    }

    public static SearchLimit depth(int depth) {
        return new SearchLimit(Kind.DEPTH, depth);
    }

    public static SearchLimit movetime(long millis) {
        return new SearchLimit(Kind.MOVETIME, millis);
    }

    /** Parses {@code nodes=N}, {@code depth=N} or {@code movetime=MS}. */
    public static SearchLimit parse(String text) {
        String[] kv = text.split("=", 2);
        if (kv.length != 2) {
            throw new IllegalArgumentException("expected nodes=N, depth=N or movetime=MS, got '" + text + "'");
        }
        long value;
        try {
            value = Long.parseLong(kv[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + text + "'");
        }
        return switch (kv[0].trim()) {
            case "nodes" -> nodes(value);
            case "depth" -> {
                if (value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("depth must be at most " + Integer.MAX_VALUE + ", got " + value);
                }
                yield depth((int) value);
            }
            case "movetime" -> movetime(value);
            default -> throw new IllegalArgumentException("expected nodes=N, depth=N or movetime=MS, got '" + text + "'");
        };
    }

    /** The UCI command that starts a search with this limit. */
    public String goCommand() {
        return "go " + kind.name().toLowerCase(Locale.ROOT) + " " + value;
    }

    /** How long a node- or depth-limited search may take before it counts as hung: 5 minutes. */
    public static final Duration NODES_OR_DEPTH_TIMEOUT = Duration.ofMinutes(5);
    /** What a {@code movetime} search may take beyond twice its time before it counts as hung. */
    public static final Duration MOVETIME_GRACE = Duration.ofSeconds(10);

    /**
     * How long a search under this limit may run before it counts as hung (no {@code bestmove}): twice the
     * time plus {@link #MOVETIME_GRACE} for {@code movetime}, a generous {@link #NODES_OR_DEPTH_TIMEOUT} for a
     * node or depth limit (whose time depends on the machine; the CLI's default {@code nodes=200000} takes
     * well under a second on one core).
     */
    public Duration defaultTimeout() {
        return kind == Kind.MOVETIME
                ? Duration.ofMillis(Math.min(value, Long.MAX_VALUE / 4)).multipliedBy(2).plus(MOVETIME_GRACE)
                : NODES_OR_DEPTH_TIMEOUT;
    }

    /** Whether the same position always gives the same move (node and depth limits). */
    public boolean deterministic() {
        return kind != Kind.MOVETIME;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "=" + value;
    }
}
