package dev.specagent.cli.llm;

import dev.specagent.cli.BadInputException;
import dev.specagent.llm.client.LlmEndpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of a command's own endpoint options, and the {@link LlmEndpoint} their values make: parsed by
 * {@link LlmEndpoint#parseArgs}, so that a URL, model, reasoning effort and API key variable mean what they mean in
 * every command, with its errors naming the command's options instead of its {@code --endpoint}, {@code --model}
 * and {@code --reasoning-effort}.
 *
 * @param endpoint the option of the base URL, e.g. {@code --actor-endpoint}
 * @param model    the option of the model, e.g. {@code --actor-model}
 * @param effort   the option of the reasoning effort, e.g. {@code --actor-reasoning-effort}; null for a command
 *                 without one
 */
public record EndpointOptionNames(String endpoint, String model, String effort) {

    /**
     * The endpoint of {@code modelName} at {@code url}, with {@code reasoningEffort} (null: none) and the key in the
     * environment variable {@code apiKeyEnv} (null: the default for the URL).
     *
     * @throws BadInputException naming this command's option of the bad value
     */
    public LlmEndpoint parse(String url, String modelName, String reasoningEffort, String apiKeyEnv) {
        List<String> args = new ArrayList<>(List.of("--endpoint", url, "--model", modelName));
        if (reasoningEffort != null) {
            args.addAll(List.of("--reasoning-effort", reasoningEffort));
        }
        if (apiKeyEnv != null) {
            args.addAll(List.of("--api-key-env", apiKeyEnv));
        }
        try {
            return LlmEndpoint.parseArgs(args);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().replace("--endpoint", endpoint).replace("--model", model);
            throw new BadInputException(effort == null ? message : message.replace("--reasoning-effort", effort), e);
        }
    }
}
