package dev.specagent.llm.internal;

import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection of a call's current try, which a cancel or timeout on another thread closes: the try's request
 * ({@link SendAttempt}, which settles whether its prompt is charged), the exchange waiting for the answer's headers,
 * the answer's body, and the thread running the call. Shared by chat calls ({@link HttpChatCall}) and embeddings
 * requests ({@link HttpEmbeddings}), so that both close it the same way.
 *
 * <p>A stop may race with sending: {@link #send} publishes each piece before checking whether the call was stopped,
 * so either the stop finds it and closes it, or the check finds the stop and the exchange is abandoned.
 */
final class CallConnection {

    private volatile Thread worker;
    private volatile SendAttempt attempt;
    private volatile CompletableFuture<HttpResponse<InputStream>> pending;
    private volatile InputStream body;

    /** The call runs on {@code thread}, which {@link #close()} interrupts (when it is not the closing thread). */
    void runsOn(Thread thread) {
        worker = thread;
    }

    /** The current try, or null before the first. */
    SendAttempt attempt() {
        return attempt;
    }

    /** The answer's body of the current try, or null before its headers arrived. */
    InputStream body() {
        return body;
    }

    /**
     * Sends {@code request}, whose body is {@code sending}'s, and waits for its answer's headers until
     * {@code deadlineNanos} ({@link Long#MAX_VALUE}: no limit, a timer stops the call).
     *
     * @param ifStopped throws when the call was cancelled or timed out (checked wherever a stop could be missed)
     * @throws HttpTimeoutException when the deadline passed first, or the request's own timeout fired at it
     * @throws LlmException         of kind {@code CONNECTION} when the connection failed before any answer, for
     *                              {@link ConnectionRetry} to decide whether to try again
     */
    HttpResponse<InputStream> send(HttpClient http, HttpRequest request, SendAttempt sending, long deadlineNanos,
                                   Runnable ifStopped) throws IOException, InterruptedException {
        attempt = sending;
        ifStopped.run();
        CompletableFuture<HttpResponse<InputStream>> future = http.sendAsync(request, sending.handler());
        pending = future;
        boolean handedOver = false;
        try {
            ifStopped.run();
            boolean limited = deadlineNanos != Long.MAX_VALUE;
            HttpResponse<InputStream> response = limited
                    ? future.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS) : future.get();
            body = response.body();
            ifStopped.run();
            handedOver = true;
            return response;
        } catch (TimeoutException e) {
            // a timeout stops the call: the request is charged if it was sent in full by now (SendAttempt)
            sending.stop();
            throw new HttpTimeoutException("total timeout");
        } catch (ExecutionException e) {
            // a failure caused by a stop is charged if the request was sent in full (SendAttempt)
            ifStopped.run();
            Throwable cause = e.getCause();
            // a request's own timeout is the total time left: when it fires, even while connecting, time is up; it is
            // a stop as the deadline's is, not a connection that failed unanswered
            if (cause instanceof HttpTimeoutException timedOut && (!(cause instanceof HttpConnectTimeoutException)
                    || deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0)) {
                sending.stop();
                throw timedOut;
            }
            sending.failedUnanswered();
            throw new LlmException(Kind.CONNECTION, -1, ConnectFailure.message(request.uri(), cause), null, cause);
        } catch (CancellationException e) {
            ifStopped.run();
            throw e;
        } finally {
            if (!handedOver) {
                release(future);
            }
        }
    }

    /** Settles whether the current try's request was sent: one not sent in full by now never will be. */
    void stopSending() {
        SendAttempt current = attempt;
        if (current != null) {
            current.stop();
        }
    }

    /** Closes the connection: abandons the exchange, closes the answer's body and wakes the call's thread. */
    void close() {
        CompletableFuture<HttpResponse<InputStream>> future = pending;
        if (future != null) {
            future.cancel(true);
        }
        closeBody();
        Thread thread = worker;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    /** Closes the current answer's body, which wakes a reader blocked on it. */
    void closeBody() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is best effort: the reader fails to read either way
            }
        }
    }

    /**
     * Ends an exchange that will not be read: a stop that raced with sending (it found no future or no body to close
     * yet) must still close the connection, or the server would go on working.
     */
    private static void release(CompletableFuture<HttpResponse<InputStream>> future) {
        if (!future.cancel(true) && future.isDone() && !future.isCompletedExceptionally()) {
            try {
                future.join().body().close();
            } catch (IOException | RuntimeException ignored) {
                // best effort: the exchange is being abandoned either way
            }
        }
    }
}
