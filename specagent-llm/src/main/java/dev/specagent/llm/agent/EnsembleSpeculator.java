package dev.specagent.llm.agent;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several speculators asked in parallel, their guesses merged: the heterogeneous ensemble of
 * Speculative Actions (e.g. two or three small models of different families). Each member is asked
 * for {@code k} guesses; equal values (canonical JSON) are merged with the noisy-or of their
 * confidences, {@code 1 - Π(1 - c_i)}, so a value several members agree on ranks higher; the
 * top {@code k} by merged confidence (ties in the order of the members, then of their guesses) are
 * reported once every member has answered, with the sum of their usages. A member that fails, or
 * whose {@code propose} throws (an exception or an {@link Error}), counts as zero guesses; a null among a member's guesses is skipped.
 *
 * <p>With a {@code memberTimeout}, a member that has not answered that long after the proposal started is
 * cancelled (its cancel closes its connection; what the cancel returns is added to the usage) and counts as zero
 * guesses, so one hung or rate-limited member does not hold back the others' guesses. Without one, the ensemble
 * waits for its slowest member. Cancelling the proposal cancels every member still running and returns the sum of
 * what all of them spent. Thread-safe.
 *
 * @param <S> the agent's state type
 */
public final class EnsembleSpeculator<S> implements Speculator<S> {

    private static final System.Logger LOG = System.getLogger(EnsembleSpeculator.class.getName());

    private final List<Speculator<S>> members;
    private final long memberTimeoutNanos;

    /** An ensemble that waits for every member. */
    public EnsembleSpeculator(List<? extends Speculator<S>> members) {
        this(members, null);
    }

