package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.node.MissingNode;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay server's 400 answers: the first problem of a request body, worded as the OpenAI API words it. */
class RequestProblemTest {

    private static RequestProblem chat(String body) {
        return RequestProblem.of(CanonicalJson.parse(body), false);
    }

    @Test
    void aBodyThatIsNoObjectIsNamedByWhatItIs() {
        assertThat(RequestProblem.of(null, false).message())
                .isEqualTo("The request body must be a JSON object, not an empty body.");
        assertThat(RequestProblem.of(MissingNode.getInstance(), false).message())
                .isEqualTo("The request body must be a JSON object, not an empty body.");
        assertThat(chat("null").message()).isEqualTo("The request body must be a JSON object, not null.");
        assertThat(chat("[1]").message()).isEqualTo("The request body must be a JSON object, not an array.");
        assertThat(chat("\"hi\"")).isEqualTo(new RequestProblem("The request body must be a JSON object, not a string.",
                null, null));
    }

    @Test
    void aMissingParameterIsNamed() {
        assertThat(chat("{\"messages\": []}")).isEqualTo(new RequestProblem("Missing required parameter: 'model'.",
                "model", "missing_required_parameter"));
        assertThat(chat("{\"model\": null, \"messages\": []}").param()).isEqualTo("model");
        assertThat(chat("{\"model\": \"\", \"messages\": [{\"role\": \"user\"}]}")).as("an empty model")
                .isEqualTo(new RequestProblem("Missing required parameter: 'model'.", "model", "missing_required_parameter"));
        assertThat(chat("{\"model\": \"m\"}")).isEqualTo(new RequestProblem("Missing required parameter: 'messages'.",
                "messages", "missing_required_parameter"));
        assertThat(RequestProblem.of(CanonicalJson.parse("{\"model\": \"m\", \"messages\": []}"), true))
                .isEqualTo(new RequestProblem("Missing required parameter: 'input'.", "input",
                        "missing_required_parameter"));
    }

    @Test
    void aParameterOfTheWrongTypeIsNamedWithWhatItIs() {
        assertThat(chat("{\"model\": 4, \"messages\": []}")).isEqualTo(new RequestProblem(
                "Invalid type for 'model': expected a string, but got a number instead.", "model", "invalid_type"));
        assertThat(chat("{\"model\": \"m\", \"messages\": {}}").message())
                .isEqualTo("Invalid type for 'messages': expected an array, but got an object instead.");
        assertThat(chat("{\"model\": \"m\", \"messages\": [{\"role\": \"user\"}], \"stream\": \"yes\"}")).isEqualTo(new RequestProblem(
                "Invalid type for 'stream': expected a boolean, but got a string instead.", "stream", "invalid_type"));
    }

    /**
     * Messages the API refuses are refused with its 400, naming the parameter: an empty array, an entry that is not an
     * object or has no string role used to be looked up, and answered 404 "no recorded response".
     */
    @Test
    void messagesTheApiRefusesAreNamed() {
        assertThat(chat("{\"model\": \"m\", \"messages\": []}")).isEqualTo(new RequestProblem("Invalid 'messages': "
                + "empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages",
                "empty_array"));
        assertThat(chat("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, \"hi\"]}"))
                .isEqualTo(new RequestProblem("Invalid type for 'messages[1]': expected an object, but got a string "
                        + "instead.", "messages[1]", "invalid_type"));
        assertThat(chat("{\"model\": \"m\", \"messages\": [{\"content\": \"hi\"}]}")).isEqualTo(new RequestProblem(
                "Missing required parameter: 'messages[0].role'.", "messages[0].role", "missing_required_parameter"));
        assertThat(chat("{\"model\": \"m\", \"messages\": [{\"role\": 1}]}").message())
                .isEqualTo("Invalid type for 'messages[0].role': expected a string, but got a number instead.");
    }

    @Test
    void aRequestTheServerCanMatchHasNoProblem() {
        String messages = "[{\"role\": \"user\", \"content\": \"hi\"}]";
        assertThat(chat("{\"model\": \"m\", \"messages\": " + messages + ", \"stream\": true}")).isNull();
        assertThat(chat("{\"model\": \"m\", \"messages\": " + messages + ", \"stream\": null}")).isNull();
        assertThat(RequestProblem.of(CanonicalJson.parse("{\"model\": \"m\", \"input\": \"text\"}"), true)).isNull();
    }
}
