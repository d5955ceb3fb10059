package dev.specagent.llm.sse;

import dev.specagent.core.data.ByteOrderMark;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events from a byte stream, following the WHATWG event-stream rules that the
 * OpenAI, vLLM, Ollama and llama.cpp servers all use: lines end in LF, CRLF or CR; {@code data:}
 * lines accumulate; a blank line dispatches the event; lines starting with {@code :} are comments
 * (keep-alives) and are skipped; one space after the colon is dropped; a byte order mark at the
 * start of the stream is ignored. An event still pending at the end of the stream is dispatched too.
 * No line and no event may be longer than the reader's limit ({@link EventTooLargeException}), so a
 * server cannot make it buffer without end. Not thread-safe; closing it closes the stream.
 */
public final class SseReader implements AutoCloseable {

    /** The default limit of one line and of one event's data: 64 Mi characters. */
    public static final int DEFAULT_MAX_EVENT_CHARS = 64 << 20;

    private final Reader reader;
    private final int maxEventChars;
    private final char[] buffer = new char[8192];
    private int pos;
    private int end;
    private boolean skipLf;
    private long linesRead;

    public SseReader(InputStream in) {
        this(in, DEFAULT_MAX_EVENT_CHARS);
    }

    /** A reader whose lines and events' data may hold at most {@code maxEventChars} characters. */
    public SseReader(InputStream in, int maxEventChars) {
        if (maxEventChars <= 0) {
            throw new IllegalArgumentException("the event limit must be positive: " + maxEventChars);
        }
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.maxEventChars = maxEventChars;
    }

    /**
     * The next event, or empty at the end of the stream. Events without data are skipped.
     *
     * @throws EventTooLargeException when a line or the event's data exceeds the limit
     */
    public Optional<SseEvent> next() throws IOException {
        StringBuilder data = null;
        String event = "";
        String line;
        while ((line = readLine(data == null ? 0 : data.length())) != null) {
            if (linesRead++ == 0) {
                line = ByteOrderMark.strip(line);
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new SseEvent(event, data.toString()));
                }
                event = "";
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                case "event" -> event = value;
                default -> {
                    // id, retry and unknown fields carry nothing a chat completion needs
                }
            }
        }
        return data == null ? Optional.empty() : Optional.of(new SseEvent(event, data.toString()));
    }

    /**
     * The next line without its end (LF, CRLF or CR), or null at the end of the stream; a line that would take
     * the event past the limit ({@code pending} characters of data so far) is not read whole but refused.
     */
    private String readLine(int pending) throws IOException {
        StringBuilder line = null;
        while (true) {
            if (pos == end) {
                int n = reader.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return line == null ? null : line.toString();
                }
                pos = 0;
                end = n;
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < end && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            long length = (line == null ? 0 : line.length()) + (long) (pos - start);
            if (pending + length > maxEventChars) {
                throw new EventTooLargeException(maxEventChars);
            }
            if (pos < end) {
                skipLf = buffer[pos++] == '\r';
                return line == null ? new String(buffer, start, pos - 1 - start)
                        : line.append(buffer, start, pos - 1 - start).toString();
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(buffer, start, pos - start);
        }
    }

    /** How many lines were read so far (for error messages). */
    public long linesRead() {
        return linesRead;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** A line, or an event's data, longer than the reader's limit. */
    public static final class EventTooLargeException extends IOException {

        private final int limit;

        EventTooLargeException(int limit) {
            super("an event of the stream exceeds " + limit + " characters");
            this.limit = limit;
        }

        /** The limit, in characters. */
        public int limit() {
            return limit;
        }
    }
}
