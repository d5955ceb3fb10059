package dev.specagent.llm.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.internal.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The value types that say they are immutable stay as built, whatever a caller does with what their accessors hand
 * out or with what it handed in: a JSON node is copied both ways, a list is an unmodifiable copy.
 */
class ImmutableValuesTest {

    private static final LlmEndpoint ENDPOINT = LlmEndpoint.of("http://localhost:1/v1", "m");

    @Test
    void aChatRequestsResponseFormatCannotBeChangedThroughItsAccessor() {
        ChatRequest request = ChatRequest.builder().user("hi").jsonObject().build();
        String sent = WireFormat.requestBody(request, ENDPOINT).toString();

        ((ObjectNode) request.responseFormat()).put("type", "text");

        assertThat(request.responseFormat().path("type").asText()).isEqualTo("json_object");
        assertThat(WireFormat.requestBody(request, ENDPOINT).toString()).isEqualTo(sent);
    }

    @Test
    void aToolSpecsParametersCannotBeChangedThroughItsAccessor() {
        ToolSpec tool = ToolSpec.of("find", "finds", "{\"type\": \"object\", \"properties\": {}}");

        ((ObjectNode) tool.parameters()).put("type", "string");

        assertThat(tool.parameters().path("type").asText()).isEqualTo("object");
    }

    @Test
    void whatACallerHandedInIsCopied() {
        ObjectNode format = CanonicalJson.object("type", "json_object");
        ObjectNode schema = CanonicalJson.object("type", "object");
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user("hi")));
        ChatRequest request = ChatRequest.builder().messages(messages).responseFormat(format)
                .tool(new ToolSpec("find", "", schema)).build();

        format.put("type", "text");
        schema.put("type", "string");
        messages.add(ChatMessage.user("again"));

        assertThat(request.responseFormat().path("type").asText()).isEqualTo("json_object");
        assertThat(request.tools().get(0).parameters().path("type").asText()).isEqualTo("object");
        assertThat(request.messages()).hasSize(1);
    }

    @Test
    void theListsCannotBeChanged() {
        ChatRequest request = ChatRequest.builder().user("hi").tool(ToolSpec.of("find", "", "{}")).build();
        ChatMessage called = ChatMessage.assistant(null, List.of(new ToolCall("c1", "find", "{}")));

        assertThatThrownBy(() -> request.messages().add(ChatMessage.user("x")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.tools().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> called.toolCalls().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
