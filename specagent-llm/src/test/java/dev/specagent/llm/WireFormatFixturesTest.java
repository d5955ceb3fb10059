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
}
