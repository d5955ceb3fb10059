package dev.specagent.examples;

import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.runner.RunFailedException;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.llm.LlmModels;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.agent.LlmSpeculator;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.MissingApiKeyException;
import dev.specagent.llm.replay.ReplayServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The same as {@link QuickStart} with an LLM: the actor is a large model, the speculator a small one
 * guessing the large one's answers, both through the project's OpenAI-compatible client. The agent asks
 * a chain of questions, each quoting the previous answer.
 *
 * <p>Arguments: {@code [BASE_URL [ACTOR_MODEL [SPECULATOR_MODEL]]]}; the base URL defaults to
 * {@code $OPENAI_BASE_URL}, the models to gpt-4.1 and gpt-4.1-nano. An https endpoint reads its key from
 * {@code $OPENAI_API_KEY} (unset: the example says so in one line on standard error and exits with status 2, as for
 * a base URL that is not http(s), an empty model name or more than three arguments; a run that fails, say on a server
 * that is not running, is one line and status 1).
 * With no base URL at all, it starts the project's replay server on loopback over
 * {@code llm-quickstart-trace.jsonl} (hand-written answers and latencies bundled with this module, not a
 * recording of a real model), so it runs offline with no key; every answer still goes over HTTP.
 * Run it with {@code scripts/example.sh LlmQuickStart [BASE_URL ...]}.
 */
public final class LlmQuickStart {

    static final String ACTOR_MODEL = "gpt-4.1";
    static final String SPECULATOR_MODEL = "gpt-4.1-nano";
    /** The questions; {@code %s} is the previous answer. */
    static final List<String> QUESTIONS = List.of("Which country has Lisbon as its capital?",
            "Which country shares a land border with %s?", "What is the capital of %s?",
            "Which river flows through %s?", "Into which river does the %s flow?");

    /** The agent: its state is the answers so far; each call is a chat completion. */
    static final Agent<List<String>> QUIZ = new Agent<>() {
        @Override
        public List<String> initialState() {
            return List.of();
        }

        @Override
        public Optional<Call> nextCall(List<String> answers) {
            return answers.size() == QUESTIONS.size() ? Optional.empty() : Optional.of(ChatCalls.callOf(request(answers)));
        }

        @Override
        public List<String> transition(List<String> answers, Outcome outcome) {
            return Stream.concat(answers.stream(), Stream.of(outcome.text().strip())).toList();
        }
    };

    /** The chat request of the question that follows {@code answers}. */
    static ChatRequest request(List<String> answers) {
        String question = QUESTIONS.get(answers.size()).formatted(answers.isEmpty() ? "" : answers.getLast());
        return ChatRequest.builder().system("Answer with the name only: no sentence, no punctuation.")
                .user(question).temperature(0.0).maxTokens(16).build();
    }

    /** The speculator: the small model guesses the large one's answer, told the answers so far. */
    static LlmSpeculator<List<String>> speculator(ChatModel model) {
        return LlmSpeculator.<List<String>>builder(model).maxTokens(64)
                .context((answers, pending) -> "Earlier answers in this chain of questions: " + answers
                        + ". Guess the model's answer (a name only) as a JSON string.").build();
    }

    static RunResult<List<String>> run(LlmModels models, SpeculationPolicy policy, Clock clock) {
        return SpeculativeRunner.builder(QUIZ).actor(LlmActor.of(models.actor()))
                .speculator(speculator(models.speculator())).policy(policy).clock(clock)
                .sideEffects(SideEffects.allReadOnly()).build().run(); // READ_ONLY: answering a question changes nothing
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 3) {
            exit(2, "usage: LlmQuickStart [BASE_URL [ACTOR_MODEL [SPECULATOR_MODEL]]]");
        }
        String baseUrl = args.length > 0 ? args[0] : System.getenv("OPENAI_BASE_URL");
        if (baseUrl != null && baseUrl.isBlank()) {
            baseUrl = null; // OPENAI_BASE_URL= (set but empty) counts as unset
        }
        Path replay = baseUrl == null ? bundledTrace() : null; // the replay server replaces the URL below
        String url = baseUrl == null ? "http://127.0.0.1/v1" : baseUrl;
        LlmEndpoint actor;
        LlmEndpoint speculator;
        try {
            actor = LlmEndpoint.of(url, args.length > 1 ? args[1] : ACTOR_MODEL);
            speculator = LlmEndpoint.of(url, args.length > 2 ? args[2] : SPECULATOR_MODEL);
        } catch (IllegalArgumentException e) { // not an http(s) URL, an empty model name: the message says which
            exit(2, e.getMessage());
            return;
        }
        try (LlmModels models = LlmModels.open(LlmModels.Config.of(actor, speculator).withReplay(replay));
             RealClock clock = new RealClock()) {
            RunResult<List<String>> sequential = run(models, new SequentialPolicy(), clock);
            RunResult<List<String>> speculative = run(models, new ChainedPolicy(1, 3), clock);
            QuickStart.report(sequential, speculative);
            spend(sequential, speculative);
            if (models.replay().isPresent()) {
                ReplayServer server = models.replay().get();
                server.awaitIdle(Duration.ofSeconds(2)); // a cancel counts at the server's next write
                System.out.println("answered over HTTP by the replay server at " + server.baseUrl() + ": "
                        + server.served() + " completions; " + server.disconnectCount()
                        + " cancelled mid-answer (the client closed the connection)");
            }
        } catch (MissingApiKeyException e) { // an https endpoint, and no key in $OPENAI_API_KEY
            exit(2, e.getMessage());
        } catch (RunFailedException e) { // the server is down, refused the model, ...: the message says which
            exit(1, e.getMessage());
        }
    }

    /** Ends the program with {@code status}, saying why in one line on standard error (no stack trace). */
    private static void exit(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }

    /**
     * Prints what each run cost, from its ledger ({@link RunResult#figures()}): tokens and dollars, and what the
     * speculative run paid beyond its committed calls ({@code unnecessaryCostUsd}) and for how many attempts: every
     * ledger entry but the committed calls, which are the speculator's calls (used or not), the branches not taken
     * (wrong, or cancelled at the cost of the tokens they had streamed) and any failed tries the runner made again.
     * The failed tries are not speculation, so the line does not call it all that.
     */
    static void spend(RunResult<?> sequential, RunResult<?> speculative) {
        for (RunResult<?> run : List.of(sequential, speculative)) {
            RunFigures f = run.figures();
            System.out.printf(Locale.ROOT, "%s: %d prompt + %d generated tokens, $%.6f%n", run.policy(),
                    f.promptTokens(), f.completionTokens(), f.costUsd());
        }
        RunFigures spec = speculative.figures();
        System.out.printf(Locale.ROOT, "%s beyond its %d committed calls: $%.6f for %d other attempts (speculator "
                        + "calls, branches, failed tries; %d of them wasted, %d cancelled)%n", speculative.policy(),
                spec.committedCalls(), spec.unnecessaryCostUsd(), spec.attempts() - spec.committedCalls(),
                spec.wastedAttempts(), spec.cancelledAttempts());
    }

    /** The bundled trace, copied to a temporary file (the replay server reads files). */
    static Path bundledTrace() throws IOException {
        Path file = Files.createTempFile("llm-quickstart-trace", ".jsonl");
        file.toFile().deleteOnExit();
        try (InputStream in = LlmQuickStart.class.getResourceAsStream("llm-quickstart-trace.jsonl")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
