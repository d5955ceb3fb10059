package dev.specagent.envs.chess.uci;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Which searches of an {@link EnginePool} may hold one of its {@code max} processes now, and which process, so that
 * speculation never slows the committed path. The processes are of two {@linkplain Slot slots}: {@code reserved}
 * (1 when {@code max} is at least 2, else 0) {@link Slot#RESERVED reserved} for the committed path, and the others
 * {@link Slot#SHARED shared}. A speculative search (a guess or a branch) holds only a shared process; a committed
 * one takes the reserved process when it is free, else a shared one. A waiting committed search is served before
 * every waiting speculative one, each kind first come, first served. A speculative search the runner adopts is
 * {@linkplain Ticket#promote() promoted}: it is served as committed from then on (a waiting one may take the reserved
 * process); one already holding a shared process keeps it until its search ends, and that process still counts among
 * the shared ones. A search that is cancelled while it waits is {@linkplain Ticket#withdraw() withdrawn} and leaves
 * the queue at once, as does one whose thread is interrupted. Thread-safe.
 */
public final class Admission {

    /** Searches that waited for a process, by what they were when they waited (a promoted one may count in both). */
    public record Waits(int committed, int speculative) {
    }

    /** The two kinds of process: the one reserved for the committed path, and those speculation shares with it. */
    public enum Slot {
        /** Serves committed searches only. */
        RESERVED,
        /** Serves speculative searches, and committed ones while the reserved process is busy. */
        SHARED
    }

    /** One search's claim on a process: waiting, holding one, or done. Its state is guarded by its admission. */
    public final class Ticket {
        private boolean speculative;
        private Slot holding;
        private boolean withdrawn;
        private boolean waitedCommitted;
        private boolean waitedSpeculative;

        private Ticket(boolean speculative) {
            this.speculative = speculative;
        }

        /** The committed path now waits for this search (its branch was adopted): serve it as committed. */
        public void promote() {
            synchronized (Admission.this) {
                if (speculative) {
                    speculative = false;
                    Admission.this.notifyAll();
                }
            }
        }

        /** The search was cancelled: if it waits, it leaves the queue now ({@link #await} throws). */
        public void withdraw() {
            synchronized (Admission.this) {
                withdrawn = true;
                Admission.this.notifyAll();
            }
        }

        /** The kind of process this ticket holds, or null while it holds none. */
        public Slot slot() {
            synchronized (Admission.this) {
                return holding;
            }
        }
    }

    private final int max;
    private final int reserved;
    private final List<Ticket> waiting = new ArrayList<>();
    private int heldReserved;
    private int heldShared;
    private int peakHeld;
    private int committedWaits;
    private int speculativeWaits;
    private boolean closed;

    /** An admission to {@code max} processes, 1 of them reserved for the committed path when {@code max} ≥ 2. */
    public Admission(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("an engine pool needs at least one process, got " + max);
        }
        this.max = max;
        this.reserved = max >= 2 ? 1 : 0;
    }

    /** Whether one process is reserved for the committed path (the admission has at least 2). */
    public boolean hasReserved() {
        return reserved > 0;
    }

    /** A new claim, for a search on the committed path or a speculative one. */
    public Ticket ticket(boolean speculative) {
        return new Ticket(speculative);
    }

    /**
     * Waits until {@code ticket} may hold a process, and takes one of its {@linkplain Ticket#slot() slot} for the
     * ticket ({@link #leave} gives it back).
     *
     * @return false when the admission was closed (nothing is held)
     * @throws CancellationException when the ticket was withdrawn (before or during the wait)
     * @throws InterruptedException  when the thread was interrupted; the ticket leaves the queue
     */
    public synchronized boolean await(Ticket ticket) throws InterruptedException {
        if (ticket.holding != null) {
            throw new IllegalStateException("this ticket already holds a process");
        }
        waiting.add(ticket);
        try {
            while (true) {
                if (closed) {
                    return false;
                }
                if (ticket.withdrawn) {
                    throw new CancellationException("the search was cancelled while it waited for an engine process");
                }
                Slot slot = admissible(ticket);
                if (slot != null) {
                    ticket.holding = slot;
                    if (slot == Slot.RESERVED) {
                        heldReserved++;
                    } else {
                        heldShared++;
                    }
                    peakHeld = Math.max(peakHeld, heldReserved + heldShared);
                    return true;
                }
                countWait(ticket);
                wait();
            }
        } finally {
            waiting.remove(ticket);
            if (ticket.holding == null) {
                notifyAll(); // those behind it may go now
            }
        }
    }

    /** Gives back the process {@code ticket} holds (nothing when it holds none). */
    public synchronized void leave(Ticket ticket) {
        if (ticket.holding != null) {
            if (ticket.holding == Slot.RESERVED) {
                heldReserved--;
            } else {
                heldShared--;
            }
            ticket.holding = null;
            notifyAll();
        }
    }

    /** Ends every wait: {@link #await} returns false from now on. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** How many searches had to wait, by what they were while waiting. */
    public synchronized Waits waits() {
        return new Waits(committedWaits, speculativeWaits);
    }

    /** How many searches wait now. */
    public synchronized int queued() {
        return waiting.size();
    }

    /**
     * The most processes held at one time (searches on an engine, not those waiting for one) since the last call,
     * or since the admission was made; the count starts again from the processes held now.
     */
    public synchronized int takePeakHeld() {
        int peak = peakHeld;
        peakHeld = heldReserved + heldShared;
        return peak;
    }

    /**
     * The slot {@code ticket} may take now, once those served before it took theirs, or null when it must wait.
     * Committed tickets are served first, each kind in order of arrival; a committed one takes the reserved process
     * when it is free for it, else a shared one; a speculative one only a shared one.
     */
    private Slot admissible(Ticket ticket) {
        int position = waiting.indexOf(ticket);
        int committedAhead = 0;
        int committedWaiting = 0;
        int speculativeAhead = 0;
        for (int i = 0; i < waiting.size(); i++) {
            Ticket other = waiting.get(i);
            if (!other.speculative) {
                committedWaiting++;
                if (i < position) {
                    committedAhead++;
                }
            } else if (i < position) {
                speculativeAhead++;
            }
        }
        int reservedFree = reserved - heldReserved;
        int sharedFree = max - reserved - heldShared;
        if (!ticket.speculative) {
            if (reservedFree > committedAhead) {
                return Slot.RESERVED;
            }
            return reservedFree + sharedFree > committedAhead ? Slot.SHARED : null;
        }
        int sharedForCommitted = Math.max(0, committedWaiting - reservedFree);
        return sharedFree - sharedForCommitted > speculativeAhead ? Slot.SHARED : null;
    }

    private void countWait(Ticket ticket) {
        if (ticket.speculative && !ticket.waitedSpeculative) {
            ticket.waitedSpeculative = true;
            speculativeWaits++;
        } else if (!ticket.speculative && !ticket.waitedCommitted) {
            ticket.waitedCommitted = true;
            committedWaits++;
        }
    }
}
