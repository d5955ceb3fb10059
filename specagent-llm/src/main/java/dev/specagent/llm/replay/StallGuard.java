package dev.specagent.llm.replay;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long an exchange of the replay server may block on its client: its request (headers and body) must
 * arrive within {@code requestTimeout} of its first byte, and each write of its answer, and the close that drains
 * what the client still sends, must finish within {@code writeTimeout}. An exchange that overruns has its thread
 * interrupted, which closes its connection (the server's socket channels are interruptible), so a client that sends
 * its request a byte at a time, or never reads its answer, holds a thread and a socket only that long. The waits
 * that pace an answer are not watched.
 */
final class StallGuard implements AutoCloseable {

    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();

    private final long requestNanos;
    private final long writeNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    StallGuard(Duration requestTimeout, Duration writeTimeout) {
        this.requestNanos = requestTimeout.toNanos();
        this.writeNanos = writeTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("replay-stall-guard").factory());
        long period = Math.max(1, Math.min(requestNanos, writeNanos) / 4);
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** {@code exchange}, run with its request watched from now on; the server runs each exchange on its own thread. */
    Runnable watched(Runnable exchange) {
        return () -> {
            Watch watch = new Watch(Thread.currentThread());
            watch.arm(requestNanos);
            watches.add(watch);
            CURRENT.set(watch);
            try {
                exchange.run();
            } finally {
                CURRENT.remove();
                watches.remove(watch);
            }
        };
    }

    /** The watch of the exchange running on this thread. */
    static Watch current() {
        Watch watch = CURRENT.get();
        if (watch == null) {
            throw new IllegalStateException("not an exchange of a replay server");
        }
        return watch;
    }

    private void sweep() {
        long now = System.nanoTime();
        watches.forEach(w -> w.expire(now));
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** One exchange's deadline: armed while it waits on its client, cleared while it paces its answer. */
    final class Watch {
        private final Thread thread;
        private boolean armed;
        private long deadline;
        private boolean stalled;

        private Watch(Thread thread) {
            this.thread = thread;
        }

        private synchronized void arm(long nanos) {
            armed = !stalled;
            deadline = System.nanoTime() + nanos;
        }

        private synchronized void expire(long now) {
            if (armed && now - deadline >= 0) {
                armed = false;
                stalled = true;
                thread.interrupt();
            }
        }

        /** The request has been read: its deadline no longer applies. */
        void requestRead() throws IOException {
            disarm();
        }

        /** Runs {@code io} (a write, a flush or a close) within the write timeout. */
        void write(IoAction io) throws IOException {
            arm(writeNanos);
            try {
                io.run();
            } finally {
                disarm();
            }
        }

        /** Whether this exchange overran a deadline (its connection is then closed). */
        synchronized boolean stalled() {
            return stalled;
        }

        private synchronized void disarm() throws IOException {
            armed = false;
            if (stalled) {
                throw new IOException("the client did not keep up within the replay server's timeout");
            }
        }

        /** {@code out} with each write, flush and close watched. */
        OutputStream guard(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    Watch.this.write(() -> out.write(b, off, len));
                }

                @Override
                public void write(int b) throws IOException {
                    Watch.this.write(() -> out.write(b));
                }

                @Override
                public void flush() throws IOException {
                    Watch.this.write(out::flush);
                }

                @Override
                public void close() throws IOException {
                    Watch.this.write(out::close);
                }
            };
        }
    }

    /** An I/O step. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }
}
