package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.trace.TraceEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chunks a replayed stream sends: a recorded stream as recorded, a whole answer cut the way servers stream. */
class ChunkPlanTest {

    private static final JsonNode REQUEST = CanonicalJson.parse("{\"model\": \"m\", \"messages\": []}");

    @Test
    void aWholeAnswerIsCutIntoPiecesSpreadFromTheFirstTokenToTheEnd() {
        JsonNode response = CanonicalJson.parse("{\"id\": \"c\", \"model\": \"m\", \"choices\": [{\"message\": "
                + "{\"role\": \"assistant\", \"reasoning_content\": \"think hard\", \"content\": \"Hi there\", "
                + "\"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\", \"function\": {\"name\": \"f\", "
                + "\"arguments\": \"{\\\"a\\\":\\\"\uD83D\uDE00\uD83D\uDE00\\\"}\"}}]}}], \"usage\": {\"prompt_tokens\": 4}}");
        List<TraceEntry.Chunk> plan = ChunkPlan.of(TraceEntry.completed(REQUEST, response, 10, 80), true);

        assertThat(plan).extracting(TraceEntry.Chunk::ms)
                .containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 80.0, 80.0);
        assertThat(plan.subList(0, 8)).extracting(c -> c.data().path("choices").path(0).get("delta"))
                .containsExactly(
                        json("{\"role\": \"assistant\", \"content\": \"\"}"),
                        json("{\"reasoning_content\": \"think\"}"),
                        json("{\"reasoning_content\": \" hard\"}"),
                        json("{\"content\": \"Hi\"}"),
                        json("{\"content\": \" there\"}"),
                        json("{\"tool_calls\": [{\"index\": 0, \"id\": \"call_1\", \"type\": \"function\", "
                                + "\"function\": {\"name\": \"f\", \"arguments\": \"\"}}]}"),
                        // eight code points, the surrogate pairs whole
                        json("{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\": "
                                + "\"{\\\"a\\\":\\\"\uD83D\uDE00\uD83D\uDE00\"}}]}"),
                        json("{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\": \"\\\"}\"}}]}"));
        assertThat(plan.subList(0, 8)).allSatisfy(c ->
                assertThat(c.data().path("choices").path(0).get("finish_reason").isNull()).isTrue());
        assertThat(plan.get(8).data().path("choices").path(0).get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(plan.get(9).data().get("choices")).isEmpty();
        assertThat(plan.get(9).data().get("usage")).isEqualTo(json("{\"prompt_tokens\": 4}"));
        assertThat(plan).allSatisfy(c -> assertThat(c.data().get("id").asText()).isEqualTo("c"));
    }

    /**
     * A recorded refusal (a structured-output request the model refused: content null, {@code refusal} set) is
     * streamed in {@code refusal} deltas, as OpenAI streams it; it was left out, so the stream was an empty answer.
     */
    @Test
    void aWholeRefusalIsStreamedInRefusalDeltas() {
        JsonNode refused = CanonicalJson.parse("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": null, "
                + "\"refusal\": \"I can't\"}, \"finish_reason\": \"stop\"}]}");
        List<TraceEntry.Chunk> plan = ChunkPlan.of(TraceEntry.completed(REQUEST, refused, 0, 30), false);
        assertThat(plan).extracting(c -> c.data().path("choices").path(0).get("delta")).containsExactly(
                json("{\"role\": \"assistant\", \"content\": \"\"}"), json("{\"refusal\": \"I\"}"),
                json("{\"refusal\": \" can't\"}"), json("{}"));
    }

    @Test
    void aWholeTextAnswerFinishesWithStopOrItsOwnReasonAndHasUsageOnlyWhenAsked() {
        JsonNode plain = CanonicalJson.parse("{\"choices\": [{\"message\": {\"content\": \"ok\"}}], "
                + "\"usage\": {\"prompt_tokens\": 4}}");
        List<TraceEntry.Chunk> plan = ChunkPlan.of(TraceEntry.completed(REQUEST, plain, 5, 5), false);
        assertThat(plan).extracting(TraceEntry.Chunk::ms).containsExactly(5.0, 5.0, 5.0);
        assertThat(plan.get(2).data().path("choices").path(0).get("finish_reason").asText()).isEqualTo("stop");

        JsonNode cut = CanonicalJson.parse("{\"choices\": [{\"message\": {\"content\": \"\"}, \"finish_reason\": "
                + "\"length\"}]}");
        plan = ChunkPlan.of(TraceEntry.completed(REQUEST, cut, -1, 7), true);
        assertThat(plan).extracting(TraceEntry.Chunk::ms).as("a single delta at the first token, at 0 when unknown")
                .containsExactly(0.0, 7.0);
        assertThat(plan.get(1).data().path("choices").path(0).get("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void aRecordedStreamIsSentAsRecordedWithItsUsageChunkOnlyWhenAsked() {
        JsonNode content = json("{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"x\"}}]}");
        JsonNode usage = json("{\"choices\": [], \"usage\": {\"prompt_tokens\": 4}}");
        JsonNode response = json("{\"choices\": [{\"message\": {\"content\": \"x\"}}], \"usage\": {\"prompt_tokens\": 4}}");
        TraceEntry withUsage = entry(List.of(new TraceEntry.Chunk(3, content), new TraceEntry.Chunk(9, usage)), response);
        assertThat(ChunkPlan.of(withUsage, true)).extracting(TraceEntry.Chunk::data).containsExactly(content, usage);
        assertThat(ChunkPlan.of(withUsage, false)).extracting(TraceEntry.Chunk::data).containsExactly(content);

        // recorded without asking for usage: the usage chunk is made from the answer, at the last chunk's time
        TraceEntry without = entry(List.of(new TraceEntry.Chunk(6, content), new TraceEntry.Chunk(4, content)), response);
        List<TraceEntry.Chunk> plan = ChunkPlan.of(without, true);
        assertThat(plan).extracting(TraceEntry.Chunk::ms).containsExactly(6.0, 4.0, 6.0);
        assertThat(plan.get(2).data().get("usage")).isEqualTo(json("{\"prompt_tokens\": 4}"));
        assertThat(ChunkPlan.of(without, false)).hasSize(2);

        // a content chunk that also carries usage is kept either way, and counts as the usage chunk
        JsonNode both = json("{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"x\"}}], \"usage\": {\"prompt_tokens\": 4}}");
        TraceEntry last = entry(List.of(new TraceEntry.Chunk(2, both)), response);
        assertThat(ChunkPlan.of(last, false)).extracting(TraceEntry.Chunk::data).containsExactly(both);
        assertThat(ChunkPlan.of(last, true)).extracting(TraceEntry.Chunk::data).containsExactly(both);
    }

    private static TraceEntry entry(List<TraceEntry.Chunk> chunks, JsonNode response) {
        return new TraceEntry(null, "", null, REQUEST, 200, "completed", null, 1, 10, chunks, response, Usage.ZERO,
                true);
    }

    private static JsonNode json(String text) {
        return CanonicalJson.parse(text);
    }
}
