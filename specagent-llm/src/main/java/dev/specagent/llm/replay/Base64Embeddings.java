package dev.specagent.llm.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * An embeddings answer as OpenAI sends it for {@code "encoding_format": "base64"}: each vector the base64 of its
 * values as little-endian float32, which the official SDKs ask for when the caller names no format (and decode).
 */
final class Base64Embeddings {

    private Base64Embeddings() {
    }

    /** Whether an embeddings request asks for base64 vectors. */
    static boolean asked(JsonNode request) {
        return "base64".equals(request.path("encoding_format").asText(null));
    }

    /** A copy of a recorded answer whose numeric vectors are base64 float32; any other item is kept as it is. */
    static JsonNode of(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        for (JsonNode item : copy.path("data")) {
            JsonNode vector = item.get("embedding");
            if (item instanceof ObjectNode object && vector != null && vector.isArray()) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * vector.size()).order(ByteOrder.LITTLE_ENDIAN);
                vector.forEach(v -> bytes.putFloat(v.floatValue()));
                object.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            }
        }
        return copy;
    }
}
