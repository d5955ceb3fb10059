package dev.specagent.examples;

import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.runner.RunResult;
import dev.specagent.llm.LlmModels;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LlmQuickStartTest {

    @Test
    void bothRunsGoOverHttpToTheReplayServerAndCommitTheSameAnswers() throws Exception {
        LlmEndpoint placeholder = LlmEndpoint.of("http://127.0.0.1/v1", LlmQuickStart.ACTOR_MODEL);
        try (LlmModels models = LlmModels.open(LlmModels.Config.of(placeholder,
                placeholder.withModel(LlmQuickStart.SPECULATOR_MODEL)).withReplay(LlmQuickStart.bundledTrace()));
             RealClock clock = new RealClock()) {
            ReplayServer server = models.replay().orElseThrow();
            RunResult<List<String>> sequential = LlmQuickStart.run(models, new SequentialPolicy(), clock);
            long servedSequentially = server.served();
            RunResult<List<String>> speculative = LlmQuickStart.run(models, new ChainedPolicy(1, 3), clock);

            assertThat(sequential.finalState()).isEqualTo(LlmQuickStartTrace.ANSWERS);
            assertThat(speculative.finalState()).isEqualTo(sequential.finalState());
            assertThat(servedSequentially).as("five answers served over HTTP").isEqualTo(5);
            assertThat(server.served()).isGreaterThan(servedSequentially);
            assertThat(server.misses()).as("every request the example sends is in the bundled trace").isZero();
            assertThat(speculative.figures().hits()).isGreaterThanOrEqualTo(1);
            // a hit's question was asked while the one before it was still being answered (from the ledgers; the
            // time that saves on a real clock is what main prints)
            assertThat(CommittedCalls.overlap(speculative.ledger())).isTrue();
            assertThat(CommittedCalls.overlap(sequential.ledger())).isFalse();
            assertThat(speculative.ledger()).as("the branch after the wrong guess (Tagus) is cancelled")
                    .anyMatch(e -> e.role() == Role.BRANCH && e.fate() == Fate.CANCELLED);
            LedgerEntry cancelled = speculative.ledger().stream()
                    .filter(e -> e.role() == Role.BRANCH && e.fate() == Fate.CANCELLED).findFirst().orElseThrow();
            // the cancel reached the server: the client closed the rambling answer's connection mid-stream, and the
            // branch is charged its prompt and only the tokens streamed before the cancel
            assertThat(server.awaitDisconnect(Duration.ofSeconds(5))).as("the server saw the client go away").isTrue();
            assertThat(cancelled.usage().promptTokens()).isPositive();
            assertThat(cancelled.usage().costUsd()).isPositive();
            assertThat(cancelled.usage().completionTokens())
                    .isLessThan(LlmQuickStartTrace.RAMBLING.split("\\s+").length);

            // the money, from the ledgers: the sequential run pays only for its committed calls; the speculative one
            // pays the same committed answers plus every other attempt (speculator calls, branches, failed tries)
            RunFigures seq = sequential.figures();
            RunFigures spec = speculative.figures();
            assertThat(seq.costUsd()).isPositive();
            assertThat(seq.unnecessaryCostUsd()).isZero();
            assertThat(spec.sequentialCostUsd()).as("the same five committed answers").isCloseTo(seq.costUsd(), within(1e-12));
            double added = speculative.ledger().stream()
                    .filter(e -> !(e.role().isAuthority() && e.fate() == Fate.COMMITTED))
                    .mapToDouble(e -> e.usage().costUsd()).sum();
            assertThat(spec.unnecessaryCostUsd()).isPositive().isCloseTo(added, within(1e-12))
                    .isCloseTo(spec.costUsd() - seq.costUsd(), within(1e-12));
            // the attempts main prints with that cost are the same entries: all but the committed calls, which
            // include more than the wasted and cancelled ones (the speculator's calls whose guesses were used)
            long others = speculative.ledger().stream()
                    .filter(e -> !(e.role().isAuthority() && e.fate() == Fate.COMMITTED)).count();
            assertThat(spec.attempts() - spec.committedCalls()).isEqualTo(others)
                    .isGreaterThan(spec.wastedAttempts() + spec.cancelledAttempts());
            assertThat(spec.promptTokens()).isGreaterThan(seq.promptTokens());
        }
    }

    @Test
    void mainReplaysTheBundledTraceWhenNoBaseUrlIsGiven() {
        String baseUrl = System.getenv("OPENAI_BASE_URL");
        assumeTrue(baseUrl == null || baseUrl.isBlank(), "OPENAI_BASE_URL is set: main would call it");
        String out = QuickStartTest.captured(() -> LlmQuickStart.main(new String[0]));
        assertThat(out).contains("result: [Portugal, Spain, Madrid, Manzanares, Jarama]")
                .contains("committed results equal: true")
                .containsPattern("sequential: 150 prompt \\+ 5 generated tokens, \\$0\\.000340")
                .containsPattern("chained beyond its 5 committed calls: \\$0\\.000\\d+ for \\d+ other attempts "
                        + "\\(speculator calls, branches, failed tries; \\d+ of them wasted, [1-9]\\d* cancelled\\)")
                .containsPattern("answered over HTTP by the replay server at http://127\\.0\\.0\\.1:\\d+/v1: \\d+ completions; "
                        + "[1-9]\\d* cancelled mid-answer");
    }

    @Test
    void aMissingApiKeyIsOneLineOnStandardErrorAndExitStatusTwo() throws Exception {
        Child child = runMain(Map.of(), "https://api.openai.com/v1", "gpt-4.1", "gpt-4.1-nano");
        assertThat(child.status()).as(child.err()).isEqualTo(2);
        assertThat(child.err()).isEqualTo("environment variable OPENAI_API_KEY is not set; it must hold the API key of "
                + "https://api.openai.com/v1" + System.lineSeparator());
    }

    @Test
    void aBadUrlOrModelTooManyArgumentsOrAServerThatIsNotRunningIsOneLineOnStandardErrorNoStackTrace() throws Exception {
        // each was a stack trace ("Exception in thread "main" java.lang.IllegalArgumentException: endpoint must be an
        // http(s) URL ..." for a typo, RunFailedException's for an Ollama that was not started), exit status 1
        for (String[] args : List.of(new String[] {"localhost:11434/v1"}, new String[] {"http://127.0.0.1:1/v1", ""},
                new String[] {"http://127.0.0.1:1/v1", "a", "b", "c"})) {
            Child child = runMain(Map.of(), args);
            assertThat(child.status()).as(child.err()).isEqualTo(2);
            assertThat(child.err().lines()).as(List.of(args).toString()).hasSize(1);
        }
        assertThat(runMain(Map.of(), "localhost:11434/v1").err()).contains("http(s) URL").contains("localhost:11434/v1");
        assertThat(runMain(Map.of(), "http://127.0.0.1:1/v1", "a", "b", "c").err()).startsWith("usage: LlmQuickStart");
        Child down = runMain(Map.of(), "http://127.0.0.1:1/v1"); // port 1: nothing listens
        assertThat(down.status()).as(down.err()).isEqualTo(1);
        assertThat(down.err().lines()).hasSize(1).first().asString().contains("cannot connect to http://127.0.0.1:1/v1");
    }

    @Test
    void anEmptyBaseUrlVariableCountsAsUnset() throws Exception {
        // OPENAI_BASE_URL= was taken as the URL "" and refused
        Child child = runMain(Map.of("OPENAI_BASE_URL", ""));
        assertThat(child.status()).as(child.err()).isZero();
        assertThat(child.out()).contains("answered over HTTP by the replay server");
    }

    /** What a run of {@code main} in a JVM of its own (main exits) printed and returned; OPENAI_API_KEY unset. */
    private record Child(int status, String out, String err) {
    }

    private static Child runMain(Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LlmQuickStart.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("OPENAI_BASE_URL");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("llm-quickstart", ".out");
        Process child = builder.redirectOutput(out.toFile()).start();
        try {
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(err).doesNotContain("Exception", "\tat ");
            return new Child(child.exitValue(), Files.readString(out), err);
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    @Test
    void theBundledTraceIsWhatTheGeneratorWrites() throws Exception {
        Path generated = Files.createTempFile("llm-quickstart-trace", ".jsonl");
        try {
            LlmQuickStartTrace.write(generated);
            assertThat(Files.readString(LlmQuickStart.bundledTrace()))
                    .as("regenerate it: LlmQuickStartTrace.main (see its Javadoc)")
                    .isEqualTo(Files.readString(generated));
        } finally {
            Files.deleteIfExists(generated);
        }
    }
}
