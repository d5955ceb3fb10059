package dev.specagent.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.agent.ChatCalls;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ToolSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ChatCalls#requestOf}: a recorded request body back into a {@link ChatRequest}, its numeric fields checked. */
class ChatCallsTest {

    private static Call call(String field, String valueJson) {
        ObjectNode args = (ObjectNode) ChatCalls.callOf(ChatRequest.ofUser("hi")).args().deepCopy();
        args.set(field, CanonicalJson.parse(valueJson));
        return Call.of(ChatCalls.TOOL, args);
    }

    @Test
    void numericFieldsComeBackAsTheyWereSent() {
        ChatRequest sent = ChatRequest.builder().user("hi").temperature(0.7).maxTokens(256).seed(42L).build();
        ChatRequest back = ChatCalls.requestOf(ChatCalls.callOf(sent));
        assertThat(back.temperature()).isEqualTo(0.7);
        assertThat(back.maxTokens()).isEqualTo(256);
        assertThat(back.seed()).isEqualTo(42L);
        assertThat(ChatCalls.requestOf(call("max_completion_tokens", "64.0")).maxTokens()).isEqualTo(64);
        assertThat(ChatCalls.requestOf(call("temperature", "null")).temperature()).isNull();
    }

    /** Jackson read "hot" or true as 0, so a recorded request with a wrong temperature ran at temperature 0. */
    @Test
    void aFieldOfTheWrongTypeIsAnErrorNamingIt() {
        for (String value : List.of("\"hot\"", "true", "\"0.5\"", "[1]")) {
            assertThatThrownBy(() -> ChatCalls.requestOf(call("temperature", value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("call chat: field \"temperature\" must be a number, got " + value);
        }
        assertThatThrownBy(() -> ChatCalls.requestOf(call("max_tokens", "\"many\"")))
                .hasMessage("call chat: field \"max_tokens\" must be a whole number, got \"many\"");
        assertThatThrownBy(() -> ChatCalls.requestOf(call("max_completion_tokens", "12.5")))
                .hasMessage("call chat: field \"max_completion_tokens\" must be a whole number, got 12.5");
        assertThatThrownBy(() -> ChatCalls.requestOf(call("max_tokens", "1e12")))
                .hasMessageContaining("field \"max_tokens\" is out of range");
        assertThatThrownBy(() -> ChatCalls.requestOf(call("seed", "false")))
                .hasMessage("call chat: field \"seed\" must be a whole number, got false");
    }

    /** Everything a chat call's arguments carry besides the numbers comes back too: tools, choice, effort, format. */
    @Test
    void aRequestsToolsChoiceEffortAndFormatComeBack() {
        ChatRequest sent = ChatRequest.builder().user("weather?")
                .tool(ToolSpec.of("f", "finds", "{\"type\": \"object\"}"))
                .tool(ToolSpec.of("g", "", "{\"type\": \"object\"}"))
                .toolChoice("g").reasoningEffort("low").jsonObject().build();
        ChatRequest back = ChatCalls.requestOf(ChatCalls.callOf(sent));
        assertThat(back.tools()).isEqualTo(sent.tools());
        assertThat(back.toolChoice()).isEqualTo("g");
        assertThat(back.reasoningEffort()).isEqualTo("low");
        assertThat(back.responseFormat()).isEqualTo(CanonicalJson.parse("{\"type\": \"json_object\"}"));
        assertThat(ChatCalls.requestOf(ChatCalls.callOf(sent.toBuilder().toolChoice("auto").build())).toolChoice())
                .isEqualTo("auto");
        assertThat(ChatCalls.describe(ChatCalls.callOf(sent))).isEqualTo("a chat completion of these messages:"
                + "\nuser: weather?\n(tools available: f, g)");
        assertThat(ChatCalls.describe(ChatCalls.callOf(ChatRequest.ofUser("hi"))))
                .isEqualTo("a chat completion of these messages:\nuser: hi");
    }

    @Test
    void theRequestBuilderChainsEverySetting() {
        var format = CanonicalJson.parse("{\"type\": \"json_object\"}");
        var tool = ToolSpec.of("f", "", "{\"type\": \"object\"}");
        ChatRequest request = ChatRequest.builder().user("hi").responseFormat(format).tools(List.of(tool)).build();
        assertThat(request.responseFormat()).isEqualTo(format);
        assertThat(request.tools()).containsExactly(tool);
    }
}
