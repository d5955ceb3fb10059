package dev.specagent.llm.internal;

import java.nio.charset.StandardCharsets;

/**
 * JSON text as UTF-8 bytes that read back as the same JSON. A string may hold half of a surrogate pair (a server
 * that cuts its answer by UTF-16 units sends "&#92;ud83d" in one chunk and "&#92;ude00" in the next), which Jackson
 * writes as the bare character; UTF-8 cannot encode it, and {@link String#getBytes} would write {@code ?} instead, so
 * the chunk would no longer give the character when joined with the next. Such a half is written as a JSON escape
 * ("&#92;ud83d") here.
 */
public final class JsonUtf8 {

    private JsonUtf8() {
    }

    /**
     * The UTF-8 bytes of {@code json}, JSON text as Jackson writes it (where a surrogate can only be inside a string),
     * with every unpaired surrogate written as a JSON escape.
     */
    public static byte[] bytes(String json) {
        StringBuilder escaped = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1));
            if (paired) {
                if (escaped != null) {
                    escaped.append(c).append(json.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                escaped.append(String.format("\\u%04x", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return (escaped == null ? json : escaped.toString()).getBytes(StandardCharsets.UTF_8);
    }
}
