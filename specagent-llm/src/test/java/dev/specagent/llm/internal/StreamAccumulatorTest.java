package dev.specagent.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Streamed chunks assembled into one answer: text, tool calls merged with and without indexes, counted tokens. */
class StreamAccumulatorTest {

    private static JsonNode chunk(String json) {
        return CanonicalJson.parse(json);
    }

    private static JsonNode delta(String deltaJson) {
        return chunk("{\"choices\":[{\"index\":0,\"delta\":" + deltaJson + "}]}");
    }

    @Test
    void aStreamBecomesTheCompletionASingleAnswerWouldHaveBeen() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(chunk("{\"id\":\"c1\",\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\"}}]}"));
        acc.add(chunk("{\"id\":\"c2\",\"model\":\"m2\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":"
                + "\"think\"}}]}"));
        acc.add(delta("{\"content\":\"Hel\"}"));
        acc.add(delta("{\"content\":\"lo\"}"));
        acc.add(chunk("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
        acc.add(chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}"));

        assertThat(acc.id()).isEqualTo("c1");
        assertThat(acc.model()).isEqualTo("m1");
        assertThat(acc.chunks()).isEqualTo(6);
        assertThat(acc.countedTokens()).isEqualTo(3);
        assertThat(acc.toCompletion()).isEqualTo(chunk("{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m1\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\","
                + "\"reasoning_content\":\"think\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}"));
    }

    /** Cancelled before anything: an answer with empty text, no finish reason, no usage, no reasoning. */
    @Test
    void aStreamCancelledBeforeItsFirstChunkIsAnEmptyAnswer() {
        StreamAccumulator acc = new StreamAccumulator();
        assertThat(acc.hasTokens()).isFalse();
        assertThat(acc.toCompletion()).isEqualTo(chunk("{\"id\":\"\",\"object\":\"chat.completion\",\"model\":\"\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}"));
        acc.add(delta("{\"role\":\"assistant\",\"content\":\"\"}"));
        assertThat(acc.hasTokens()).as("a role chunk carries no token").isFalse();
        acc.add(delta("{\"content\":\"x\"}"));
        assertThat(acc.hasTokens()).isTrue();
    }

    @Test
    void indexedToolCallsAreMergedByIndexAndTheContentOfAToolAnswerIsNull() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(delta("{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\","
                + "\"arguments\":\"\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{\\\"x\\\"\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\"}}]}"));

        assertThat(acc.toolCalls()).containsExactly(new ToolCall("a", "f", "{\"x\":1}"), new ToolCall("b", "g", "{}"));
        assertThat(acc.countedTokens()).as("an empty argument piece is no token").isEqualTo(4);
        JsonNode message = acc.toCompletion().path("choices").path(0).path("message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("tool_calls")).isEqualTo(chunk("[{\"id\":\"a\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}},{\"id\":\"b\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"g\",\"arguments\":\"{}\"}}]"));
        assertThat(message.has("reasoning_content")).isFalse();
    }

    /**
     * Deltas without an index (some servers send none) continue the previous call, unless they bring a new id, or a
     * name when that call has one already: then they start the next call.
     */
    @Test
    void unindexedToolCallDeltasContinueThePreviousCallUntilANewIdOrName() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(delta("{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"arguments\":\"}\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"id\":\"b\",\"function\":{\"arguments\":\"[\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"function\":{\"name\":\"h\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"function\":{\"name\":\"k\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"function\":{\"arguments\":\"1\"}}]}"));

        assertThat(acc.toolCalls()).containsExactly(new ToolCall("a", "f", "{}"), new ToolCall("b", "h", "["),
                new ToolCall("", "k", "1"));
    }

    /** The first unindexed delta after indexed ones opens the call after the highest index, not call 0 again. */
    @Test
    void anUnindexedCallAfterAnotherChoiceStartsAfterTheLastIndex() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(delta("{\"tool_calls\":[{\"index\":2,\"id\":\"c\",\"function\":{\"name\":\"f\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"index\":5,\"id\":\"d\",\"function\":{\"name\":\"g\"}}]}"));
        acc.add(delta("{\"tool_calls\":[{\"id\":\"e\",\"function\":{\"name\":\"h\"}}]}"));
        assertThat(acc.toolCalls()).extracting(ToolCall::id).containsExactly("c", "d", "e");

        StreamAccumulator first = new StreamAccumulator();
        first.add(delta("{\"tool_calls\":[{\"function\":{\"name\":\"f\"}}]}"));
        first.add(delta("{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}"));
        assertThat(first.toolCalls()).containsExactly(new ToolCall("", "f", "{}"));
    }

    @Test
    void aUsageThatIsNotAnObjectIsNoUsage() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}"));
        acc.add(chunk("{\"choices\":[],\"usage\":7}"));
        acc.add(chunk("{\"choices\":[],\"usage\":null}"));
        assertThat(acc.usage()).isEqualTo(chunk("{\"prompt_tokens\":1}"));
        assertThat(acc.toCompletion().get("usage")).isEqualTo(chunk("{\"prompt_tokens\":1}"));
    }
}
