package dev.specagent.cli.retail;

import dev.specagent.cli.Validate;
import dev.specagent.cli.llm.CallsUnderWay;
import dev.specagent.cli.llm.EndpointOptionNames;
import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.RecordedTraces;
import dev.specagent.cli.llm.LlmOptions;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.LlmCallSpeculator;
import dev.specagent.llm.LlmModels;
import dev.specagent.llm.client.LlmEndpoint;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The speculator options shared by {@code retail predict} and {@code predict-calls}. An {@code --llm-record} trace
 * that loses entries mid-run is reported after the command ({@link RecordedTraces}).
 */
public final class SpeculatorOptions implements RecordedTraces.Owner {

    private static final EndpointOptionNames OPTION_NAMES =
            new EndpointOptionNames("--llm-endpoint", "--llm-models", null);

    private final RecordedTraces traces = new RecordedTraces("--llm-record");

    /** The speculators to choose from, named by {@link #toString()}. */
    enum Kind {
        /** The data flow learned from calls and outputs, behind the recall of earlier conversations; no LLM call. */
        LEARNED,
        /** The learned speculator without its recall: the data flow alone, to measure what recall adds. */
        DATA_FLOW,
        /** The paper's LLM speculator. */
        LLM;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Makes the learned speculator, with or without its recall of earlier conversations. */
    @FunctionalInterface
    interface Learned {
        CallSpeculator make(boolean recall);
    }

    @Option(names = "--speculator", defaultValue = "learned",
            description = "learned (data flow and recall of earlier conversations, no LLM call), data-flow (the "
                    + "learned one without recall, to measure what recall adds) or llm (the paper's LLM speculator) "
                    + "(default: ${DEFAULT-VALUE})")
    Kind speculator;

    @Option(names = "--k", defaultValue = "3", description = "calls proposed before each call, 1..20 (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--speculator-latency",
            description = "seconds one proposal takes in the time replay (default: 0 for learned, 2 for llm)")
    Double speculatorLatency;

    @Option(names = "--llm-endpoint", paramLabel = "URL", defaultValue = "https://api.openai.com/v1",
            description = "OpenAI-compatible base URL of the LLM speculator's models (default: ${DEFAULT-VALUE})")
    String llmEndpoint;

    @Option(names = "--llm-models", paramLabel = "M1,M2", split = ",", defaultValue = "gpt-4o-mini,gpt-4.1-mini",
            description = "the models the LLM speculator asks in parallel (default: ${DEFAULT-VALUE})")
    List<String> llmModels;

    @Option(names = "--llm-member-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "a model of the LLM speculator that has not given its calls this long after a proposal "
                    + "started is cancelled and contributes nothing, so a hung model does not hold back the others; "
                    + "0 waits for every model (up to the client's 10-minute timeout) (default: ${DEFAULT-VALUE})")
    double llmMemberTimeout;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "environment variable holding the API key of --llm-endpoint ('none' for servers without keys; "
                    + "not empty) (default: OPENAI_API_KEY for https endpoints, none for http)")
    String apiKeyEnv;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "JSON price file overriding the built-in prices (USD per million tokens) of the LLM "
                    + "speculator's models")
    Path prices;

    @Option(names = "--llm-replay", paramLabel = "TRACE",
            description = "answer the LLM speculator from this recorded JSONL trace on a loopback replay server")
    Path llmReplay;

    @Option(names = "--llm-record", paramLabel = "TRACE", description = "append every LLM call to this JSONL trace "
            + "(if it fails mid-run, e.g. a full disk, the results are still printed, then exit 2 names the trace and "
            + "how many calls it lost)")
    Path llmRecord;

    void validate() {
        if (k < 1 || k > 20) {
            throw new IllegalArgumentException("--k must be between 1 and 20, not " + k);
        }
        if (speculatorLatency != null && !(speculatorLatency >= 0 && speculatorLatency <= Clock.MAX_CALL_SECONDS)) {
            throw new IllegalArgumentException("--speculator-latency must be 0 to " + Clock.MAX_CALL_SECONDS
                    + " seconds, not " + speculatorLatency);
        }
        if (!(llmMemberTimeout >= 0 && llmMemberTimeout <= Clock.MAX_CALL_SECONDS)) {
            throw new IllegalArgumentException("--llm-member-timeout must be 0 (no timeout) to "
                    + Clock.MAX_CALL_SECONDS + " seconds, not " + llmMemberTimeout);
        }
        if (llmModels.isEmpty() || llmModels.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("--llm-models must name at least one model, comma-separated");
        }
        if (llmReplay != null && !Files.isRegularFile(llmReplay)) {
            throw new IllegalArgumentException("--llm-replay: no such file " + llmReplay);
        }
        if (llmReplay != null && llmRecord != null && Validate.sameFile(llmReplay, llmRecord)) {
            throw new IllegalArgumentException("--llm-record must not be the --llm-replay trace itself: " + llmRecord);
        }
        Validate.notTheInput("--llm-record", llmRecord, "--prices", prices);
        config();
    }

    /**
     * The LLM speculator's models as {@link LlmModels} set them up: each model's endpoint parsed by
     * {@link EndpointOptionNames} (so {@code --llm-endpoint} and {@code --api-key-env} mean what they mean in every
     * command), the first model also as the unused actor, the price file checked by {@link LlmModels.Config}.
     *
     * @throws dev.specagent.cli.BadInputException naming the option of a bad endpoint, model or key variable
     * @throws IllegalArgumentException naming {@code --prices} when the price file is unusable
     */
    private LlmModels.Config config() {
        List<LlmEndpoint> endpoints = new ArrayList<>();
        for (String model : llmModels) {
            endpoints.add(OPTION_NAMES.parse(llmEndpoint, model.strip(), null, apiKeyEnv));
        }
        try {
            return new LlmModels.Config(endpoints.getFirst(), endpoints.getFirst(), llmReplay, llmRecord, 0, prices,
                    endpoints.subList(1, endpoints.size()));
        } catch (IllegalArgumentException e) { // --llm-replay is checked above, so it is the price file
            throw new IllegalArgumentException("--prices: " + e.getMessage(), e);
        }
    }

    @Override
    public RecordedTraces recordedTraces() {
        return traces;
    }

    Kind kind() {
        return speculator;
    }

    int k() {
        return k;
    }

    double latencySeconds() {
        return speculatorLatency != null ? speculatorLatency : speculator == Kind.LLM ? 2.0 : 0.0;
    }

    /** The LLM speculator's member timeout, or null to wait for every model. */
    Duration memberTimeout() {
        return llmMemberTimeout > 0 ? Duration.ofNanos(Math.max(1, Math.round(llmMemberTimeout * 1e9))) : null;
    }

    /**
     * Sets up the chosen speculator: the learned one and the data flow alone are made by {@code learned}, the LLM one
     * from the options.
     */
    SpeculatorSetup open(JsonNode toolSchemas, Learned learned) {
        if (speculator != Kind.LLM) {
            return SpeculatorSetup.learned(learned.make(speculator == Kind.LEARNED));
        }
        LlmModels models = LlmOptions.open(config(), traces);
        try {
            CallsUnderWay underWay = new CallsUnderWay();
            return SpeculatorSetup.llm(new LlmCallSpeculator(underWay.track(models.speculators()), toolSchemas,
                    memberTimeout()), models, underWay);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }
}
