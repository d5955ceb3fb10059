package dev.specagent.llm.trace;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.data.JsonErrors;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSONL trace file written by {@link TraceRecorder} (or by hand in the same format). */
public final class TraceReader {

    private TraceReader() {
    }

    /**
     * All entries of {@code file}, in order; blank lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the file, line and field of the first bad line; a last line cut off
     *                                  inside its JSON (a recording that was killed or ran out of disk while writing
     *                                  it) is named as such, with how many entries precede it
     */
    public static List<TraceEntry> read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read trace file " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /**
     * All entries read from {@code in} (a classpath resource, say), in order, as {@link #read(Path)} does;
     * {@code source} names it in errors. The reader is not closed.
     *
     * @throws IllegalArgumentException naming the source, line and field of the first bad line
     */
    public static List<TraceEntry> read(BufferedReader in, String source) throws IOException {
        List<TraceEntry> entries = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String where = source + ":" + number;
            JsonNode node;
            try {
                node = CanonicalJson.MAPPER.readTree(line);
            } catch (IOException e) {
                if (e instanceof JsonEOFException && in.readLine() == null) {
                    throw new IllegalArgumentException(where + ": the last line is cut off (it ends inside its JSON: "
                            + "the recording stopped while writing it); " + (entries.isEmpty()
                            ? "no entry precedes it" : "delete that line to replay the " + (entries.size() == 1
                            ? "entry" : entries.size() + " entries") + " before it"), e);
                }
                throw new IllegalArgumentException(where + ": not valid JSON at " + JsonErrors.describe(e), e);
            }
            entries.add(TraceEntry.fromJson(node, where));
        }
        return entries;
    }
}
