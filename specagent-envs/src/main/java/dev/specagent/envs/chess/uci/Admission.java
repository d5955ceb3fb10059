package dev.specagent.envs.chess.uci;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Which searches of an {@link EnginePool} may hold one of its {@code max} processes now, so that speculation never
 * slows the committed path: speculative searches (guesses and branches) hold at most {@code max − reserved}
 * processes, {@code reserved} being 1 when {@code max} is at least 2 (with a single process the two share it); and
 * a waiting committed search is served before every waiting speculative one, each kind first come, first served.
 * A speculative search the runner adopts is {@linkplain Ticket#promote() promoted}: it counts, and is served, as
 * committed from then on. A search that is cancelled while it waits is {@linkplain Ticket#withdraw() withdrawn}
 * and leaves the queue at once, as does one whose thread is interrupted. Thread-safe.
 */
public final class Admission {

    /** Searches that waited for a process, by what they were when they waited (a promoted one may count in both). */
    public record Waits(int committed, int speculative) {
    }

    /** One search's claim on a process: waiting, holding one, or done. Its state is guarded by its admission. */
    public final class Ticket {
        private boolean speculative;
        private boolean holding;
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
                    if (holding) {
                        speculativeHeld--;
                    }
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
    }

    private final int max;
    private final int reserved;
    private final List<Ticket> waiting = new ArrayList<>();
    private int held;
    private int speculativeHeld;
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

    /** A new claim, for a search on the committed path or a speculative one. */
    public Ticket ticket(boolean speculative) {
        return new Ticket(speculative);
    }

    /**
     * Waits until {@code ticket} may hold a process, and takes it for the ticket ({@link #leave} gives it back).
     *
     * @return false when the admission was closed (nothing is held)
     * @throws CancellationException when the ticket was withdrawn (before or during the wait)
     * @throws InterruptedException  when the thread was interrupted; the ticket leaves the queue
     */
    public synchronized boolean await(Ticket ticket) throws InterruptedException {
        if (ticket.holding) {
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
                if (admissible(ticket)) {
                    ticket.holding = true;
                    held++;
                    if (ticket.speculative) {
                        speculativeHeld++;
                    }
                    return true;
                }
                countWait(ticket);
                wait();
            }
        } finally {
            waiting.remove(ticket);
            if (!ticket.holding) {
                notifyAll(); // those behind it may go now
            }
        }
    }

    /** Gives back the process {@code ticket} holds (nothing when it holds none). */
    public synchronized void leave(Ticket ticket) {
        if (ticket.holding) {
            ticket.holding = false;
            held--;
            if (ticket.speculative) {
                speculativeHeld--;
            }
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

    /** Whether a process is free for {@code ticket} once those served before it took theirs, within its kind's limit. */
    private boolean admissible(Ticket ticket) {
        int position = waiting.indexOf(ticket);
        int ahead = 0;
        for (int i = 0; i < waiting.size(); i++) {
            Ticket other = waiting.get(i);
            // committed ones are served first, each kind in order of arrival
            if (!other.speculative && i < position || ticket.speculative && (!other.speculative || i < position)) {
                ahead++;
            }
        }
        return max - held > ahead && (!ticket.speculative || speculativeHeld < max - reserved);
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
