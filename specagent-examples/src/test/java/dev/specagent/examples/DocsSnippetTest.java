package dev.specagent.examples;

import dev.specagent.core.actor.Speculator;
import dev.specagent.core.agent.Agent;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.runner.RunLimits;
import dev.specagent.core.runner.RunResult;
import dev.specagent.core.runner.SpeculativeRunner;
import dev.specagent.envs.hotpotqa.EpisodeResult;
import dev.specagent.envs.hotpotqa.HotpotEpisode;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.corpus.LocalWiki;
import dev.specagent.envs.hotpotqa.react.ScriptedThinker;
import dev.specagent.envs.hotpotqa.react.ThoughtAction;
import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;
import dev.specagent.envs.hotpotqa.speculate.DraftingSpeculator;
import dev.specagent.envs.hotpotqa.speculate.LocalCorpusGuesser;
import dev.specagent.envs.hotpotqa.speculate.ScriptedDrafter;
import dev.specagent.envs.hotpotqa.tools.RecordedToolLatency;
import dev.specagent.envs.hotpotqa.tools.WikiTools;
import dev.specagent.envs.ostune.Mode;
import dev.specagent.envs.ostune.OsTuneExperiment;
import dev.specagent.envs.ostune.OsTuneReport;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.llm.agent.EnsembleSpeculator;
import dev.specagent.llm.agent.LlmActor;
import dev.specagent.llm.agent.LlmSpeculator;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatMessage;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.replay.ReplayServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Keeps the Java blocks of {@code docs/*.md} compiling against the current API: every block is a verbatim part of
 * this source (indentation aside), where it compiles with the imports a user adds, and the tests below run it and
 * check what the text around it says. A block with a line that is only {@code ...} is a sketch with parts left out
 * (the CLI's option mixin in docs/llm.md) and is not checked.
 */
class DocsSnippetTest {

    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs");
    private static final Path SELF = Path.of("src/test/java/dev/specagent/examples/DocsSnippetTest.java");

    @Test
    void everyJavaBlockOfTheDocsIsPartOfThisTest() throws IOException {
        String self = unindented(Files.readString(SELF));
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path doc : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                for (String block : ReadmeSnippetTest.blocks(Files.readString(doc), "java")) {
                    if (block.lines().anyMatch(line -> line.strip().equals("..."))) {
                        continue;
                    }
                    assertThat(self).as("the Java block of %s starting \"%s\" must be copied verbatim into %s; "
                            + "change both together", doc.getFileName(), block.lines().findFirst().orElse(""), SELF)
                            .contains(unindented(block));
                    checked.add(doc.getFileName().toString());
                }
            }
        }
        assertThat(checked).as("the docs' checked Java blocks")
                .contains("hotpotqa.md", "llm.md", "ostune.md").hasSizeGreaterThanOrEqualTo(4);
    }

    /** docs/hotpotqa.md, "From Java": one question on the runner; answer "yes", EM, 1 hit, the baseline's answers. */
    @Test
    void hotpotQaFromJava() throws Exception {
        HotpotDataset data = HotpotDataset.loadDistractor();                      // the data directory's files
        List<RecordedRun> runs = RecordedRunReader.readAll(DataDirectory.require(HotpotDataset.RUNS));
        LocalWiki wiki = LocalWiki.of(data.pages(), runs);
        HotpotQuestion q = data.questions().get(0);                               // d0
        var script = Map.of(q.id(), List.of(new ThoughtAction("t1", "Search[Scott Derrickson]"),
                new ThoughtAction("t2", "Search[Ed Wood]"), new ThoughtAction("t3", "Finish[yes]")));
        var drafts = Map.of(q.id(), List.<List<String>>of(List.of(), List.of("Search[Ed Wood]"), List.of("Finish[yes]")));
        HotpotEpisode episode = new HotpotEpisode(new WikiTools(wiki), RecordedToolLatency.from(runs),
                new ScriptedThinker(script, 2.0),                                  // 2 s per think call
                new DraftingSpeculator(new LocalCorpusGuesser(wiki), new ScriptedDrafter(drafts, 0.1)),
                new ChainedPolicy(1, 1), RunLimits.DEFAULT, 7);                    // SequentialPolicy for the baseline
        EpisodeResult r = episode.run(q, new SimulatedClock(1));                  // answer "yes", EM, 1 hit

        assertThat(q.id()).isEqualTo("d0");
        assertThat(r.answer()).isEqualTo("yes");
        assertThat(r.score().exactMatch()).isTrue();
        assertThat(r.run().figures().hits()).isEqualTo(1);
        EpisodeResult baseline = new HotpotEpisode(new WikiTools(wiki), RecordedToolLatency.from(runs),
                new ScriptedThinker(script, 2.0),
                new DraftingSpeculator(new LocalCorpusGuesser(wiki), new ScriptedDrafter(drafts, 0.1)),
                new SequentialPolicy(), RunLimits.DEFAULT, 7).run(q, new SimulatedClock(1));
        assertThat(baseline.run().figures().hits()).isZero();
        assertThat(r.run().committedSameAs(baseline.run())).isTrue();
        assertThat(r.run().figures().wallSeconds()).isLessThan(baseline.run().figures().wallSeconds());
    }

    /** docs/ostune.md, "From Java": the simulated knob, both agents, perturbed at 150 s; 35.86 ms on seed 1. */
    @Test
    void osTuneFromJava() {
        OsTuneReport report = new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED, Mode.BOTH, 300)
                .perturb(150, 40).withSeed(1)).run();          // throws LossyRunException (the knob restored) if the run fails
        report.reactionMeanP95();                              // 35.86 ms (seed 1), as `--json`'s reaction_mean_p95_ms

        assertThat(report.reactionMeanP95()).hasValueCloseTo(35.86, within(0.005));
        assertThat(report.restored()).isTrue();
    }

    /**
     * docs/llm.md, "Using it": compiled, not called (it names a local Ollama server); the same calls against the
     * replay server are {@link #theClientCallsOfUsingItAnswerAndCancelOverHttp}.
     */
    @SuppressWarnings("unused")
    static void usingIt() {
        ChatClient client = ChatClient.builder(LlmEndpoint.of("http://localhost:11434/v1", "qwen2.5:7b")).build();
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("Say hi").build();
        ChatResponse r = client.complete(request);      // blocks until the whole answer is in
        r.content(); r.toolCalls(); r.usage();          // usage = tokens + cost (USD) from the price table

        ChatCall call = client.start(request);           // returns at once; runs on a virtual thread
        Usage spent = call.cancel();                     // closes the connection now; the prompt (once on the wire) + tokens received
    }

    @Test
    void theClientCallsOfUsingItAnswerAndCancelOverHttp() throws Exception {
        String entry = Files.readString(DOCS.resolve("llm-example-trace.jsonl")).strip();
        Path trace = Files.createTempFile("docs-snippet", ".jsonl");
        try {
            Files.writeString(trace, entry + "\n" + entry + "\n");   // one answer for complete, one for start
            try (ReplayServer server = ReplayServer.builder(trace).fallback(ReplayServer.Fallback.ORDER).start();
                 ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "gpt-4o-mini"))
                         .build()) {
                ChatRequest request = ChatRequest.builder().system("Be brief.").user("Say hi").build();
                ChatResponse r = client.complete(request);
                assertThat(r.content()).isEqualTo("Hello! How can I help you today?");
                assertThat(r.toolCalls()).isEmpty();
                assertThat(r.usage().promptTokens()).isPositive();
                assertThat(r.usage().costUsd()).as("priced from the built-in table").isPositive();

                ChatCall call = client.start(request);
                Thread.sleep(600);                      // the recorded answer's first token is at 350 ms, its end at 900
                Usage spent = call.cancel();
                assertThat(server.awaitDisconnect(Duration.ofSeconds(5))).as("the server saw the connection close").isTrue();
                assertThat(spent.promptTokens()).as("the prompt was on the wire").isPositive();
                assertThat(call.response()).isCancelled();
            }
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /** A user's agent state, as the placeholder {@code MyState} of docs/llm.md. */
    interface MyState {
        String describe();
    }

    private static String render(Call call) {
        return "Run " + call.tool() + " on " + call.canonicalArgs();
    }

    /** docs/llm.md, "LLM actors and speculators" (its clients and ensemble members are the user's). */
    @SuppressWarnings("unused")
    static List<Object> actorsAndSpeculators(ChatClient actorClient, ChatClient speculatorClient,
                                             Speculator<MyState> speculatorA, Speculator<MyState> speculatorB) {
        LlmActor actor = LlmActor.builder(actorClient)
                .prompt(call -> ChatRequest.builder().system("...").user(render(call)).build())   // Call -> request
                .answer(response -> CanonicalJson.valueOf(response.content()))                  // response -> value
                .build();
        LlmSpeculator<MyState> speculator = LlmSpeculator.<MyState>builder(speculatorClient)
                .instructions("Values are UCI chess moves such as \"e2e4\".")
                .context((state, pending) -> state.describe())
                .reasoningEffort("low")            // for reasoning models; null sends none
                .build();
        Speculator<MyState> ensemble = new EnsembleSpeculator<>(List.of(speculatorA, speculatorB),
                Duration.ofSeconds(2));            // optional member timeout: a member that has not answered is cancelled
        return List.of(actor, speculator, ensemble);
    }

    @Test
    void theActorMapsCallsToRequestsAndAnswersToValuesAndTheSpeculatorAsksWithItsInstructions() throws Exception {
        Path trace = DOCS.resolve("llm-example-trace.jsonl");
        try (ReplayServer server = ReplayServer.builder(trace).fallback(ReplayServer.Fallback.ORDER).start();
             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "gpt-4o-mini")).build()) {
            List<Object> built = actorsAndSpeculators(client, client, Speculator.none(), Speculator.none());
            LlmActor actor = (LlmActor) built.get(0);
            @SuppressWarnings("unchecked")
            LlmSpeculator<MyState> speculator = (LlmSpeculator<MyState>) built.get(1);

            Call pending = Call.of("move", "after", "e2e4");
            ChatRequest asked = speculator.request(() -> "White opened with e2e4.", pending, 3);
            String said = asked.messages().stream().map(ChatMessage::content).collect(Collectors.joining("\n"));
            assertThat(said).contains("Values are UCI chess moves such as \"e2e4\".", "White opened with e2e4.");
            assertThat(asked.reasoningEffort()).isEqualTo("low");

            // one call on the runner: the actor sends render(call) and commits the answer's text as the value
            Agent<List<String>> once = new Agent<>() {
                @Override
                public List<String> initialState() {
                    return List.of();
                }

                @Override
                public Optional<Call> nextCall(List<String> answers) {
                    return answers.isEmpty() ? Optional.of(Call.of("greet", "who", "world")) : Optional.empty();
                }

                @Override
                public List<String> transition(List<String> answers, Outcome outcome) {
                    return List.of(outcome.text());
                }
            };
            try (RealClock clock = new RealClock()) {
                RunResult<List<String>> run = SpeculativeRunner.builder(once).actor(actor).policy(new SequentialPolicy())
                        .clock(clock).build().run();
                assertThat(run.finalState()).containsExactly("Hello! How can I help you today?");
            }
        }
    }

    /** The text with every line's leading blanks removed, so that a block matches at any indentation. */
    private static String unindented(String text) {
        return text.lines().map(String::stripLeading).collect(Collectors.joining("\n", "", "\n"));
    }
}
