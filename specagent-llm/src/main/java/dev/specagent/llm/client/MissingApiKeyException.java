package dev.specagent.llm.client;

/**
 * A client of an endpoint that reads its API key from an environment variable was built while that
 * variable is unset or blank. The message names the variable and the endpoint; it names no option of
 * any command line, since the programs that build clients offer different ways to choose a key (a
 * command with {@code --api-key-env} adds that hint itself).
 */
public final class MissingApiKeyException extends IllegalArgumentException {

    private final String variable;
    private final String baseUrl;

    /**
     * @param variable the environment variable that should hold the key
     * @param baseUrl  the endpoint's base URL
     */
    public MissingApiKeyException(String variable, String baseUrl) {
        super("environment variable " + variable + " is not set; it must hold the API key of " + baseUrl);
        this.variable = variable;
        this.baseUrl = baseUrl;
    }

    /** The environment variable that should hold the key. */
    public String variable() {
        return variable;
    }

    /** The endpoint's base URL. */
    public String baseUrl() {
        return baseUrl;
    }
}
