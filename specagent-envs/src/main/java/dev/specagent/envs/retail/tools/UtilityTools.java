package dev.specagent.envs.retail.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.specagent.core.call.SideEffect;

import java.util.List;

/**
 * The three tools that do not touch the database: {@code think} and {@code calculate} are pure
 * ({@link SideEffect#IDEMPOTENT}), {@code transfer_to_human_agents} hands the customer to a person and is
 * {@link SideEffect#IRREVERSIBLE}, so it never runs speculatively.
 */
final class UtilityTools {

    private static final String ALLOWED = "0123456789+-*/(). ";

    private UtilityTools() {
    }

    static List<RetailTool> all() {
        return List.of(
                new SimpleTool("think", "Think", List.of("thought"), SideEffect.IDEMPOTENT,
                        (db, a) -> new ToolResult("", db)),
                new SimpleTool("calculate", "Calculate", List.of("expression"), SideEffect.IDEMPOTENT,
                        (db, a) -> new ToolResult(calculate(a), db)),
                new SimpleTool("transfer_to_human_agents", "TransferToHumanAgents", List.of("summary"),
                        SideEffect.IRREVERSIBLE, (db, a) -> new ToolResult("Transfer successful", db)));
    }

    /**
     * What the reference does with a non-string expression: {@code all(char in ALLOWED for char in expression)}
     * iterates it (a list's elements, a dict's keys), then {@code eval} refuses anything but a string.
     */
    private static String notAString(JsonNode expression) {
        if (!expression.isContainerNode()) {
            throw new ToolError("'" + ToolArgs.typeName(expression) + "' object is not iterable");
        }
        Iterable<JsonNode> elements = expression.isArray() ? expression
                : () -> expression.properties().stream().map(e -> (JsonNode) TextNode.valueOf(e.getKey())).iterator();
        for (JsonNode element : elements) {
            if (!element.isTextual()) {
                throw new ToolError("'in <string>' requires string as left operand, not "
                        + ToolArgs.typeName(element));
            }
            if (!ALLOWED.contains(element.textValue())) {
                return "Error: invalid characters in expression";
            }
        }
        throw new ToolError("eval() arg 1 must be a string, bytes or code object");
    }

    private static String calculate(ToolArgs args) {
        JsonNode raw = args.raw("expression");
        if (!raw.isTextual()) {
            return notAString(raw);
        }
        String expression = args.raw("expression").textValue();
        if (!expression.chars().allMatch(c -> ALLOWED.indexOf(c) >= 0)) {
            return "Error: invalid characters in expression";
        }
        try {
            return PyArithmetic.roundedString(PyArithmetic.evaluate(expression));
        } catch (ToolError e) {
            return "Error: " + e.getMessage();
        }
    }
}
