package dev.specagent.llm.trace;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.ByteOrderMark;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.data.JsonErrors;
import dev.specagent.core.data.Utf8Lines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSONL trace file written by {@link TraceRecorder} (or by hand in the same format). */
public final class TraceReader {

    private TraceReader() {
    }

    /**
     * All entries of {@code file}, in order; blank lines and lines starting with {@code #} are skipped, and so is a UTF-8
     * byte order mark at the start (a trace edited by hand in an editor that writes one).
     *
     * @throws IllegalArgumentException naming the file, line and field of the first bad line (a line that is not
     *                                  UTF-8 is named with the byte that is not); a last line cut off inside its JSON
     *                                  or inside a character (a recording that was killed or ran out of disk while
     *                                  writing it) is named as such, with how many entries precede it
     */
    public static List<TraceEntry> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(new Utf8Lines(in)::next, file.toString());
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
        return read(in::readLine, source);
    }

    private static List<TraceEntry> read(Lines in, String source) throws IOException {
        List<TraceEntry> entries = new ArrayList<>();
        String line;
        int number = 0;
        while (true) {
            try {
                line = in.next();
            } catch (Utf8Lines.NotUtf8Exception e) {
                String where = source + ":" + (number + 1);
                if (e.endsTheFile()) {
                    throw cutOff(where, "inside a character", entries, e);
                }
                throw new IllegalArgumentException(where + ": not UTF-8 text at byte " + e.byteInLine()
                        + " of the line (a file saved in another encoding?)", e);
            }
            if (line == null) {
                return entries;
            }
            number++;
            if (number == 1) {
                line = ByteOrderMark.strip(line); // an editor's, no part of the first entry
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String where = source + ":" + number;
            JsonNode node;
            try {
                node = CanonicalJson.MAPPER.readTree(line);
            } catch (IOException e) {
                if (e instanceof JsonEOFException && isLast(in)) {
                    throw cutOff(where, "inside its JSON", entries, e);
                }
                throw new IllegalArgumentException(where + ": not valid JSON at " + JsonErrors.describe(e), e);
            }
            entries.add(TraceEntry.fromJson(node, where));
        }
    }

    private static boolean isLast(Lines in) throws IOException {
        try {
            return in.next() == null;
        } catch (Utf8Lines.NotUtf8Exception e) {
            return false;
        }
    }

    private static IllegalArgumentException cutOff(String where, String inside, List<TraceEntry> before, Exception e) {
        return new IllegalArgumentException(where + ": the last line is cut off (it ends " + inside + ": "
                + "the recording stopped while writing it); " + (before.isEmpty()
                ? "no entry precedes it" : "delete that line to replay the " + (before.size() == 1
                ? "entry" : before.size() + " entries") + " before it"), e);
    }

    /** A source of lines. */
    private interface Lines {
        /** The next line without its end, null after the last. */
        String next() throws IOException;
    }
}
