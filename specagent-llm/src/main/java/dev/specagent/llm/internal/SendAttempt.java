package dev.specagent.llm.internal;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One try at sending a chat request, and whether its prompt is charged: only when the whole request was handed to
 * the connection ({@link GatedBody}) and the server neither rejected it (a status outside 2xx, known as soon as the
 * answer's headers arrive) nor dropped the connection without answering. A call cancelled or timed out
 * {@linkplain #stop() stops} its attempt first, which settles whether the request was sent.
 */
final class SendAttempt {

    private final GatedBody body;
    private volatile int status;
    private volatile boolean unanswered;

    SendAttempt(byte[] requestBody) {
        this.body = new GatedBody(requestBody);
    }

    /** The request body to send. */
    HttpRequest.BodyPublisher body() {
        return body;
    }

    /** Answers with a {@link ResponseStream}, noting the status the moment the headers arrive. */
    HttpResponse.BodyHandler<InputStream> handler() {
        HttpResponse.BodyHandler<InputStream> stream = ResponseStream.handler();
        return info -> {
            status = info.statusCode();
            return stream.apply(info);
        };
    }

    /** The call is being cancelled or timed out: a request not sent in full by now never will be. */
    void stop() {
        body.withhold();
    }

    /** The connection failed before any answer, not because the call was stopped. */
    void failedUnanswered() {
        unanswered = true;
    }

    /**
     * Whether the request never got on the wire: the HTTP client did not take the body's last piece and no answer
     * arrived, so the server cannot have received the whole request, and trying again cannot make it serve it twice.
     */
    boolean unsent() {
        return !body.sent() && status == 0;
    }

    /** Whether the attempt's prompt is charged. */
    boolean charged() {
        int s = status;
        return body.sent() && !unanswered && (s == 0 || s / 100 == 2);
    }
}
