package dev.specagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.JsonErrors;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs the {@code specagent} command line in-process and captures its output and exit code. */
public final class CliTestSupport {

    /** Reads one JSON value and refuses what follows it, whatever the shared mapper is configured to do. */
    private static final ObjectReader ONE_VALUE = CanonicalJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** What a command printed and returned. */
    public record Result(int exitCode, String out, String err) {

        /**
         * Standard output parsed as exactly one JSON value (for {@code --json} runs): white space may follow it;
         * anything else, such as a note printed after the JSON where it belongs on stderr, or no output at all,
         * fails the test with what stdout held.
         */
        public JsonNode json() throws JsonProcessingException {
            JsonNode value;
            try {
                value = ONE_VALUE.readTree(out);
            } catch (JsonProcessingException e) {
                throw new AssertionError("stdout is not exactly one JSON value (" + JsonErrors.describe(e) + "); "
                        + "stdout:\n" + out + "\nstderr:\n" + err, e);
            }
            if (value == null || value.isMissingNode()) {
                throw new AssertionError("stdout is empty, expected one JSON value; stderr:\n" + err);
            }
            return value;
        }
    }

    private CliTestSupport() {
    }

    /**
     * Runs the command line in a child JVM on this test's class path with {@code environment} added to this
     * process's, for what is read from the environment (an engine's path, PATH itself); the child's standard
     * output is in {@link Result#out()} and its standard error in {@link Result#err()}, as with {@link #run}.
     */
    public static Result runInChildJvm(Map<String, String> environment, String... args) throws IOException,
            InterruptedException {
        return runInChildJvm(List.of(), environment, args);
    }

    /** {@link #runInChildJvm(Map, String...)} with {@code jvmOptions} (such as {@code -Duser.language=de}) first. */
    public static Result runInChildJvm(List<String> jvmOptions, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return runInChildJvm(jvmOptions, environment, Duration.ofSeconds(60), args);
    }

    /**
     * {@link #runInChildJvm(List, Map, String...)}, failing the test when the child has not ended within
     * {@code timeout} (the child is killed, and what it printed so far is in the failure).
     */
    static Result runInChildJvm(List<String> jvmOptions, Map<String, String> environment, Duration timeout,
                                String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder child = new ProcessBuilder(command);
        child.environment().putAll(environment);
        Process p = child.start();
        // both streams read in the background, so that a child filling one pipe does not wait on a reader of the
        // other, and the timeout counts while the child still holds them open
        CompletableFuture<String> output = readInBackground(p.getInputStream());
        CompletableFuture<String> error = readInBackground(p.getErrorStream());
        if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("specagent " + String.join(" ", args) + " did not end within "
                    + timeout.toSeconds() + " s:\n" + soFar(output) + "\nstderr:\n" + soFar(error));
        }
        return new Result(p.exitValue(), output.join(), error.join());
    }

    private static CompletableFuture<String> readInBackground(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                text.complete(readAll(in));
            } catch (RuntimeException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    /** What a killed child had printed, once its pipe closed (a grandchild may hold it open: then not waited for). */
    private static String soFar(CompletableFuture<String> text) {
        return text.completeOnTimeout("(not read: the stream stayed open)", 5, TimeUnit.SECONDS).join();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #run} with {@code data} as the data directory ({@code -Dspecagent.data}), restored afterwards. */
    public static Result runWithData(Path data, String... args) {
        return withData(data.toAbsolutePath(), () -> run(args));
    }

    /** What {@code body} gives with {@code data} as the data directory ({@code -Dspecagent.data}), restored after. */
    public static <T> T withData(Path data, Supplier<T> body) {
        String before = System.getProperty("specagent.data");
        System.setProperty("specagent.data", data.toString());
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty("specagent.data");
            } else {
                System.setProperty("specagent.data", before);
            }
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
