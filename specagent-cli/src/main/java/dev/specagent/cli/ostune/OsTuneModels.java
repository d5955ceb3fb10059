package dev.specagent.cli.ostune;

import dev.specagent.cli.llm.LlmOptions;
import dev.specagent.llm.LlmModels;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.price.PriceTable;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The actor and speculator clients of an {@code ostune} run. Live endpoints are used as
 * {@link LlmModels} sets them up; a replay differs: the OS-tuning prompts carry live readings, so no
 * recorded request can match a new one by hash, and the replay server answers each model's requests
 * with its recorded answers in order ({@link ReplayServer.Fallback#ORDER}). Close it after the run.
 */
final class OsTuneModels implements AutoCloseable {

    private final LlmModels live;
    private final ReplayServer server;
    private final TraceRecorder recorder;
    private final ChatClient actor;
    private final ChatClient speculator;

    private OsTuneModels(LlmModels live, ReplayServer server, TraceRecorder recorder, ChatClient actor, ChatClient speculator) {
        this.live = live;
        this.server = server;
        this.recorder = recorder;
        this.actor = actor;
        this.speculator = speculator;
    }

    /** Sets up the clients of {@code config}, built from {@code options} (which check its record trace after the run). */
    static OsTuneModels open(LlmOptions options, LlmModels.Config config) {
        if (config.replay() == null) {
            LlmModels models = options.open(config);
            return new OsTuneModels(models, null, null, models.actor(), models.speculator());
        }
        PriceTable prices = config.prices() == null ? PriceTable.builtIn() : PriceTable.builtIn().withOverrides(config.prices());
        ReplayServer server = null;
        TraceRecorder recorder = null;
        try {
            server = ReplayServer.builder(config.replay()).timeScale(config.timeScale()).fallback(ReplayServer.Fallback.ORDER).start();
            recorder = config.record() == null ? null : options.recordedTraces().open(config.record());
            LlmEndpoint a = config.actor().onReplayServer(server.baseUrl());
            LlmEndpoint s = (config.speculator() == null ? config.actor() : config.speculator()).onReplayServer(server.baseUrl());
            ChatClient actor = ChatClient.builder(a).prices(prices).recorder(recorder).build();
            ChatClient speculator = ChatClient.builder(s).prices(prices).recorder(recorder).build();
            return new OsTuneModels(null, server, recorder, actor, speculator);
        } catch (IOException e) {
            close(server, recorder);
            throw new UncheckedIOException("cannot start the replay server: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(server, recorder);
            throw e;
        }
    }

    ChatClient actor() {
        return actor;
    }

    ChatClient speculator() {
        return speculator;
    }

    private static void close(ReplayServer server, TraceRecorder recorder) {
        if (server != null) {
            server.close();
        }
        if (recorder != null) {
            recorder.close();
        }
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
            return;
        }
        actor.close();
        speculator.close();
        close(server, recorder);
    }
}
