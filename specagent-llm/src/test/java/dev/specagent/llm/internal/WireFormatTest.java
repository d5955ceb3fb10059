package dev.specagent.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.ToolSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire format's pure parts: tools and tool choice in a request body, message text, servers' error messages. */
class WireFormatTest {

    private static final LlmEndpoint LOCAL = LlmEndpoint.of("http://127.0.0.1:8000/v1", "m");

    @Test
    void toolsAreSentWithADescriptionOnlyWhenTheyHaveOneAndAToolChoiceByKeywordOrName() {
        ObjectNode parameters = CanonicalJson.object("type", "object");
        ChatRequest request = ChatRequest.builder().user("hi").tool(new ToolSpec("f", "", parameters))
                .tool(new ToolSpec("g", "finds things", parameters)).toolChoice("g").build();
        ObjectNode body = WireFormat.requestBody(request, LOCAL);
        assertThat(body.get("tools")).isEqualTo(CanonicalJson.parse("[{\"type\": \"function\", \"function\": "
                + "{\"name\": \"f\", \"parameters\": {\"type\": \"object\"}}}, {\"type\": \"function\", \"function\": "
                + "{\"name\": \"g\", \"description\": \"finds things\", \"parameters\": {\"type\": \"object\"}}}]"));
        assertThat(body.get("tool_choice")).isEqualTo(CanonicalJson.parse("{\"type\": \"function\", \"function\": "
                + "{\"name\": \"g\"}}"));
        assertThat(WireFormat.requestBody(request.toBuilder().toolChoice("required").build(), LOCAL).get("tool_choice")
                .asText()).isEqualTo("required");
        assertThat(WireFormat.requestBody(ChatRequest.ofUser("hi"), LOCAL).has("tool_choice")).isFalse();
    }

    @Test
    void aMessagesTextIsItsStringOrItsTextParts() {
        assertThat(WireFormat.text(CanonicalJson.parse("\"plain\""))).isEqualTo("plain");
        assertThat(WireFormat.text(CanonicalJson.parse("[{\"type\": \"text\", \"text\": \"Hel\"}, {\"type\": "
                + "\"image_url\"}, {\"type\": \"text\", \"text\": \"lo\"}]"))).isEqualTo("Hello");
        assertThat(WireFormat.text(CanonicalJson.parse("{\"a\": 1}"))).isEqualTo("{\"a\":1}");
        assertThat(WireFormat.text(CanonicalJson.parse("null"))).isEmpty();
        assertThat(WireFormat.text(null)).isEmpty();
    }

    @Test
    void theServersErrorMessageIsFoundInEachShapeServersUse() {
        assertThat(WireFormat.errorMessage("{\"error\": {\"message\": \"no such model\"}}")).isEqualTo("no such model");
        assertThat(WireFormat.errorMessage("{\"error\": \"quota exceeded\"}")).isEqualTo("quota exceeded");
        assertThat(WireFormat.errorMessage("{\"message\": \"busy\"}")).isEqualTo("busy");
        assertThat(WireFormat.errorMessage(" {\"error\": {\"code\": 7}} ")).isEqualTo("{\"error\": {\"code\": 7}}");
    }

    @Test
    void longTextsAreCutForMessagesAfterTheirLimit() {
        assertThat(WireFormat.errorMessage("e".repeat(300))).isEqualTo("e".repeat(300));
        assertThat(WireFormat.errorMessage("e".repeat(301))).isEqualTo("e".repeat(300) + "…");
        assertThat(WireFormat.abbreviate("a".repeat(200))).isEqualTo("a".repeat(200));
        assertThat(WireFormat.abbreviate("a".repeat(201))).isEqualTo("a".repeat(200) + "…");
    }

    /** Tool calls of earlier turns and the tool schemas count in the prompt estimate, 4 characters a token. */
    @Test
    void thePromptEstimateCountsToolCallsAndToolSchemas() {
        var body = CanonicalJson.parse("{\"messages\": [{\"role\": \"user\", \"content\": \"abcd\"}, {\"role\": "
                + "\"assistant\", \"content\": null, \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": "
                + "\"{\\\"a\\\":1}\"}}]}], \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"g\"}}]}");
        // characters: 4 of content, 1 + 7 of the call, 45 of the tools' JSON; 4 a message; 3 for the reply
        assertThat(TokenEstimate.promptTokens(body)).isEqualTo((4 + 8 + 45 + 3) / 4 + 2 * 4 + 3);
    }
}
