package dev.specagent.core.ledger;

import dev.specagent.core.call.Usage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One entry per call attempt of a run. An attempt is {@link #open opened} when it starts, {@link
 * Attempt#finish finished} when its work ends and {@link Attempt#settle settled} once its fate is
 * known (a speculative result is settled when it is adopted or abandoned). Every reported figure is
 * computed from the settled entries ({@link RunFigures}). Thread-safe.
 */
public final class Ledger {

    private final List<LedgerEntry> settled = new ArrayList<>();
    private long nextId;
    private int unsettled;

    /** Opens an attempt started at {@code startNanos}; {@code parentId} as in {@link LedgerEntry#parentId()}. */
    public synchronized Attempt open(Role role, String label, long startNanos, int depth, long parentId) {
        unsettled++;
        return new Attempt(nextId++, role, label, startNanos, depth, parentId);
    }

    /** The settled entries, in order of settling. */
    public synchronized List<LedgerEntry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(settled));
    }

    /** How many opened attempts are not settled yet; zero after a finished run. */
    public synchronized int unsettledCount() {
        return unsettled;
    }

    private synchronized void record(LedgerEntry entry) {
        settled.add(entry);
        unsettled--;
    }

    /** An attempt in progress. Not thread-safe by itself: the runner's event loop owns it. */
    public final class Attempt {
        private final long id;
        private final Role role;
        private final String label;
        private final long startNanos;
        private final int depth;
        private final long parentId;
        private long endNanos = -1;
        private Usage usage;
        private boolean settledFlag;

        private Attempt(long id, Role role, String label, long startNanos, int depth, long parentId) {
            this.id = id;
            this.role = role;
            this.label = label;
            this.startNanos = startNanos;
            this.depth = depth;
            this.parentId = parentId;
        }

        public long id() {
            return id;
        }

        public Role role() {
            return role;
        }

        /** Records the end of the work; the first call wins. */
        public void finish(long endNanos, Usage usage) {
            Objects.requireNonNull(usage, "usage"); // before anything changes: a refused finish leaves it open
            if (this.endNanos < 0) {
                this.endNanos = Math.max(endNanos, startNanos);
                this.usage = usage;
            }
        }

        public boolean isFinished() {
            return endNanos >= 0;
        }

        public boolean isSettled() {
            return settledFlag;
        }

        /** Records the fate; the attempt must be finished. Settling twice is an error. */
        public void settle(Fate fate) {
            if (settledFlag) {
                throw new IllegalStateException("attempt " + id + " (" + label + ") settled twice");
            }
            if (!isFinished()) {
                throw new IllegalStateException("attempt " + id + " (" + label + ") settled before it finished");
            }
            settledFlag = true;
            record(new LedgerEntry(id, role, label, startNanos, endNanos, usage, fate, depth, parentId));
        }

        /** Finishes and settles in one step. */
        public void close(long endNanos, Usage usage, Fate fate) {
            finish(endNanos, usage);
            settle(fate);
        }
    }
}
