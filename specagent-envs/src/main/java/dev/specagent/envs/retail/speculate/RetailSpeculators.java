package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.tasks.RetailTask;
import dev.specagent.envs.retail.tasks.TrainingEpisodes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Builds the retail speculators from the shared data. */
public final class RetailSpeculators {

    private RetailSpeculators() {
    }

    /** The retail tools' OpenAI schemas ({@code tool_schemas.json}). */
    public static JsonNode toolSchemas(Path folder) {
        Path file = folder.resolve("tool_schemas.json");
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + JsonErrors.describe(e), e);
        }
    }

    /**
     * The learned speculator, knowing the retail tool schemas and trained on {@code training} tasks: the data
     * flow learned from their episodes, behind the recall of those episodes.
     */
    public static CallSpeculator learned(List<RetailTask> training, RetailDatabase fresh) {
        List<List<ToolCallRecord>> episodes = TrainingEpisodes.of(training, fresh);
        DataFlowSpeculator dataFlow = new DataFlowSpeculator(
                new ToolCatalog().addSchemas(toolSchemas(RetailData.folder())), DataFlowSpeculator.Settings.DEFAULT);
        return new RecallingSpeculator(dataFlow.train(episodes)).remember(episodes);
    }
}
