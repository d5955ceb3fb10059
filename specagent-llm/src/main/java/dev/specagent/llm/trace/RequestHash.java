package dev.specagent.llm.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The key that matches a request to its recorded response: the SHA-256 (hex) of the request body's
 * canonical JSON ({@link CanonicalJson}: keys sorted, numbers normalised) without the fields that only
 * say how the answer is transported ({@code stream}, {@code stream_options}, and an embeddings request's
 * {@code encoding_format}: the replay server sends the recorded vectors as base64 when asked). Model, messages, tools,
 * tool choice, temperature, max tokens, reasoning effort, response format and seed all count.
 *
 * <p>{@code max_completion_tokens} counts as {@code max_tokens} (unless a body has both): the two name the same cap,
 * the first in calls to api.openai.com (and from the official SDKs, which deprecate the second), the second
 * elsewhere, so a run recorded against OpenAI replays on a local replay server, whose URL makes the client send
 * {@code max_tokens}, and the reverse. Likewise an embeddings request's one text as a string ({@code "input": "a"})
 * counts as the list of it ({@code ["a"]}) that the client sends, and a message's content of one text part
 * ({@code [{"type": "text", "text": "a"}]}, nothing else in it) as that text: OpenAI takes both for the same request.
 */
public final class RequestHash {

    /** The fields left out of the hash. */
    public static final Set<String> IGNORED = Set.of("stream", "stream_options", "encoding_format");

    private static final String INPUT = "input";
    private static final String CONTENT = "content";
    private static final String MAX_TOKENS = "max_tokens";
    private static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

    private RequestHash() {
    }

    /** The hash of a request body. */
    public static String of(JsonNode body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CanonicalJson.toCanonicalString(matched(body)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The part of a request body that the hash covers: without the ignored fields, the aliases above resolved. */
    public static ObjectNode matched(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove(IGNORED);
        if (copy.path(INPUT).isTextual()) {
            copy.set(INPUT, copy.arrayNode().add(copy.get(INPUT)));
        }
        for (JsonNode message : copy.path("messages")) {
            JsonNode parts = message.get(CONTENT);
            if (message instanceof ObjectNode m && parts != null && parts.isArray() && parts.size() == 1
                    && parts.get(0).size() == 2 && "text".equals(parts.get(0).path("type").asText(null))
                    && parts.get(0).path("text").isTextual()) {
                m.set(CONTENT, parts.get(0).get("text"));
            }
        }
        if (copy.has(MAX_COMPLETION_TOKENS) && !copy.has(MAX_TOKENS)) {
            copy.set(MAX_TOKENS, copy.remove(MAX_COMPLETION_TOKENS));
        }
        return copy;
    }
}
