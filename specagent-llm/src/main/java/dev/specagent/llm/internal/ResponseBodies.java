package dev.specagent.llm.internal;

import dev.specagent.core.data.ByteOrderMark;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Reads whole response bodies (an answer, an error), decoded by their content coding ({@link ContentCoding}), as
 * UTF-8 text without a leading byte order mark (some servers write one before the JSON; a stream's is dropped by
 * {@link dev.specagent.llm.sse.SseReader}).
 */
public final class ResponseBodies {

    /** How much of an error body is kept: enough for any server's message. */
    private static final int ERROR_BYTES = 64 * 1024;

    private ResponseBodies() {
    }

    /**
     * The whole body of {@code response}, decoded, as UTF-8 text (without a byte order mark); closes it.
     *
     * @throws UnreadableBodyException when its coding cannot be decoded, or it holds more than {@code maxBytes}
     *                                 bytes once decoded (read no further)
     */
    public static String text(HttpResponse<InputStream> response, int maxBytes) throws IOException {
        try (InputStream in = ContentCoding.decode(response.headers(), response.body())) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new UnreadableBodyException("the answer exceeds the client's limit of " + maxBytes
                        + " bytes (maxResponseBytes)", null);
            }
            return ByteOrderMark.strip(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /**
     * The start of an error answer's body, decoded, as UTF-8 text (what the message of the error quotes); closes
     * it. Never fails: a body that cannot be read gives a text that says why.
     */
    public static String errorText(HttpResponse<InputStream> response) {
        try (InputStream in = ContentCoding.decode(response.headers(), response.body())) {
            return ByteOrderMark.strip(new String(in.readNBytes(ERROR_BYTES), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(error body unreadable: " + e.getMessage() + ")";
        }
    }
}
