package dev.specagent.cli.llm;

import dev.specagent.cli.JsonOutput;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.BadInputException;
import dev.specagent.cli.SignalHook;
import dev.specagent.cli.Validate;
import dev.specagent.llm.replay.ReplayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code specagent serve-replay TRACE --port N}: an OpenAI-compatible server answering from a recorded trace. */
@Command(name = "serve-replay", mixinStandardHelpOptions = true,
        description = {"Serves a recorded JSONL trace as an OpenAI-compatible chat-completions API "
                + "(POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models), streaming at the recorded pace "
                + "and stopping when a client disconnects. Requests are matched by a hash of their body (model, messages, tools, ...; "
                + "stream fields ignored). Runs until interrupted (or --for seconds)."},
        footer = {"", "Example:", "  specagent serve-replay run.jsonl --port 8089",
                "  curl -s localhost:8089/v1/chat/completions -d @request.json",
                "Fault injection: --fail-first 2 --status 429 --retry-after 1, or a request header "
                        + "'x-replay-fault: 503' (or 'malformed', 'truncated')."})
public final class ServeReplayCommand implements Callable<Integer> {

    /** How long the counts printed at the end wait for answers in progress. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "The JSONL trace to serve.")
    Path trace;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8089", description = "Port to listen on (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1", description = "Multiplies recorded delays (1 = recorded pace, 0 = none), at most 1000. Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--fallback", paramLabel = "MODE", defaultValue = "none",
            description = "For a request whose hash is not in the trace: none (an error) or order (the next unserved entry of the same model). Default: ${DEFAULT-VALUE}.")
    ReplayServer.Fallback fallback;

    @Option(names = "--fail-first", paramLabel = "N", defaultValue = "0", description = "Answer the first N requests with --status.")
    int failFirst;

    @Option(names = "--status", paramLabel = "CODE", defaultValue = "429", description = "Status of the injected failures (400-599). Default: ${DEFAULT-VALUE}.")
    int status;

    @Option(names = "--retry-after", paramLabel = "SECONDS", description = "Retry-After header sent with injected failures.")
    String retryAfter;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (default: run until interrupted).")
    Double runFor;

    @Option(names = "--json", description = "Print one JSON object describing the server on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(trace)) {
            throw new BadInputException("TRACE " + trace + " is not a readable file");
        }
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be in 0..65535: " + port);
        }
        Validate.replayPace("--speed", speed);
        if (failFirst < 0) {
            throw new BadInputException("--fail-first must be >= 0: " + failFirst);
        }
        if (status < 400 || status > 599) {
            throw new BadInputException("--status must be in 400..599: " + status);
        }
        if (retryAfter != null && !retryAfter.matches("\\d+(\\.\\d+)?")) {
            throw new BadInputException("--retry-after must be a number of seconds: " + retryAfter);
        }
        if (runFor != null && !(runFor > 0)) {
            throw new BadInputException("--for must be a positive number of seconds: " + runFor);
        }
        ReplayServer.Builder builder;
        try {
            builder = ReplayServer.builder(trace);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        ReplayServer server;
        try {
            server = builder.host(host).port(port).timeScale(speed).fallback(fallback)
                    .failFirst(failFirst, status).retryAfter(retryAfter)
                    .log(line -> {
                        err.println("serve-replay: " + line);
                        err.flush();
                    }).start();
        } catch (IOException e) {
            throw new BadInputException("--host " + host + " --port " + port + ": cannot listen there: " + e.getMessage(), e);
        }
        try (server) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = JsonOutput.object("base_url", server.baseUrl().toString(), "port", server.port(),
                        "trace", trace.toString(), "entries", server.entriesRead(), "replayable", server.entries());
                out.println(o.toString());
            } else {
                out.println("serving " + trace + " at " + server.baseUrl() + ": " + server.entries() + " of its "
                        + server.entriesRead() + " entries replayable (Ctrl-C to stop)");
            }
            out.flush();
            // Ctrl-C ends the JVM in the wait below: the counts are printed then, by the hook
            try (SignalHook signal = SignalHook.report("serve-replay", () -> printCounts(server, err))) {
                if (runFor != null) {
                    Thread.sleep(Duration.ofMillis(Math.round(runFor * 1000)));
                } else {
                    Thread.currentThread().join();
                }
                if (signal.claim()) {
                    printCounts(server, err);
                }
            }
        }
        return 0;
    }

    /**
     * Prints the server's counts, after waiting up to {@link #SETTLE} for answers still being sent: a stop while an
     * answer was under way printed it as not served, though its client got it.
     */
    static void printCounts(ReplayServer server, PrintWriter err) {
        try {
            server.awaitIdle(SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.println("serve-replay: " + server.requests() + " requests, " + server.served() + " served, "
                + server.misses() + " misses, " + server.rejected() + " rejected, " + server.faults() + " faults, "
                + server.disconnectCount() + " disconnects");
        err.flush();
    }
}
