package dev.specagent.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 byte stream, each decoded on its own, so that bytes that are not UTF-8 are named by their
 * line (a {@link java.io.BufferedReader} decodes ahead of the line it returns and says only "Input length = 1").
 * Lines end as {@link java.io.BufferedReader#readLine()}'s do: at {@code \n}, {@code \r} or {@code \r\n}. The
 * stream is not closed. Not thread-safe.
 */
public final class Utf8Lines {

    /** A line that is not UTF-8: where (from 1), and whether its bad bytes are the last of the stream. */
    public static final class NotUtf8Exception extends CharacterCodingException {
        private final long byteInLine;
        private final boolean endsTheFile;

        NotUtf8Exception(long byteInLine, boolean endsTheFile) {
            this.byteInLine = byteInLine;
            this.endsTheFile = endsTheFile;
        }

        /** The first byte of the line (from 1) that is not UTF-8. */
        public long byteInLine() {
            return byteInLine;
        }

        /** Whether the bad bytes are the last of the stream: a character cut off at its end. */
        public boolean endsTheFile() {
            return endsTheFile;
        }

        @Override
        public String getMessage() {
            return "not UTF-8 text at byte " + byteInLine + " of the line";
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports bad bytes
    private int position;
    private int limit;
    private boolean skipLineFeed;
    private byte[] line = new byte[256];

    /** The lines of {@code in}. */
    public Utf8Lines(InputStream in) {
        this.in = in;
    }

    /** The next line without its end, null after the last. @throws NotUtf8Exception when it is not UTF-8 */
    public String next() throws IOException {
        int length = 0;
        boolean ended = false;
        while (!ended) {
            if (position == limit && !fill()) {
                if (length == 0) {
                    return null;
                }
                break;
            }
            byte b = buffer[position++];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipLineFeed = b == '\r';
                ended = true;
            } else {
                if (length == line.length) {
                    line = Arrays.copyOf(line, length * 2);
                }
                line[length++] = b;
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        try {
            return decoder.reset().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            int bad = bytes.position();
            boolean last = !ended && position == limit && !fill();
            throw new NotUtf8Exception(bad + 1L, last && e instanceof MalformedInputException m
                    && bad + m.getInputLength() == length);
        }
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
