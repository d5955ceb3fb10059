package dev.specagent.llm;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatClient;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.ToolCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Our client parses the exact SSE and JSON shapes documented for OpenAI, vLLM, Ollama and llama.cpp (fixtures in test resources). */
class WireFormatFixturesTest {

    FixtureServer fixtures;

    @BeforeEach
    void start() throws Exception {
        fixtures = new FixtureServer();
    }

    @AfterEach
    void stop() {
        fixtures.close();
    }

    ChatResponse answer(String fixture, String model) throws Exception {
        fixtures.serve(fixture);
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(), model)).build()) {
            return client.complete(ChatRequest.builder().user("hi").stream(fixture.endsWith(".sse")).build());
        }
    }

    @Test
    void negativeUsageIsAMalformedAnswerNotAHang() throws Exception {
        fixtures.serve("negative-usage.json");
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(), "gpt-4o-mini"))
                .maxRetries(0).build()) {
            assertThatThrownBy(() -> client.start(ChatRequest.builder().user("hi").stream(false).build()).response()
                    .get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(LlmException.class).hasMessageContaining("negative token counts");
        }
    }

    /**
     * A token count is read as the number the server wrote or refused: Jackson's {@code asLong} read 12.7 as 12 and
     * 18446744073709551621 (2^64 + 5) as 5, so such an answer was priced at another count without a word.
     */
    @Test
    void aUsageCountThatIsNotAWholeNumberOfTokensIsAMalformedAnswerNotAnotherCount() {
        String[][] refused = {{"prompt_tokens", "18446744073709551621"}, {"prompt_tokens", "12.7"},
                {"completion_tokens", "1.0E30"}, {"completion_tokens", "\"12\""}, {"completion_tokens", "true"},
                {"prompt_tokens_details", "{\"cached_tokens\": 0.5}"}};
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(), "gpt-4.1"))
                .maxRetries(0).build()) {
            for (String[] field : refused) {
                fixtures.serveJson(answerWithUsage("\"prompt_tokens\": 5, \"completion_tokens\": 5, \"" + field[0] + "\": "
                        + field[1]));
                String named = field[0].equals("prompt_tokens_details") ? "usage.prompt_tokens_details.cached_tokens is 0.5"
                        : "usage." + field[0] + " is " + field[1];
                assertThatThrownBy(() -> client.complete(ChatRequest.builder().user("hi").stream(false).build()))
                        .as(field[0] + " " + field[1]).isInstanceOfSatisfying(LlmException.class, e -> {
                            assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
                            assertThat(e.getMessage()).contains("not a whole number", named);
                        });
            }
            // a whole count written with a decimal point or an exponent is that count
            fixtures.serveJson(answerWithUsage("\"prompt_tokens\": 12.0, \"completion_tokens\": 1e3"));
            ChatResponse r = client.complete(ChatRequest.builder().user("hi").stream(false).build());
            assertThat(r.usage().promptTokens()).isEqualTo(12);
            assertThat(r.usage().completionTokens()).isEqualTo(1000);
        }
        try (ChatClient embedder = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(),
                "text-embedding-3-small")).maxRetries(0).build()) {
            fixtures.serveJson("{\"object\": \"list\", \"data\": [{\"index\": 0, \"embedding\": [0.5]}], "
                    + "\"usage\": {\"prompt_tokens\": 18446744073709551621}}");
            assertThatThrownBy(() -> embedder.embed(List.of("hi"))).isInstanceOfSatisfying(LlmException.class, e -> {
                assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED_RESPONSE);
                assertThat(e.getMessage()).contains("usage.prompt_tokens is 18446744073709551621");
            });
        }
    }

    /**
     * A server that writes a tool call's arguments as a JSON object rather than as a string of JSON (as Ollama's own
     * API does) had them read as no arguments, streamed or not: the tool was called with {}.
     */
    @Test
    void toolCallArgumentsWrittenAsAnObjectAreTheCallsArguments() {
        String call = "{\"id\": \"call_1\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                + "\"arguments\": {\"city\": \"Paris\"}}}";
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(), "qwen2.5:7b"))
                .maxRetries(0).build()) {
            fixtures.serveJson("{\"id\": \"c\", \"model\": \"qwen2.5:7b\", \"choices\": [{\"index\": 0, \"message\": "
                    + "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [" + call + "]}, "
                    + "\"finish_reason\": \"tool_calls\"}]}");
            ChatResponse whole = client.complete(ChatRequest.builder().user("hi").stream(false).build());
            fixtures.serveEvents("data: {\"id\": \"c\", \"choices\": [{\"index\": 0, \"delta\": {\"tool_calls\": ["
                    + call.replace("{\"id\"", "{\"index\": 0, \"id\"") + "]}, \"finish_reason\": \"tool_calls\"}]}\n\n"
                    + "data: [DONE]\n\n");
            ChatResponse streamed = client.complete(ChatRequest.builder().user("hi").build());
            for (ChatResponse r : List.of(whole, streamed)) {
                assertThat(r.toolCalls()).singleElement().satisfies(c -> {
                    assertThat(c.name()).isEqualTo("get_weather");
                    assertThat(c.arguments()).isEqualTo(CanonicalJson.parse("{\"city\": \"Paris\"}"));
                });
            }
        }
    }

    private static String answerWithUsage(String usageFields) {
        return "{\"id\": \"c\", \"model\": \"gpt-4.1\", \"choices\": [{\"index\": 0, \"message\": {\"role\": "
                + "\"assistant\", \"content\": \"hi\"}, \"finish_reason\": \"stop\"}], \"usage\": {" + usageFields + "}}";
    }

    @Test
    void openAiStreamWithCachedUsage() throws Exception {
        ChatResponse r = answer("openai-stream.sse", "gpt-4o-mini");
        assertThat(r.content()).isEqualTo("Hello! How can I help?");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(r.usageReported()).isTrue();
        assertThat(r.usage().promptTokens()).isEqualTo(2006);
        assertThat(r.usage().cachedPromptTokens()).isEqualTo(1920);
        assertThat(r.usage().completionTokens()).isEqualTo(6);
        assertThat(r.usage().costUsd()).isCloseTo((86 * 0.15 + 1920 * 0.075 + 6 * 0.60) / 1e6,
                offset(1e-12));
    }

    @Test
    void openAiStreamedParallelToolCalls() throws Exception {
        ChatResponse r = answer("openai-stream-tools.sse", "gpt-4.1");
        assertThat(r.finishReason()).isEqualTo("tool_calls");
        assertThat(r.toolCalls()).hasSize(2);
        ToolCall first = r.toolCalls().get(0);
        assertThat(first.id()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
        assertThat(first.name()).isEqualTo("get_weather");
        assertThat(first.arguments()).isEqualTo(CanonicalJson.parse("{\"location\":\"Paris, France\"}"));
        assertThat(r.toolCalls().get(1).arguments().get("location").asText()).isEqualTo("Bogotá, Colombia");
        assertThat(r.usage().completionTokens()).isEqualTo(40);
        assertThat(r.content()).isEmpty();
    }

    @Test
    void openAiNonStreamedToolCall() throws Exception {
        ChatResponse r = answer("openai-completion.json", "gpt-4o-mini");
        assertThat(r.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_current_weather");
            assertThat(c.arguments().get("location").asText()).isEqualTo("Boston, MA");
        });
        assertThat(r.usage().promptTokens()).isEqualTo(82);
        assertThat(r.usage().completionTokens()).isEqualTo(17);
    }

    @Test
    void vllmReasoningContentAndUsage() throws Exception {
        ChatResponse r = answer("vllm-stream.sse", "Qwen/Qwen3-8B");
        assertThat(r.reasoning()).isEqualTo("The user wants 9.11 vs 9.8.");
        assertThat(r.content()).isEqualTo("9.8 is greater.");
        assertThat(r.usage().promptTokens()).isEqualTo(18);
        assertThat(r.usage().completionTokens()).isEqualTo(9);
        assertThat(r.usage().costUsd()).isZero();
    }

    @Test
    void vllmToolCallDeltas() throws Exception {
        ChatResponse r = answer("vllm-stream-tools.sse", "meta-llama/Llama-3.1-8B-Instruct");
        assertThat(r.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("chatcmpl-tool-e1f2");
            assertThat(c.arguments()).isEqualTo(CanonicalJson.parse("{\"city\":\"San Francisco\",\"unit\":\"celsius\"}"));
        });
        assertThat(r.usage().promptTokens()).isEqualTo(233);
    }

    @Test
    void ollamaStreamWithWholeToolCallAndReasoning() throws Exception {
        ChatResponse r = answer("ollama-stream.sse", "qwen3:8b");
        assertThat(r.reasoning()).isEqualTo("Paris weather");
        assertThat(r.content()).isEqualTo("Let me check.");
        assertThat(r.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("call_w8lqlb5x");
            assertThat(c.arguments().get("city").asText()).isEqualTo("Paris");
        });
        assertThat(r.usage().completionTokens()).isEqualTo(31);
    }

    @Test
    void ollamaNonStreamed() throws Exception {
        ChatResponse r = answer("ollama-completion.json", "llama3.2");
        assertThat(r.content()).isEqualTo("The sky is blue because of Rayleigh scattering.");
        assertThat(r.usage().promptTokens()).isEqualTo(29);
        assertThat(r.usage().costUsd()).isZero();
    }

    @Test
    void llamaCppCrlfStreamWithUsageInTheFinishChunk() throws Exception {
        ChatResponse r = answer("llamacpp-stream.sse", "gpt-3.5-turbo");
        assertThat(r.content()).isEqualTo("Hi there");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.usage().promptTokens()).isEqualTo(12);
        assertThat(r.usage().completionTokens()).isEqualTo(2);
    }

    @Test
    void withoutReportedUsageOnlyDeltasThatCarryTextCountAsGeneratedTokens() throws Exception {
        // the role-only opening chunk and the empty finish chunk carry no token; the three content deltas do
        ChatResponse r = answer("no-usage-stream.sse", "gpt-4o-mini");
        assertThat(r.content()).isEqualTo("Hello there!");
        assertThat(r.usageReported()).isFalse();
        assertThat(r.usage().completionTokens()).isEqualTo(3);
        assertThat(r.usage().promptTokens()).isPositive();
    }

    @Test
    void anErrorInsideA200AnswerIsAServerErrorCarryingTheServersMessage() throws Exception {
        for (String fixture : List.of("error-200.json", "error-stream.sse")) {
            fixtures.serve(fixture);
            try (ChatClient client = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(), "gpt-4o-mini"))
                    .maxRetries(0).build()) {
                assertThatThrownBy(() -> client.complete(ChatRequest.builder().user("hi")
                        .stream(fixture.endsWith(".sse")).build()))
                        .as(fixture).isInstanceOfSatisfying(LlmException.class, e -> {
                            assertThat(e.kind()).isEqualTo(LlmException.Kind.SERVER_ERROR);
                            assertThat(e.getMessage()).contains("upstream overloaded");
                        });
            }
        }
    }

    /**
     * A model that refuses a structured-output request streams its refusal in {@code refusal} deltas (OpenAI's
     * documented shape, content null): the assembled answer keeps the refusal, as a non-streamed answer's message
     * does, and its pieces count as generated tokens (the first one as the first token). The refusal was dropped, so a
     * streamed call (and its trace entry) could not tell a refusal from an empty answer, and counted 0 tokens.
     */
    @Test
    void aStreamedRefusalIsKeptAndCountedAsGeneratedTokens() throws Exception {
        String chunk = "data: {\"id\":\"chatcmpl-r\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}\n\n";
        fixtures.serveEvents(chunk.formatted("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", "null")
                + chunk.formatted("{\"refusal\":\"I'm sorry\"}", "null")
                + chunk.formatted("{\"refusal\":\", I can't help with that.\"}", "null")
                + chunk.formatted("{}", "\"stop\"") + "data: [DONE]\n\n");
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(), "gpt-4o-mini"))
                .build()) {
            ChatResponse r = client.complete(ChatRequest.builder().user("hi").stream(true).build());
            assertThat(r.content()).isEmpty();
            assertThat(r.raw().at("/choices/0/message/refusal").asText()).isEqualTo("I'm sorry, I can't help with that.");
            assertThat(r.usage().completionTokens()).isEqualTo(2);
            assertThat(r.firstTokenNanos()).isNotNegative();
        }
    }

    /**
     * Azure OpenAI opens a stream with its prompt filter results in a chunk whose id and model are empty strings; the
     * answer takes its id and model from the chunks that have them. It kept the empty ones, so the answer's id and
     * its raw (and trace) model were "".
     */
    @Test
    void azuresPromptFilterChunkWithAnEmptyIdAndModelDoesNotNameTheAnswer() throws Exception {
        String chunk = "data: {\"id\":\"chatcmpl-a\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s,\"content_filter_results\":{}}]}\n\n";
        fixtures.serveEvents("data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n"
                + chunk.formatted("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk.formatted("{\"content\":\"Hi\"}", "null") + chunk.formatted("{}", "\"stop\"") + "data: [DONE]\n\n");
        try (ChatClient client = ChatClient.builder(LlmEndpoint.of(fixtures.baseUrl().toString(), "gpt-4o"))
                .build()) {
            ChatResponse r = client.complete(ChatRequest.builder().user("hi").stream(true).build());
            assertThat(r.content()).isEqualTo("Hi");
            assertThat(r.id()).isEqualTo("chatcmpl-a");
            assertThat(r.model()).isEqualTo("gpt-4o-2024-08-06");
            assertThat(r.raw().get("id").asText()).isEqualTo("chatcmpl-a");
            assertThat(r.raw().get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        }
    }
}
