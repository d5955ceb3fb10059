package dev.specagent.envs.retail.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.retail.speculate.Transcript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversations built in τ-bench's trajectory layout read back as they were written. */
class TrajectoryBuilderTest {

    @Test
    void builtConversationsReadBackWithEachCallsOutputAndUniqueCallIds(@TempDir Path dir) throws Exception {
        TrajectoryBuilder builder = new TrajectoryBuilder();
        builder.begin(7, 1.0).user("I am u_1.").call("get_user", CanonicalJson.object("user_id", "u_1"), "{\"id\": 1}")
                .call("think", "{oops", "ok").assistant("Done.");
        builder.begin(8, null).call("get_user", CanonicalJson.object("user_id", "u_2"), "{\"id\": 2}");
        assertThat(builder.size()).isEqualTo(2);
        JsonNode root = CanonicalJson.MAPPER.readTree(builder.toJson());
        assertThat(root.get(0).path("task_id").asInt()).isEqualTo(7);
        assertThat(root.get(0).path("reward").asDouble()).isEqualTo(1.0);
        assertThat(root.get(1).get("reward").isNull()).isTrue();
        assertThat(root.findValuesAsText("tool_call_id")).doesNotHaveDuplicates().hasSize(3);

        Path file = dir.resolve("built.json");
        Files.writeString(file, builder.toJson());
        List<Transcript> read = ConversationReader.read(file, problem -> { });
        assertThat(read).hasSize(2);
        Transcript first = read.getFirst();
        assertThat(first.entries()).extracting(Transcript.Entry::role).containsExactly("user", "tool", "tool", "assistant");
        assertThat(first.calls()).extracting(c -> c.output()).containsExactly("{\"id\": 1}", "ok");
        assertThat(first.calls().get(1).hasUnparsedArguments()).as("arguments written as given").isTrue();
        assertThat(read.get(1).calls().getFirst().kwargs().path("user_id").asText()).isEqualTo("u_2");
    }
}
