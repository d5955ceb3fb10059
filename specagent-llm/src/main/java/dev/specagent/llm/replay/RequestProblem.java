package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * Why a request body is not a chat-completions (or embeddings) request, as the OpenAI API words it: the message,
 * the parameter at fault and the error code of a 400 answer. A chat request is refused for what the API itself
 * refuses it for before looking at the model: no string {@code model} (an empty one is missing too), {@code
 * messages} missing, not an array, empty, or holding an entry that is not an object with a string {@code role}, a
 * {@code stream} that is not a boolean.
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
        if (model.asText().isEmpty()) { // the API refuses an empty model as a missing one, not as a model it lacks
            return missing("model");
        }
        String content = embeddings ? "input" : "messages";
        JsonNode value = body.get(content);
        if (value == null || value.isNull()) {
            return missing(content);
        }
        if (!embeddings) {
            RequestProblem messages = messagesProblem(value);
            if (messages != null) {
                return messages;
            }
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            return invalidType("stream", "a boolean", stream);
        }
        return null;
    }

    /**
     * The first problem of a chat request's {@code messages}, which the API refuses unless it is a non-empty array of
     * objects that each have a string {@code role}; null when there is none.
     */
    private static RequestProblem messagesProblem(JsonNode messages) {
        if (!messages.isArray()) {
            return invalidType("messages", "an array", messages);
        }
        if (messages.isEmpty()) {
            return new RequestProblem("Invalid 'messages': empty array. Expected an array with minimum length 1, but "
                    + "got an empty array instead.", "messages", "empty_array");
        }
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                return invalidType(param, "an object", message);
            }
            JsonNode role = message.get("role");
            if (role == null || role.isNull()) {
                return missing(param + ".role");
            }
            if (!role.isTextual()) {
                return invalidType(param + ".role", "a string", role);
            }
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
