package dev.specagent.llm.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.specagent.core.data.JsonErrors;

/**
 * Parses the JSON of answers (bodies and stream events). Jackson refuses a string longer than 20,000,000
 * characters by default ({@link StreamReadConstraints#DEFAULT_MAX_STRING_LEN}), which a long answer can hold;
 * the client's own size limit ({@code ChatClient.Builder.maxResponseBytes}) already bounds every string, so this
 * parser lifts Jackson's. Its other limits stay (nesting depth 1000, numbers of 1000 digits, names of 50,000
 * characters), and {@link #problem} tells a text that breaks one from a text that is not JSON. A body or an event is
 * one JSON value: text after it (a second value, a proxy's note) makes it not JSON, as
 * {@link dev.specagent.core.call.CanonicalJson#MAPPER} reads.
 */
public final class AnswerJson {

    // parsing only: the trees are the same as CanonicalJson.MAPPER's, which configures only this of reading
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private AnswerJson() {
    }

    /** The JSON value of {@code text} (null for an empty text). */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * Why the parser refused a text, to follow its subject: "is not JSON (line L, column C: what)", where a quoted
     * text cut short would hide it, or "exceeds a limit of the JSON parser (...)".
     */
    public static String problem(JsonProcessingException e) {
        return e instanceof StreamConstraintsException ? "exceeds a limit of the JSON parser (" + e.getOriginalMessage()
                + ")" : "is not JSON (" + JsonErrors.describe(e) + ")";
    }
}
