package dev.specagent.llm.internal;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CallConnection} over a real socket. */
class CallConnectionTest {

    /**
     * A request's own timeout (an embeddings request's is the total time left) that fires after the whole request was
     * taken is a stop, as the call's deadline is: the request stays charged (the server may be computing). It was
     * taken for a connection that failed unanswered, which charges 0, so an embeddings request timed out by it rather
     * than by its deadline (whichever of the two fires first) charged nothing.
     */
    @Test
    void aRequestTimeoutAfterTheRequestWasTakenKeepsItCharged() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            // accepts and holds the connection, answering nothing
            Thread.ofVirtual().start(() -> {
                try (Socket held = server.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception e) {
                    // the test ended
                }
            });
            SendAttempt sending = new SendAttempt("{\"model\":\"m\",\"input\":[\"a\"]}".getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort()
                    + "/v1/embeddings")).timeout(Duration.ofMillis(300)).POST(sending.body()).build();
            assertThatThrownBy(() -> new CallConnection().send(http, request, sending, Long.MAX_VALUE, () -> { }))
                    .isInstanceOf(HttpTimeoutException.class);
            assertThat(sending.charged()).isTrue();
        }
    }
}
