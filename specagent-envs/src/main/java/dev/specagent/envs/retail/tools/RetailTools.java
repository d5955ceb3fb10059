package dev.specagent.envs.retail.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.call.SideEffects;
import dev.specagent.envs.retail.db.RetailDatabase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 16 τ-bench retail tools and the dispatcher that runs a call the way the reference environment's
 * {@code step} does: an unknown name gives {@code "Unknown action NAME"}, a Python {@code TypeError} for
 * missing or unexpected keyword arguments and any exception inside a tool give {@code "Error: " + str(e)}.
 * Outputs are byte-identical to the Python tools' ({@link dev.specagent.envs.retail.json.PyJson}).
 * Stateless and thread-safe.
 */
public final class RetailTools {

    private static final Map<String, RetailTool> TOOLS;

    /** The reference's package of tool modules; each module is named after its tool ({@code think.py}). */
    private static final String REFERENCE_MODULE = "tau_bench.envs.retail.tools.";

    static {
        Map<String, RetailTool> tools = new LinkedHashMap<>();
        List<RetailTool> all = new ArrayList<>();
        all.addAll(UtilityTools.all());
        all.addAll(ReadTools.all());
        all.addAll(WriteTools.all());
        all.sort((a, b) -> a.name().compareTo(b.name()));
        all.forEach(t -> tools.put(t.name(), t));
        TOOLS = Collections.unmodifiableMap(tools);
    }

    private RetailTools() {
    }

    /** Every tool by name, in alphabetical order (the order of {@code tool_schemas.json}). */
    public static Map<String, RetailTool> all() {
        return TOOLS;
    }

    /** The tool called {@code name}. */
    public static Optional<RetailTool> tool(String name) {
        return Optional.ofNullable(TOOLS.get(name));
    }

    /** The side-effect class of every retail call; unknown tools are treated as irreversible. */
    public static SideEffects sideEffects() {
        Map<String, SideEffect> table = new LinkedHashMap<>();
        TOOLS.forEach((name, tool) -> table.put(name, tool.sideEffect()));
        return SideEffects.byTool(table, SideEffect.IRREVERSIBLE);
    }

    /**
     * Runs {@code name(**kwargs)} on {@code db}. Never throws for a bad call: the observation says what went
     * wrong, exactly as the reference would, and the database is returned unchanged.
     */
    public static ToolResult execute(RetailDatabase db, String name, JsonNode kwargs) {
        RetailTool tool = TOOLS.get(name);
        if (tool == null) {
            return new ToolResult("Unknown action " + name, db);
        }
        ObjectNode args = kwargs != null && kwargs.isObject() ? (ObjectNode) kwargs
                : JsonNodeFactory.instance.objectNode();
        Optional<String> typeError = argumentError(tool, args);
        if (typeError.isPresent()) {
            return new ToolResult("Error: " + typeError.get(), db);
        }
        try {
            return tool.invoke(db, new ToolArgs(args));
        } catch (ToolError e) {
            return new ToolResult("Error: " + e.getMessage(), db);
        }
    }

    /**
     * Python's TypeError for the call {@code invoke(data=data, **kwargs)} when it does not fit the signature. A
     * {@code data} among the kwargs fails first, where the call merges its keywords (named by module and
     * qualified name, e.g. {@code tau_bench.envs.retail.tools.think.Think.invoke()}); then, as the function
     * binds them, the first unexpected keyword; then the missing parameters.
     */
    private static Optional<String> argumentError(RetailTool tool, ObjectNode args) {
        if (args.has("data")) {
            return Optional.of(REFERENCE_MODULE + tool.name() + "." + tool.pythonClass()
                    + ".invoke() got multiple values for keyword argument 'data'");
        }
        String prefix = tool.pythonClass() + ".invoke() ";
        for (var it = args.fieldNames(); it.hasNext(); ) {
            String given = it.next();
            if (!tool.parameters().contains(given)) {
                return Optional.of(prefix + "got an unexpected keyword argument '" + given + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String p : tool.parameters()) {
            if (!args.has(p)) {
                missing.add("'" + p + "'");
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String names;
        if (missing.size() == 1) {
            names = missing.get(0);
        } else if (missing.size() == 2) {
            names = missing.get(0) + " and " + missing.get(1);
        } else {
            names = String.join(", ", missing.subList(0, missing.size() - 1)) + ", and " + missing.getLast();
        }
        return Optional.of(prefix + "missing " + missing.size() + " required positional argument"
                + (missing.size() == 1 ? "" : "s") + ": " + names);
    }
}
