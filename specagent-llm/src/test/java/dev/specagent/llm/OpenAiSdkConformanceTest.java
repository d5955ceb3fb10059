package dev.specagent.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.replay.ReplayServer;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conformance against code we did not write: the official OpenAI Java SDK talks to our replay
 * server, streaming and not, with tool calls and usage. The trace entries are keyed by requests that
 * OUR client builds, so a hash match also shows that both clients put the same request on the wire.
 */
class OpenAiSdkConformanceTest {

    static final String MODEL = "gpt-4o-mini";
    static final ChatRequest HELLO = ChatRequest.builder().system("Be brief.").user("Say hello").temperature(0.0).build();
    static final String HELLO_TEXT = "Hello there, how can I help you today?";
    static final ChatRequest TOOLS = ChatRequest.builder().user("Weather in Paris and Rome?")
            .tool(ChatClientReplayTest.WEATHER).build();

    ReplayServer server;
    OpenAIClient sdk;

    @BeforeEach
    void start() throws Exception {
        List<TraceEntry> entries = List.of(
                // a first token after 180 ms: the stream carries keep-alive comments, which the SDK must skip
                Traces.text(HELLO, MODEL, HELLO_TEXT, 180, 260),
                Traces.entry(TOOLS, MODEL, Traces.completion(MODEL, null, List.of(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}")), 50, 30), 20, 60));
        server = ReplayServer.builder(entries).failFirst(0, 429).start();
        sdk = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl().toString()).apiKey("sk-test").maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        sdk.close();
        server.close();
    }

    ChatCompletionCreateParams.Builder hello() {
        return ChatCompletionCreateParams.builder().model(MODEL).addSystemMessage("Be brief.").addUserMessage("Say hello")
                .temperature(0.0);
    }

    ChatCompletionCreateParams.Builder tools() {
        FunctionParameters parameters = FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                .build();
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Weather in Paris and Rome?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather").description("Weather of a city").parameters(parameters).build()).build());
    }

    @Test
    void nonStreamingCompletionWithUsage() {
        ChatCompletion c = sdk.chat().completions().create(hello().build());
        assertThat(c.choices().get(0).message().content()).contains(HELLO_TEXT);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(20);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(8);
    }

    @Test
    void streamingCompletionWithUsageChunk() {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        long usageChunks;
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(hello()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            usageChunks = stream.stream().peek(acc::accumulate).filter(ch -> ch.usage().isPresent()).count();
        }
        assertThat(usageChunks).isEqualTo(1);
        ChatCompletion c = acc.chatCompletion();
        assertThat(c.choices().get(0).message().content()).contains(HELLO_TEXT);
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(28);
    }

    @Test
    void toolCallsStreamedAndNot() {
        ChatCompletion plain = sdk.chat().completions().create(tools().build());
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(tools().build())) {
            stream.stream().forEach(acc::accumulate);
        }
        for (ChatCompletion c : List.of(plain, acc.chatCompletion())) {
            List<ChatCompletionMessageToolCall> calls = c.choices().get(0).message().toolCalls().orElseThrow();
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).asFunction().id()).isEqualTo("call_1");
            assertThat(calls.get(0).asFunction().function().name()).isEqualTo("get_weather");
            assertThat(calls.get(1).asFunction().function().arguments()).isEqualTo("{\"city\":\"Rome\"}");
            assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        }
    }

    /**
     * A request the trace does not hold says why, in the error the SDK raises: the fields in which it differs from the
     * closest recorded request to its model (here the SDK caller's {@code user} and {@code n}, which a recording by
     * our client never has), or that the trace has no request to that model. It gave only the request's hash.
     */
    @Test
    void anUnmatchedRequestNamesTheFieldsInWhichItDiffersFromTheClosestRecordedOne() {
        assertThatThrownBy(() -> sdk.chat().completions().create(hello().user("user-1").n(2).build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no response for this request")
                .hasMessageContaining("it differs from the closest recorded chat request to this model in: n, user.");
        assertThatThrownBy(() -> sdk.chat().completions().create(hello().model("gpt-unknown").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("the trace has no chat request to this model.");
    }

    /**
     * A message whose content is one text part ({@code [{"type": "text", "text": "Say hello"}]}, as the SDKs let a
     * caller write it, and as some frameworks always do) is the same request to OpenAI as the plain string our client
     * records, and gets its answer; it got a 404.
     */
    @Test
    void aMessageOfOneTextPartMatchesTheRecordedString() {
        ChatCompletion answer = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addSystemMessage("Be brief.").addUserMessageOfArrayOfContentParts(List.of(
                        com.openai.models.chat.completions.ChatCompletionContentPart.ofText(
                                com.openai.models.chat.completions.ChatCompletionContentPartText.builder()
                                        .text("Say hello").build()))).temperature(0.0).build());
        assertThat(answer.choices().getFirst().message().content()).contains(HELLO_TEXT);
    }

    @Test
    void errorsAreOpenAiShaped() throws Exception {
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addUserMessage("not recorded").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no response for this request");
        try (ReplayServer failing = ReplayServer.builder(List.of()).failFirst(1, 429).start()) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(failing.baseUrl().toString()).apiKey("k")
                    .maxRetries(0).build();
            try {
                assertThatThrownBy(() -> client.chat().completions().create(hello().build()))
                        .isInstanceOf(RateLimitException.class).hasMessageContaining("Injected fault");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void theSdksEmbeddingsRequestIsOursAndItReadsTheAnswer() throws Exception {
        String model = "text-embedding-3-small";
        try (ReplayServer embeddings = ReplayServer.builder(List.of(TraceEntry.embeddings(model, List.of("hello"),
                List.of(new double[] {0.25, -0.5, 1}), 1, 5))).start()) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(embeddings.baseUrl().toString()).apiKey("k")
                    .maxRetries(0).build();
            try {
                CreateEmbeddingResponse answer = client.embeddings().create(EmbeddingCreateParams.builder().model(model)
                        .inputOfArrayOfStrings(List.of("hello")).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                        .build());
                assertThat(answer.data()).singleElement()
                        .satisfies(e -> assertThat(e.embedding()).containsExactly(0.25f, -0.5f, 1f));
                assertThat(answer.usage().promptTokens()).isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }

    /**
     * The SDK's {@code models().retrieve(id)} ({@code GET /v1/models/{id}}, which clients call to check a model before
     * using it) gets the model of the trace, and an unknown model a 404 the SDK raises; it was an unknown URL (404) for
     * every model. A model id with a slash (a Hugging Face name, as vLLM serves) is found too.
     */
    @Test
    void theSdkRetrievesAModelOfTheTrace() throws Exception {
        assertThat(sdk.models().retrieve(MODEL).id()).isEqualTo(MODEL);
        assertThatThrownBy(() -> sdk.models().retrieve("gpt-unknown")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gpt-unknown");
        String hf = "Qwen/Qwen3-8B";
        try (ReplayServer vllm = ReplayServer.builder(List.of(Traces.text(HELLO, hf, HELLO_TEXT, 1, 2))).start()) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(vllm.baseUrl().toString()).apiKey("k")
                    .maxRetries(0).build();
            try {
                assertThat(client.models().retrieve(hf).id()).isEqualTo(hf);
            } finally {
                client.close();
            }
        }
    }
}
