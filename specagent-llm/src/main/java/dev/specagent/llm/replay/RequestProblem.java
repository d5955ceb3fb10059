package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * Why a request body is not a chat-completions (or embeddings) request, as the OpenAI API words it: the message,
 * the parameter at fault and the error code of a 400 answer.
 */
record RequestProblem(String message, String param, String code) {

    /** The first problem of {@code body}, or null when it is a request the server can match. */
    static RequestProblem of(JsonNode body, boolean embeddings) {
        if (body == null || !body.isObject()) {
            return new RequestProblem("The request body must be a JSON object, not " + kind(body) + ".", null, null);
        }
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            return missing("model");
        }
        if (!model.isTextual()) {
            return invalidType("model", "a string", model);
        }
        String content = embeddings ? "input" : "messages";
        JsonNode value = body.get(content);
        if (value == null || value.isNull()) {
            return missing(content);
        }
        if (!embeddings && !value.isArray()) {
            return invalidType(content, "an array", value);
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            return invalidType("stream", "a boolean", stream);
        }
        return null;
    }

    private static RequestProblem missing(String param) {
        return new RequestProblem("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    private static RequestProblem invalidType(String param, String expected, JsonNode value) {
        return new RequestProblem("Invalid type for '" + param + "': expected " + expected + ", but got " + kind(value)
                + " instead.", param, "invalid_type");
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "an empty body";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return node.isNull() ? "null" : ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }
}