    /**
     * An ensemble that gives up on a member after {@code memberTimeout} (null: waits for every member).
     *
     * @throws IllegalArgumentException when there is no member or the timeout is not positive, or too long to count in
     *                                  nanoseconds (292 years)
     */
    public EnsembleSpeculator(List<? extends Speculator<S>> members, Duration memberTimeout) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one speculator");
        }
        if (memberTimeout != null && (memberTimeout.isNegative() || memberTimeout.isZero())) {
            throw new IllegalArgumentException("the ensemble's member timeout must be positive, got " + memberTimeout);
        }
        this.members = List.copyOf(members);
        long nanos = 0;
        if (memberTimeout != null) {
            try {
                nanos = memberTimeout.toNanos();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the ensemble's member timeout " + memberTimeout
                        + " is too long: at most 292 years", e);
            }
        }
        this.memberTimeoutNanos = nanos;
    }

    @Override
    public CallHandle propose(S state, Call pending, int k, Clock clock, Completion<List<Guess>> done) {
        Round round = new Round(members.size(), k, done);
        for (int i = 0; i < members.size(); i++) {
            int member = i;
            CallHandle handle;
            try {
                handle = members.get(i).propose(state, pending, k, clock, new Completion<>() {
                    @Override
                    public void succeed(List<Guess> value, Usage usage) {
                        round.report(member, value == null ? List.of() : value, usage == null ? Usage.ZERO : usage);
                    }

                    @Override
                    public void fail(Throwable error, Usage spent) {
                        round.report(member, List.of(), spent == null ? Usage.ZERO : spent);
                    }
                });
            } catch (RuntimeException | Error e) { // an Error too: thrown on, the members started before it ran on uncancelled
                LOG.log(System.Logger.Level.WARNING, "ensemble member " + member + " could not propose for "
                        + pending.tool() + ", so no guesses from it: " + e);
                handle = null;
                round.report(member, List.of(), Usage.ZERO);
            }
            round.handle(member, handle == null ? CallHandle.NONE : handle);
        }
        if (memberTimeoutNanos > 0) {
            round.startTimer(clock, memberTimeoutNanos);
        }
        return round::cancel;
    }

    /**
     * Merges guesses of several members (exposed for tests and offline use): a value proposed once keeps its
     * confidence exactly (1 - (1 - c) in floating point would turn 0.1 into 0.09999999999999998, below a policy's
     * threshold of 0.1); one proposed several times gets the noisy-or. Null elements are skipped.
     */
    public static List<Guess> merge(List<List<Guess>> perMember, int k) {
        Map<String, Guess> first = new LinkedHashMap<>();
        Map<String, Double> missProduct = new LinkedHashMap<>();
        Map<String, Integer> proposals = new LinkedHashMap<>();
        for (List<Guess> guesses : perMember) {
            for (Guess g : guesses) {
                if (g == null) { // a member breaking its contract: throwing here would lose every member's guesses
                    continue;
                }
                String key = CanonicalJson.toCanonicalString(g.value());
                first.putIfAbsent(key, g);
                missProduct.merge(key, 1 - g.confidence(), (a, b) -> a * b);
                proposals.merge(key, 1, Integer::sum);
            }
        }
        List<Guess> out = new ArrayList<>();
        for (var e : first.entrySet()) {
            double confidence = proposals.get(e.getKey()) == 1 ? e.getValue().confidence()
                    : Math.min(1, Math.max(0, 1 - missProduct.get(e.getKey())));
            out.add(new Guess(e.getValue().value(), confidence));
        }
        out.sort(Comparator.comparingDouble(Guess::confidence).reversed());
        return List.copyOf(out.subList(0, Math.min(Math.max(0, k), out.size())));
    }

    /** One proposal: the members' reports, the member timeout and the cancel, each member settled once. */
    private static final class Round {
        private final List<List<Guess>> results;
        private final boolean[] settled;
        /** Members whose own reports no longer count: the timeout or the cancel is settling them. */
        private final boolean[] ignored;
        private final CallHandle[] handles;
        private final int k;
        private final Completion<List<Guess>> done;
        private Usage usage = Usage.ZERO;
        private int waiting;
        private boolean cancelled;
        private Usage cancelledUsage;
        private Clock.Timer timer;

        Round(int size, int k, Completion<List<Guess>> done) {
            this.results = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                results.add(List.of());
            }
            this.settled = new boolean[size];
            this.ignored = new boolean[size];
            this.handles = new CallHandle[size];
            this.waiting = size;
            this.k = k;
            this.done = done;
        }

        synchronized void handle(int member, CallHandle handle) {
            handles[member] = handle;
        }

        synchronized void startTimer(Clock clock, long nanos) {
            if (!cancelled && waiting > 0) {
                timer = clock.schedule(nanos, this::expire);
            }
        }

        void report(int member, List<Guess> guesses, Usage spent) {
            List<Guess> merged;
            Usage total;
            synchronized (this) {
                if (cancelled || ignored[member] || settled[member] || !settle(member, guesses, spent)) {
                    return;
                }
                merged = merge(results, k);
                total = usage;
            }
            done.succeed(merged, total);
        }

        /** Records a member's end; true when it was the last one (the caller reports). Holds the lock. */
        private boolean settle(int member, List<Guess> guesses, Usage spent) {
            settled[member] = true;
            results.set(member, guesses);
            usage = usage.plus(spent);
            if (--waiting > 0) {
                return false;
            }
            if (timer != null) {
                timer.cancel();
            }
            return true;
        }

        /** The member timeout: cancels the members still running, charges what they spent, reports the others'. */
        private void expire() {
            List<Integer> late = new ArrayList<>();
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                for (int i = 0; i < settled.length; i++) {
                    if (!settled[i]) {
                        ignored[i] = true;
                        late.add(i);
                    }
                }
            }
            // outside the lock: a member's cancel may wait for a report that needs it
            for (int member : late) {
                Usage spent = handles[member].cancel();
                LOG.log(System.Logger.Level.WARNING, "ensemble member " + member + " had not answered within the "
                        + "member timeout: cancelled, no guesses from it");
                List<Guess> merged;
                Usage total;
                synchronized (this) {
                    if (cancelled || !settle(member, List.of(), spent == null ? Usage.ZERO : spent)) {
                        continue;
                    }
                    merged = merge(results, k);
                    total = usage;
                }
                done.succeed(merged, total);
            }
        }

        Usage cancel() {
            List<CallHandle> running = new ArrayList<>();
            Usage total;
            synchronized (this) {
                if (cancelled) {
                    return cancelledUsage == null ? Usage.ZERO : cancelledUsage;
                }
                cancelled = true;
                if (timer != null) {
                    timer.cancel();
                }
                for (int i = 0; i < handles.length; i++) {
                    if (!settled[i] && handles[i] != null) {
                        running.add(handles[i]);
                    }
                }
                total = usage;
            }
            // a member the timeout is cancelling is cancelled again here (cancels are idempotent) and charged here:
            // the timeout no longer settles it once the round is cancelled
            for (CallHandle h : running) {
                Usage spent = h.cancel();
                total = total.plus(spent == null ? Usage.ZERO : spent);
            }
            synchronized (this) {
                cancelledUsage = total;
            }
            return total;
        }
    }
}
