package dev.specagent.llm;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/** A loopback HTTP server that answers every chat request with the exact bytes of one test fixture. */
final class FixtureServer implements AutoCloseable {

    private final HttpServer server;
    private volatile byte[] body = new byte[0];
    private volatile String contentType = "text/event-stream";

    FixtureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    /** Serves the resource {@code /fixtures/name} from now on. */
    FixtureServer serve(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/fixtures/" + name), name)) {
            body = in.readAllBytes();
        }
        contentType = name.endsWith(".json") ? "application/json" : "text/event-stream";
        return this;
    }

    /** Serves {@code text} as a JSON body from now on. */
    FixtureServer serveJson(String text) {
        body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        contentType = "application/json";
        return this;
    }

    /** Serves {@code text} as an event stream from now on. */
    FixtureServer serveEvents(String text) {
        body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        contentType = "text/event-stream";
        return this;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
