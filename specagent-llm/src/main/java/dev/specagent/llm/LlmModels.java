package dev.specagent.llm;

import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The actor and speculator clients of a run, set up from options: live endpoints, or a replay of a
 * recorded trace (an in-process {@link ReplayServer} on a free loopback port that both clients talk to
 * over real HTTP), optionally recording every call to a trace file. Close it to stop the replay server
 * and the recorder.
 *
 * <pre>{@code
 * try (LlmModels models = LlmModels.open(LlmModels.Config.of(
 *         LlmEndpoint.of("https://api.openai.com/v1", "gpt-4.1"), LlmEndpoint.of("https://api.openai.com/v1", "gpt-4.1-nano"))
 *         .withRecord(Path.of("run.jsonl")))) {
 *     LlmActor actor = LlmActor.of(models.actor());
 * }
 * }</pre>
 */
public final class LlmModels implements AutoCloseable {

    /**
     * What to set up.
     *
     * @param actor      the actor's endpoint and model
     * @param speculator the speculator's endpoint and model; null to use the actor's
     * @param replay     a trace to replay instead of calling the endpoints (their model names are kept); or null
     * @param record     a trace file to append every call to; or null
     * @param timeScale  the replay's pace (1 = recorded pace, 0 = no delay)
     * @param prices     a price file overriding the built-in table; or null
     * @param moreSpeculators further speculator models, asked in parallel with the first
     *                   ({@link dev.specagent.llm.agent.EnsembleSpeculator}); empty for one speculator
     */
    public record Config(LlmEndpoint actor, LlmEndpoint speculator, Path replay, Path record, double timeScale,
                         Path prices, List<LlmEndpoint> moreSpeculators) {
        public Config {
            Objects.requireNonNull(actor, "actor");
            moreSpeculators = moreSpeculators == null ? List.of() : List.copyOf(moreSpeculators);
            if (replay != null && !Files.isRegularFile(replay)) {
                throw new IllegalArgumentException("replay trace " + replay + " is not a readable file");
            }
            if (prices != null && !Files.isRegularFile(prices)) {
                throw new IllegalArgumentException("price file " + prices + " is not a readable file");
            }
        }

        /** A configuration with one speculator model. */
        public Config(LlmEndpoint actor, LlmEndpoint speculator, Path replay, Path record, double timeScale,
                      Path prices) {
            this(actor, speculator, replay, record, timeScale, prices, List.of());
        }

        /**
         * Live endpoints for the actor and one speculator (null: the actor's), at the recorded pace, with
         * the built-in prices, neither replaying nor recording; adjust it with the {@code with…} methods.
         */
        public static Config of(LlmEndpoint actor, LlmEndpoint speculator) {
            return new Config(actor, speculator, null, null, 1.0, null, List.of());
        }

        /** The same, replaying {@code trace} on a local replay server instead of calling the endpoints (null: live). */
        public Config withReplay(Path trace) {
            return new Config(actor, speculator, trace, record, timeScale, prices, moreSpeculators);
        }

        /** The same, appending every call to the trace file {@code file} (null: no recording). */
        public Config withRecord(Path file) {
            return new Config(actor, speculator, replay, file, timeScale, prices, moreSpeculators);
        }
    }

    private final ChatClient actor;
    private final List<ChatClient> speculators;
    private final ReplayServer replay;
    private final TraceRecorder recorder;
    private final PriceTable prices;
    private final List<ChatClient> others = new CopyOnWriteArrayList<>();

    private LlmModels(ChatClient actor, List<ChatClient> speculators, ReplayServer replay, TraceRecorder recorder,
                      PriceTable prices) {
        this.actor = actor;
        this.speculators = List.copyOf(speculators);
        this.replay = replay;
        this.recorder = recorder;
        this.prices = prices;
    }

    /** Sets up the clients of {@code config}. */
    public static LlmModels open(Config config) {
        return open(config, UnaryOperator.identity());
    }

