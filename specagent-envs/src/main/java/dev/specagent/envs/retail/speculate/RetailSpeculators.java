package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.tasks.RetailTask;
import dev.specagent.envs.retail.tasks.TrainingEpisodes;
import dev.specagent.envs.retail.tools.RetailTools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Builds the retail speculators from the shared data. */
public final class RetailSpeculators {

    private RetailSpeculators() {
    }

    /**
     * The retail tools' OpenAI schemas ({@code tool_schemas.json}).
     *
     * @throws IllegalArgumentException naming the file (and the entry) when it is not a non-empty array of schemas
     *                                  that each name a retail tool
     */
    public static JsonNode toolSchemas(Path folder) {
        Path file = folder.resolve("tool_schemas.json");
        JsonNode schemas;
        try {
            schemas = CanonicalJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + JsonErrors.describe(e), e);
        }
        if (schemas == null || !schemas.isArray() || schemas.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected a non-empty JSON array of tool schemas");
        }
        for (int i = 0; i < schemas.size(); i++) {
            String name = schemas.get(i).path("function").path("name").asText("");
            if (RetailTools.tool(name).isEmpty()) {
                throw new IllegalArgumentException(file + ": schema " + i + ": field 'function.name' must name a retail "
                        + "tool, got '" + name + "'; the retail tools are " + RetailTools.all().keySet());
            }
            parameters(file, i, schemas.get(i).path("function").get("parameters"));
        }
        return schemas;
    }

    /**
     * Schema {@code i}'s {@code function.parameters}, when given: an object whose {@code properties} is an object of
     * objects and whose {@code required} is a list of strings. Another shape was read as a tool without parameters,
     * and sent so to the speculator's model.
     */
    private static void parameters(Path file, int i, JsonNode parameters) {
        if (parameters == null) {
            return; // OpenAI's function tools may leave parameters out: a tool without any
        }
        String where = file + ": schema " + i + ": field 'function.parameters";
        if (!parameters.isObject()) {
            throw new IllegalArgumentException(where + "' must be an object, got " + JsonErrors.shown(parameters));
        }
        JsonNode properties = parameters.get("properties");
        if (properties != null && !properties.isObject()) {
            throw new IllegalArgumentException(where + ".properties' must be an object, got "
                    + JsonErrors.shown(properties));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties == null ? Collections.emptyIterator()
                : properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getValue().isObject()) {
                throw new IllegalArgumentException(where + ".properties." + p.getKey() + "' must be an object, got "
                        + JsonErrors.shown(p.getValue()));
            }
        }
        JsonNode required = parameters.get("required");
        boolean strings = required == null || required.isArray();
        for (int j = 0; strings && required != null && j < required.size(); j++) {
            strings = required.get(j).isTextual();
        }
        if (!strings) {
            throw new IllegalArgumentException(where + ".required' must be a list of strings, got "
                    + JsonErrors.shown(required));
        }
    }

    /**
     * The learned speculator, knowing the retail tool schemas and trained on {@code training} tasks: the data
     * flow learned from their episodes, behind the recall of those episodes.
     */
    public static CallSpeculator learned(List<RetailTask> training, RetailDatabase fresh) {
        List<List<ToolCallRecord>> episodes = TrainingEpisodes.of(training, fresh);
        return new RecallingSpeculator(dataFlow(episodes)).remember(episodes);
    }

    /**
     * The learned speculator without its recall: only the data flow learned from the {@code training} tasks'
     * episodes, to measure what recall adds.
     */
    public static DataFlowSpeculator dataFlow(List<RetailTask> training, RetailDatabase fresh) {
        return dataFlow(TrainingEpisodes.of(training, fresh));
    }

    private static DataFlowSpeculator dataFlow(List<List<ToolCallRecord>> episodes) {
        return new DataFlowSpeculator(new ToolCatalog().addSchemas(toolSchemas(RetailData.folder())),
                DataFlowSpeculator.Settings.DEFAULT).train(episodes);
    }
}
