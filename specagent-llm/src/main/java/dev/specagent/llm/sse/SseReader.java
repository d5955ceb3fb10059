package dev.specagent.llm.sse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events from a byte stream, following the WHATWG event-stream rules that the
 * OpenAI, vLLM, Ollama and llama.cpp servers all use: lines end in LF, CRLF or CR; {@code data:}
 * lines accumulate; a blank line dispatches the event; lines starting with {@code :} are comments
 * (keep-alives) and are skipped; one space after the colon is dropped; a byte order mark at the
 * start of the stream is ignored. An event still pending at the end of the stream is dispatched too. Not thread-safe; closing it closes the stream.
 */
public final class SseReader implements AutoCloseable {

    private final BufferedReader reader;
    private long linesRead;

    public SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event, or empty at the end of the stream. Events without data are skipped. */
    public Optional<SseEvent> next() throws IOException {
        StringBuilder data = null;
        String event = "";
        String line;
        while ((line = reader.readLine()) != null) {
            if (linesRead++ == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
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

    /** How many lines were read so far (for error messages). */
    public long linesRead() {
        return linesRead;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
