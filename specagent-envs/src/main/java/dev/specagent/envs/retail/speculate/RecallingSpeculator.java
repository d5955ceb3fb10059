package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.Call;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recalls what came next at the same point of earlier conversations, ahead of another speculator's guesses.
 * A point is the calls made so far (names and arguments, in order), first together with the customer's last
 * message, then without it; when an earlier conversation stood at the same point, the calls made next there
 * are proposed first (most often made first, then most recent), and the inner speculator's proposals fill
 * the remaining places. A conversation's first call is recalled only from the same opening message (every
 * conversation starts from no calls). Agents meet the same situations again (returning customers, the
 * same request worded the same way), and the paper's zero-preparation setting learns online, so recalling
 * is learning too. Domain-agnostic; memory grows with the calls observed. Not thread-safe.
 */
public final class RecallingSpeculator implements CallSpeculator {

    private final CallSpeculator inner;
    /** Per point, the calls made next there. */
    private final Map<String, Point> memory = new HashMap<>();
    private long observations;

    /** A call made next at a point: how often, and when last (observation number). */
    private static final class Next {
        final ToolCallRecord call;
        long count;
        long last;

        Next(ToolCallRecord call) {
            this.call = ToolCallRecord.pending(call.name(), call.kwargs());
        }
    }

    /**
     * The calls made next at one point, most often first (of equal counts the latest first: each observation
     * updates one call of a point, so no two share their last), kept in that order as they are counted, so a
     * proposal reads the first k instead of sorting every call ever made there.
     */
    private static final class Point {
        static final Comparator<Next> ORDER = Comparator.comparingLong((Next n) -> -n.count)
                .thenComparingLong(n -> -n.last);
        final Map<Call, Next> byCall = new HashMap<>();
        final TreeSet<Next> ranked = new TreeSet<>(ORDER);
        long total;

        void count(ToolCallRecord actual, long observation) {
            Next next = byCall.computeIfAbsent(actual.call(), c -> new Next(actual));
            ranked.remove(next);
            next.count++;
            next.last = observation;
            ranked.add(next);
            total++;
        }
    }

    public RecallingSpeculator(CallSpeculator inner) {
        this.inner = inner;
    }

    /** Remembers (without passing them to the inner speculator) the calls of whole conversations. */
    public RecallingSpeculator remember(List<List<ToolCallRecord>> episodes) {
        Transcript.forEachCall(episodes, this::record);
        return this;
    }

    @Override
    public List<ScoredCall> propose(Transcript soFar, int k) {
        List<ScoredCall> out = new ArrayList<>();
        Set<Call> proposed = new HashSet<>();
        for (String point : points(soFar)) {
            Point next = memory.get(point);
            if (next == null) {
                continue;
            }
            for (Next n : next.ranked) {
                if (out.size() >= k) {
                    break;
                }
                if (proposed.add(n.call.call())) {
                    out.add(new ScoredCall(n.call, (double) n.count / next.total));
                }
            }
        }
        if (out.size() < k) {
            for (ScoredCall s : inner.propose(soFar, k)) {
                if (out.size() < k && proposed.add(s.call().call())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Override
    public void observe(Transcript soFar, ToolCallRecord actual) {
        record(soFar, actual);
        inner.observe(soFar, actual);
    }

    @Override
    public String name() {
        return inner.name();
    }

    private void record(Transcript soFar, ToolCallRecord actual) {
        observations++;
        for (String point : points(soFar)) {
            memory.computeIfAbsent(point, p -> new Point()).count(actual, observations);
        }
    }

    /** The transcript's points, most specific first: calls and last customer message, then calls alone. */
    private static List<String> points(Transcript soFar) {
        StringBuilder calls = new StringBuilder();
        String lastUser = null;
        for (Transcript.Entry e : soFar.entries()) {
            if (e.isCall()) {
                calls.append(e.call().call()).append('\n');
            } else if (e.role().equals("user")) {
                lastUser = e.text();
            }
        }
        List<String> points = new ArrayList<>(2);
        if (lastUser != null) {
            points.add(calls + "\u0000user: " + lastUser.strip());
        }
        if (!calls.isEmpty()) {
            points.add(calls.toString());
        }
        return points;
    }
}
