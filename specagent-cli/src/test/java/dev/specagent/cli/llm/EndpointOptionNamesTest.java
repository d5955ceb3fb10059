package dev.specagent.cli.llm;

import dev.specagent.cli.BadInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EndpointOptionNames}: an endpoint from a command's option values, its errors naming those options. */
class EndpointOptionNamesTest {

    private static final EndpointOptionNames ACTOR =
            new EndpointOptionNames("--actor-endpoint", "--actor-model", "--actor-reasoning-effort");
    private static final EndpointOptionNames RETAIL = new EndpointOptionNames("--llm-endpoint", "--llm-models", null);

    @Test
    void parsesTheValuesAsEveryCommandDoes() {
        var endpoint = ACTOR.parse("http://127.0.0.1:9/v1", "m", "low", "none");
        assertThat(endpoint.baseUrl().toString()).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(endpoint.model()).isEqualTo("m");
        assertThat(endpoint.reasoningEffort()).isEqualTo("low");
        assertThat(RETAIL.parse("http://127.0.0.1:9/v1", "m", null, null).reasoningEffort()).isNull();
    }

    @Test
    void eachErrorNamesTheCommandsOwnOption() {
        assertThatThrownBy(() -> ACTOR.parse("localhost:1", "m", null, "none"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--actor-endpoint: endpoint must be an http(s) URL such as http://localhost:8000/v1: localhost:1");
        assertThatThrownBy(() -> ACTOR.parse("http://127.0.0.1:9/v1", "", null, "none"))
                .hasMessage("model must be named (e.g. --actor-model gpt-4o-mini)");
        assertThatThrownBy(() -> ACTOR.parse("http://127.0.0.1:9/v1", "m", "huge", "none"))
                .hasMessage("--actor-reasoning-effort: reasoning effort must be minimal, low, medium or high: huge");
        assertThatThrownBy(() -> RETAIL.parse("nope", "m", null, "none"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--llm-endpoint: endpoint must be an http(s) URL such as http://localhost:8000/v1: nope");
        assertThatThrownBy(() -> RETAIL.parse("http://127.0.0.1:9/v1", "", null, "none"))
                .hasMessage("model must be named (e.g. --llm-models gpt-4o-mini)");
        assertThatThrownBy(() -> RETAIL.parse("http://127.0.0.1:9/v1", "m", null, ""))
                .hasMessage("--api-key-env needs the name of an environment variable ('none' for a server without "
                        + "keys), got an empty value");
    }
}
