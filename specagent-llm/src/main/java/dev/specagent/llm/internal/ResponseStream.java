package dev.specagent.llm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A response body as an {@link InputStream} that hands over every byte received before the connection broke, and
 * only then the failure. {@link HttpResponse.BodyHandlers#ofInputStream()} throws as soon as the failure is
 * known, dropping the bytes it had already received and not yet handed over (and the characters a reader
 * had decoded from them in the same read), so the events that arrived with a break were lost, and with them
 * the tokens they brought.
 *
 * <p>It asks the connection for one list of buffers at a time. {@link #available()} counts only the buffer in
 * hand, so a read it promises never blocks or fails. Closing it, from any thread, cancels the exchange (the
 * HTTP/1.1 connection is closed) and wakes a blocked reader, which then fails.
 */
public final class ResponseStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    /** The end marker, compared by identity: a list of its own, never one the connection could deliver (List.of() is shared). */
    private static final List<ByteBuffer> END = Collections.unmodifiableList(new ArrayList<>());

    private final BlockingQueue<List<ByteBuffer>> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private volatile boolean closed;
    // confined to the reading thread
    private Iterator<ByteBuffer> list;
    private ByteBuffer current;
    private boolean ended;

    /** The handler that answers every response with a new {@code ResponseStream}. */
    public static HttpResponse.BodyHandler<InputStream> handler() {
        return info -> new ResponseStream();
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        received.add(buffers);
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        received.add(END);
    }

    @Override
    public void onComplete() {
        received.add(END);
    }

    @Override
    public int read() throws IOException {
        ByteBuffer b = current();
        return b == null ? -1 : b.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, into.length);
        if (len == 0) {
            return 0;
        }
        ByteBuffer b = current();
        if (b == null) {
            return -1;
        }
        int n = Math.min(len, b.remaining());
        b.get(into, off, n);
        return n;
    }

    @Override
    public int available() {
        ByteBuffer b = current;
        return closed || b == null ? 0 : b.remaining();
    }

    /** The buffer to read from, waiting for the next one; null at the end of the body. */
    private ByteBuffer current() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                throw new IOException("closed");
            }
            if (list != null && list.hasNext()) {
                current = list.next();
                continue;
            }
            if (ended) {
                Throwable t = failure;
                if (t == null) {
                    return null;
                }
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            List<ByteBuffer> next;
            try {
                next = received.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the response");
            }
            if (next == END) {
                ended = true;
            } else {
                list = next.iterator();
                subscription.request(1);
            }
        }
        return current;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        received.add(END); // wakes a reader blocked on the queue
    }
}
