package dev.specagent.cli.llm;

import dev.specagent.cli.BadInputException;
import dev.specagent.cli.Validate;
import dev.specagent.cli.RecordedTraces;
import dev.specagent.llm.LlmModels;
import dev.specagent.llm.trace.UnwritableTraceException;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.MissingApiKeyException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options that choose the actor and speculator models of a run, for any command to reuse with
 * {@code @Mixin LlmOptions llm;}: live endpoints ({@code --actor-endpoint URL --actor-model M},
 * {@code --speculator-endpoint URL --speculator-model M}) or a replay of a recorded trace
 * ({@code --replay TRACE}), optionally recording every call ({@code --record TRACE}).
 * {@link #open()} validates them (a {@link BadInputException} naming the option) and sets the clients up.
 * A {@code --record} trace that loses entries mid-run is reported after the command ({@link RecordedTraces}).
 */
public final class LlmOptions implements RecordedTraces.Owner {

    private final RecordedTraces traces = new RecordedTraces("--record");

    @Option(names = "--actor-endpoint", paramLabel = "URL", defaultValue = "https://api.openai.com/v1",
            description = "OpenAI-compatible base URL of the actor model (OpenAI, vLLM, Ollama, llama.cpp). Default: ${DEFAULT-VALUE}.")
    String actorEndpoint;

    @Option(names = "--actor-model", paramLabel = "MODEL", defaultValue = "gpt-4.1",
            description = "The actor model. Default: ${DEFAULT-VALUE}.")
    String actorModel;

    @Option(names = "--actor-reasoning-effort", paramLabel = "EFFORT",
            description = "Reasoning effort of the actor: minimal, low, medium or high (reasoning models only).")
    String actorEffort;

    @Option(names = "--speculator-endpoint", paramLabel = "URL",
            description = "Base URL of the speculator model. Default: the actor's endpoint.")
    String speculatorEndpoint;

    @Option(names = "--speculator-model", paramLabel = "MODEL[,MODEL...]", defaultValue = "gpt-4.1-nano",
            description = "The speculator model (a smaller one, or the actor's model with low effort); in llm-demo "
                    + "several, comma-separated, are asked in parallel and their guesses merged. Default: ${DEFAULT-VALUE}.")
    String speculatorModel;

    @Option(names = "--speculator-reasoning-effort", paramLabel = "EFFORT",
            description = "Reasoning effort of the speculator: minimal, low, medium or high (reasoning models only).")
    String speculatorEffort;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "Environment variable holding the API key ('none' for servers without keys; not empty). Default: OPENAI_API_KEY for https endpoints, none for http.")
    String apiKeyEnv;

    @Option(names = "--replay", paramLabel = "TRACE",
            description = "Replay this JSONL trace (recorded with --record) on a local replay server instead of calling the endpoints.")
    Path replay;

    @Option(names = "--replay-speed", paramLabel = "X", defaultValue = "1",
            description = "Replay pace: 1 = recorded latencies, 0 = no delay, 0.1 = ten times faster, at most 1000. Default: ${DEFAULT-VALUE}.")
    double replaySpeed;

    @Option(names = "--record", paramLabel = "TRACE",
            description = "Append every model call (request, response, timing, usage) to this JSONL trace. If it "
                    + "fails mid-run (a full disk), the run still ends and prints its results, then exits 2 naming "
                    + "the trace and how many calls it lost.")
    Path record;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "JSON price file overriding the built-in prices (USD per million tokens).")
    Path prices;

    /** The validated configuration. @throws BadInputException naming the bad option */
    public LlmModels.Config config() {
        LlmEndpoint actor = endpoint("--actor", actorEndpoint, actorModel, actorEffort);
        List<LlmEndpoint> speculators = new ArrayList<>();
        for (String model : speculatorModel.split(",", -1)) {
            if (model.isBlank()) {
                throw new BadInputException("--speculator-model has an empty name in '" + speculatorModel + "'");
            }
            speculators.add(endpoint("--speculator", speculatorEndpoint == null ? actorEndpoint : speculatorEndpoint,
                    model.strip(), speculatorEffort));
        }
        LlmEndpoint speculator = speculators.get(0);
        Validate.replayPace("--replay-speed", replaySpeed);
        if (replay != null && record != null && Validate.sameFile(replay, record)) {
            throw new BadInputException("--record must not be the --replay trace itself: " + record);
        }
        Validate.notTheInput("--record", record, "--prices", prices);
        try {
            return new LlmModels.Config(actor, speculator, replay, record, replaySpeed, prices,
                    speculators.subList(1, speculators.size()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException((e.getMessage().contains("price file") ? "--prices: " : "--replay: ")
                    + e.getMessage(), e);
        }
    }

    /** Validates the options and sets up the actor and speculator clients (close them after the run). */
    public LlmModels open() {
        return open(config());
    }

    @Override
    public RecordedTraces recordedTraces() {
        return traces;
    }

    /**
     * Refuses several speculator models, for a command whose speculator asks one (only llm-demo merges several).
     *
     * @return these options
     */
    public LlmOptions oneSpeculator() {
        if (speculatorModel.split(",", -1).length > 1) {
            throw new BadInputException("--speculator-model: this command asks one speculator model, got '"
                    + speculatorModel + "' (several are merged by llm-demo only)");
        }
        return this;
    }

    /**
     * Sets up the clients of {@code config} (built from these options); its record trace is checked after the command.
     *
     * @throws BadInputException naming the option when the replay or the record trace is unusable
     */
    public LlmModels open(LlmModels.Config config) {
        return open(config, traces);
    }

    /**
     * Sets up the clients of {@code config} for a command whose LLM options are its own (retail's {@code --llm-*}),
     * with the same errors as these options: its record trace is checked after the command under
     * {@code traces}' option.
     *
     * @throws BadInputException naming {@code traces}' option when the record trace is unusable, the API key variable
     *                           when it is not set, or the price or replay file when it is unusable
     */
    public static LlmModels open(LlmModels.Config config, RecordedTraces traces) {
        try {
            LlmModels models = LlmModels.open(config);
            models.recorder().ifPresent(traces::track);
            return models;
        } catch (UnwritableTraceException e) {
            throw BadInputException.cannotWrite(traces.option(), e.file(), e.getCause());
        } catch (MissingApiKeyException e) {
            throw new BadInputException(e.getMessage() + " (or pass --api-key-env none for a server without keys)", e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** Whether the run replays a trace. */
    public boolean replaying() {
        return replay != null;
    }

    private LlmEndpoint endpoint(String prefix, String url, String model, String effort) {
        return new EndpointOptionNames(prefix + "-endpoint", prefix + "-model", prefix + "-reasoning-effort")
                .parse(url, model, effort, apiKeyEnv);
    }
}