    /** Sets up the clients of {@code config}, letting {@code customize} adjust both builders (timeouts, retries…). */
    public static LlmModels open(Config config, UnaryOperator<ChatClient.Builder> customize) {
        PriceTable prices = config.prices() == null ? PriceTable.builtIn()
                : PriceTable.builtIn().withOverrides(config.prices());
        LlmEndpoint actorEndpoint = config.actor();
        LlmEndpoint specEndpoint = config.speculator() == null ? config.actor() : config.speculator();
        ReplayServer server = null;
        TraceRecorder recorder = null;
        List<ChatClient> built = new ArrayList<>(); // closed if a later one cannot be built
        try {
            if (config.replay() != null) {
                server = ReplayServer.builder(config.replay()).timeScale(config.timeScale()).start();
                actorEndpoint = actorEndpoint.onReplayServer(server.baseUrl());
                specEndpoint = specEndpoint.onReplayServer(server.baseUrl());
            }
            ChatClient.Builder actorBuilder = customize.apply(ChatClient.builder(actorEndpoint).prices(prices));
            List<ChatClient.Builder> specBuilders = new ArrayList<>();
            List<LlmEndpoint> specEndpoints = new ArrayList<>(List.of(specEndpoint));
            specEndpoints.addAll(config.moreSpeculators());
            for (LlmEndpoint e : specEndpoints) {
                LlmEndpoint target = server == null ? e : e.onReplayServer(server.baseUrl());
                specBuilders.add(customize.apply(ChatClient.builder(target).prices(prices)));
            }
            // a missing key is refused before the trace is created: a refused run leaves no empty trace behind
            actorBuilder.requireApiKey();
            specBuilders.forEach(ChatClient.Builder::requireApiKey);
            if (config.record() != null) {
                TraceRecorder opened = new TraceRecorder(config.record());
                recorder = opened;
                actorBuilder.recorder(opened);
                specBuilders.forEach(b -> b.recorder(opened));
            }
            ChatClient a = actorBuilder.build();
            built.add(a);
            List<ChatClient> specs = new ArrayList<>();
            for (ChatClient.Builder b : specBuilders) {
                ChatClient spec = b.build();
                built.add(spec);
                specs.add(spec);
            }
            return new LlmModels(a, specs, server, recorder, prices);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the replay server", e);
        } catch (RuntimeException e) {
            built.forEach(ChatClient::close);
            if (server != null) {
                server.close();
            }
            if (recorder != null) {
                recorder.close();
            }
            throw e;
        }
    }

    /** The actor's client. */
    public ChatClient actor() {
        return actor;
    }

    /** The (first) speculator's client. */
    public ChatClient speculator() {
        return speculators.get(0);
    }

    /** Every speculator's client, the first one first: more than one makes an ensemble. */
    public List<ChatClient> speculators() {
        return speculators;
    }

    /**
     * A client for {@code model} (e.g. an embeddings model) at the actor's endpoint, or at {@code baseUrl} when
     * not null; on the replay server when replaying; with the same prices and recorder. Closed with these models.
     */
    public ChatClient client(String model, URI baseUrl) {
        LlmEndpoint endpoint = actor.endpoint().withModel(model);
        if (replay != null) {
            endpoint = endpoint.onReplayServer(replay.baseUrl());
        } else if (baseUrl != null) {
            endpoint = endpoint.withBaseUrl(baseUrl);
        }
        ChatClient client = ChatClient.builder(endpoint).prices(prices).recorder(recorder).build();
        others.add(client);
        return client;
    }

    /** The replay server, when replaying. */
    public Optional<ReplayServer> replay() {
        return Optional.ofNullable(replay);
    }

    /** The recorder, when recording. */
    public Optional<TraceRecorder> recorder() {
        return Optional.ofNullable(recorder);
    }

    @Override
    public void close() {
        actor.close();
        speculators.forEach(ChatClient::close);
        others.forEach(ChatClient::close);
        if (replay != null) {
            replay.close();
        }
        if (recorder != null) {
            recorder.close();
        }
    }
}
