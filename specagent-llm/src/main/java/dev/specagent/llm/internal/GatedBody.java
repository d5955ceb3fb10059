package dev.specagent.llm.internal;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body that knows whether the whole request was handed to the connection, and that can be withheld.
 *
 * <p>The JDK's HTTP/1.1 client subscribes to a body only once the connection is established (TLS handshake
 * included) and the headers are queued, and asks for each next piece (16 KiB) only after the previous one was taken
 * for writing to the socket. So the body is {@linkplain #sent() sent} when the client takes its last piece: every
 * byte before it has gone to the socket, and the last piece goes next. A refused, unresolved or timed-out connection
 * and a failed TLS handshake never get that far, and neither does a request the server stops reading before its
 * end. The one blind spot: the last piece, taken but not yet written when the connection is closed, counts as sent.
 *
 * <p>{@link #withhold()} and handing over the last piece race on one atomic state: either the body was sent, or it
 * never will be (the client is told the body failed, and the server never receives a complete request).
 */
final class GatedBody implements HttpRequest.BodyPublisher {

    private static final int WAITING = 0;
    private static final int SENT = 1;
    private static final int WITHHELD = 2;

    private final byte[] bytes;
    private final AtomicInteger state = new AtomicInteger(WAITING);

    GatedBody(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a request body cannot be empty");
        }
        this.bytes = bytes;
    }

    @Override
    public long contentLength() {
        return bytes.length;
    }

    /** Whether the HTTP client has taken the body's last piece. */
    boolean sent() {
        return state.get() == SENT;
    }

    /** Keeps the last piece from the HTTP client from now on, unless it was taken; true when it was withheld. */
    boolean withhold() {
        return state.compareAndSet(WAITING, WITHHELD) || state.get() == WITHHELD;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> client) {
        HttpRequest.BodyPublishers.ofByteArray(bytes).subscribe(new Gate(client));
    }

    /** Passes the pieces on and decides, at the last one, whether it is sent or withheld. */
    private final class Gate implements Flow.Subscriber<ByteBuffer> {
        private final Flow.Subscriber<? super ByteBuffer> client;
        // the publisher signals one at a time, so these need no synchronisation
        private Flow.Subscription upstream;
        private long handed;
        private boolean ended;

        Gate(Flow.Subscriber<? super ByteBuffer> client) {
            this.client = client;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            client.onSubscribe(subscription);
        }

        @Override
        public void onNext(ByteBuffer piece) {
            if (ended) {
                return;
            }
            handed += piece.remaining();
            if (handed >= bytes.length && !state.compareAndSet(WAITING, SENT) && state.get() == WITHHELD) {
                ended = true;
                upstream.cancel();
                client.onError(new IOException("request withheld: the call was stopped before it was sent"));
                return;
            }
            client.onNext(piece);
        }

        @Override
        public void onError(Throwable failure) {
            if (!ended) {
                ended = true;
                client.onError(failure);
            }
        }

        @Override
        public void onComplete() {
            if (!ended) {
                ended = true;
                client.onComplete();
            }
        }
    }
}
