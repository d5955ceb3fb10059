package dev.specagent.envs.retail.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.tools.RetailTools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three task files of the retail domain ({@code tasks_test.json}, {@code tasks_dev.json}, {@code tasks_train.json}),
 * named by {@link #toString()} ({@code test}, {@code dev}, {@code train}).
 */
public enum TaskSplit {
    TEST, DEV, TRAIN;

    /** The split's name: {@code test}, {@code dev} or {@code train}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file name in the retail data folder. */
    public String fileName() {
        return "tasks_" + this + ".json";
    }

    /**
     * Reads this split's tasks from {@code folder}.
     *
     * @throws IllegalArgumentException naming the file, task and field when the file is malformed or a gold action
     *                                  names a tool the retail domain does not have
     */
    public List<RetailTask> load(Path folder) {
        Path file = folder.resolve(fileName());
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + JsonErrors.describe(e), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected a non-empty JSON array of tasks");
        }
        List<RetailTask> tasks = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode t = root.get(i);
            JsonNode actions = t.get("actions");
            if (actions == null || !actions.isArray()) {
                throw new IllegalArgumentException(file + ": task " + i + ": field 'actions' must be an array");
            }
            List<ToolCallRecord> calls = new ArrayList<>();
            for (int j = 0; j < actions.size(); j++) {
                JsonNode a = actions.get(j);
                if (!a.path("name").isTextual() || !a.path("kwargs").isObject()) {
                    throw new IllegalArgumentException(file + ": task " + i + ", action " + j
                            + ": needs a string 'name' and an object 'kwargs'");
                }
                String name = a.get("name").textValue();
                if (RetailTools.tool(name).isEmpty()) {
                    throw new IllegalArgumentException(file + ": task " + i + ", action " + j + ": unknown tool '" + name
                            + "'; the retail tools are " + RetailTools.all().keySet());
                }
                calls.add(ToolCallRecord.pending(name, (ObjectNode) a.get("kwargs")));
            }
            tasks.add(new RetailTask(i, text(file, i, t, "user_id"), text(file, i, t, "instruction"), calls,
                    outputs(file, i, t)));
        }
        return tasks;
    }

    /** Field {@code name} of task {@code i}, a string: {@code asText()} read null as the text "null" and 5 as "5". */
    private static String text(Path file, int i, JsonNode task, String name) {
        JsonNode v = task.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(file + ": task " + i + ": field '" + name + "' must be a string, got "
                    + (v == null ? "none" : JsonErrors.shown(v)));
        }
        return v.textValue();
    }

    /** The answers of task {@code i}: none when the field is absent, else a list of strings. */
    private static List<String> outputs(Path file, int i, JsonNode task) {
        JsonNode v = task.get("outputs");
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int j = 0; v.isArray() && j < v.size(); j++) {
            if (!v.get(j).isTextual()) {
                throw new IllegalArgumentException(file + ": task " + i + ": field 'outputs[" + j + "]' must be a "
                        + "string, got " + JsonErrors.shown(v.get(j)));
            }
            out.add(v.get(j).textValue());
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(file + ": task " + i + ": field 'outputs' must be a list of strings, "
                    + "got " + JsonErrors.shown(v));
        }
        return out;
    }
}
