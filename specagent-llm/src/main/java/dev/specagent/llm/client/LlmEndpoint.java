package dev.specagent.llm.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where and how to reach one model: the OpenAI-compatible base URL (ending in {@code /v1}; the
 * client appends {@code /chat/completions}), the model name, the name of the environment variable
 * that holds the API key ({@code null} for servers without authentication, such as a local vLLM,
 * Ollama, llama.cpp or the replay server), and optional defaults that every request of this
 * endpoint inherits unless the request sets its own: reasoning effort, temperature, max tokens.
 *
 * <p>A base URL without a path gets {@code /v1} appended, so {@code http://localhost:11434} and
 * {@code http://localhost:11434/v1} are the same endpoint. Immutable.
 */
public record LlmEndpoint(URI baseUrl, String model, String apiKeyEnv, String reasoningEffort, Double temperature,
                          Integer maxTokens) {

    /** The environment variable read by default for the API key. */
    public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

    /** The OpenAI API. */
    public static final URI OPENAI = URI.create("https://api.openai.com/v1");

    public LlmEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))
                || baseUrl.getHost() == null || baseUrl.getPort() > 65535) {
            throw new IllegalArgumentException("endpoint must be an http(s) URL such as http://localhost:8000/v1: "
                    + baseUrl);
        }
        baseUrl = normalise(baseUrl);
        if (apiKeyEnv != null && apiKeyEnv.isBlank()) {
            throw new IllegalArgumentException("the API key variable must be named, or null for a server without keys");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be named (e.g. --model gpt-4o-mini)");
        }
        ReasoningEffort.check(reasoningEffort);
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be in [0, 2]: " + temperature);
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("max tokens must be positive: " + maxTokens);
        }
    }

    /** An endpoint with no defaults, reading its key from {@link #DEFAULT_API_KEY_ENV} when it is https. */
    public static LlmEndpoint of(String baseUrl, String model) {
        URI uri = parseUrl(baseUrl);
        return new LlmEndpoint(uri, model, "https".equals(uri.getScheme()) ? DEFAULT_API_KEY_ENV : null,
                null, null, null);
    }

    /**
     * Parses {@code --endpoint URL --model M} with the optional {@code --api-key-env VAR},
     * {@code --reasoning-effort E}, {@code --temperature T} and {@code --max-tokens N} (also as
     * {@code --option=value}). {@code --endpoint} defaults to the OpenAI API; {@code --api-key-env none} means no key,
     * and an empty variable name is refused. Unknown options and bad values throw {@link IllegalArgumentException}
     * naming the option.
     */
    public static LlmEndpoint parseArgs(List<String> args) {
        String url = OPENAI.toString();
        String model = null;
        String keyEnv = null;
        boolean keyEnvSet = false;
        String effort = null;
        Double temperature = null;
        Integer maxTokens = null;
        List<String> tokens = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                tokens.add(arg.substring(0, eq));
                tokens.add(arg.substring(eq + 1));
            } else {
                tokens.add(arg);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            String option = tokens.get(i);
            if (i + 1 >= tokens.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = tokens.get(++i);
            switch (option) {
                case "--endpoint" -> url = value;
                case "--model" -> model = value;
                case "--api-key-env" -> {
                    // an empty name read no variable and sent requests without a key: say so instead
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--api-key-env needs the name of an environment variable "
                                + "('none' for a server without keys), got an empty value");
                    }
                    keyEnv = value.equals("none") ? null : value;
                    keyEnvSet = true;
                }
                case "--reasoning-effort" -> effort = value;
                case "--temperature" -> temperature = parseNumber(option, value, Double::valueOf);
                case "--max-tokens" -> maxTokens = parseNumber(option, value, Integer::valueOf);
                default -> throw new IllegalArgumentException("unknown option " + option
                        + " (known: --endpoint, --model, --api-key-env, --reasoning-effort, --temperature, --max-tokens)");
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("--model is required");
        }
        URI uri = parseUrl(url);
        if (!keyEnvSet) {
            keyEnv = "https".equals(uri.getScheme()) ? DEFAULT_API_KEY_ENV : null;
        }
        LlmEndpoint plain = new LlmEndpoint(URI.create("http://localhost/v1"), model, null, null, null, null);
        Double t = temperature;
        Integer max = maxTokens;
        String e = effort;
        check("--endpoint", () -> plain.withBaseUrl(uri));
        check("--reasoning-effort", () -> plain.withReasoningEffort(e));
        check("--temperature", () -> plain.withSampling(t, null));
        check("--max-tokens", () -> plain.withSampling(null, max));
        return new LlmEndpoint(uri, model, keyEnv, effort, temperature, maxTokens);
    }

    /** The same endpoint serving another model. */
    public LlmEndpoint withModel(String newModel) {
        return new LlmEndpoint(baseUrl, newModel, apiKeyEnv, reasoningEffort, temperature, maxTokens);
    }

    /** The same endpoint, with the same key, at another base URL (e.g. a separate embeddings server). */
    public LlmEndpoint withBaseUrl(URI newBaseUrl) {
        return new LlmEndpoint(newBaseUrl, model, apiKeyEnv, reasoningEffort, temperature, maxTokens);
    }

    /** The same endpoint on a replay server, which needs no key: replaying works without one set. */
    public LlmEndpoint onReplayServer(URI replayBaseUrl) {
        return new LlmEndpoint(replayBaseUrl, model, null, reasoningEffort, temperature, maxTokens);
    }

    /** The same endpoint with a default reasoning effort ({@code null} to send none). */
    public LlmEndpoint withReasoningEffort(String effort) {
        return new LlmEndpoint(baseUrl, model, apiKeyEnv, effort, temperature, maxTokens);
    }

    /** The same endpoint with default temperature and max tokens ({@code null} to send none). */
    public LlmEndpoint withSampling(Double newTemperature, Integer newMaxTokens) {
        return new LlmEndpoint(baseUrl, model, apiKeyEnv, reasoningEffort, newTemperature, newMaxTokens);
    }

    /**
     * The URL requests are posted to: {@code /chat/completions} after the base URL's path, its query (an
     * {@code ?api-version=...}, say) kept after it.
     */
    public URI chatCompletionsUrl() {
        return withPath(baseUrl, baseUrl.getRawPath() + "/chat/completions");
    }

    /** {@code {baseUrl}/embeddings}, the base URL's query kept after the path. */
    public URI embeddingsUrl() {
        return withPath(baseUrl, baseUrl.getRawPath() + "/embeddings");
    }

    /** {@code uri} with the path {@code rawPath}, its query kept and its fragment (never sent) dropped. */
    private static URI withPath(URI uri, String rawPath) {
        String query = uri.getRawQuery();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + rawPath + (query != null ? "?" + query : ""));
    }

    /** Whether this is the OpenAI API itself (which wants {@code max_completion_tokens}). */
    public boolean isOpenAi() {
        return "api.openai.com".equalsIgnoreCase(baseUrl.getHost());
    }

    private static void check(String option, Runnable validation) {
        try {
            validation.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    private static URI parseUrl(String url) {
        try {
            return URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--endpoint is not a URL: " + url, e);
        }
    }

    /**
     * The base URL as requests are built on: its path without trailing slashes or a {@code /chat/completions} at its
     * end ({@code /v1} when it has none), its query kept, its fragment dropped.
     */
    private static URI normalise(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/chat/completions")) {
            path = path.substring(0, path.length() - "/chat/completions".length());
        }
        return withPath(uri, path.isEmpty() ? "/v1" : path);
    }

    private static <T> T parseNumber(String option, String value, Function<String, T> parse) {
        try {
            return parse.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number: " + value, e);
        }
    }
}
