package dev.specagent.llm.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Decodes a response body by its {@code Content-Encoding}. The client sends no {@code Accept-Encoding}, which
 * allows any coding (RFC 9110 §12.5.3), and {@link java.net.http.HttpClient} decodes none, so a server or proxy
 * that compresses anyway is answered here: gzip and deflate are decoded as they arrive (a compressed stream
 * still streams). A deflate body may be zlib-wrapped, as RFC 9110 says, or raw deflate, as some servers send it; it is
 * read the way browsers read it: as zlib when it starts with a zlib header, else as raw deflate. A body that is not
 * valid in its coding, at its start or further on, is an {@link UnreadableBodyException} (a malformed answer), not a
 * broken connection.
 */
public final class ContentCoding {

    private ContentCoding() {
    }

    /**
     * {@code body} decoded by the coding {@code headers} name. When it throws, {@code body} is closed.
     *
     * @throws UnreadableBodyException when the coding is none the client knows, or a gzip body does not start as
     *                                 gzip; reading the stream returned throws it where the body stops being valid
     */
    public static InputStream decode(HttpHeaders headers, InputStream body) throws IOException {
        String coding = headers.firstValue("content-encoding").orElse("").strip().toLowerCase(Locale.ROOT);
        InputStream decoded;
        try {
            decoded = switch (coding) {
                case "", "identity" -> body;
                case "gzip", "x-gzip" -> streaming(new GZIPInputStream(body), coding);
                case "deflate" -> streaming(deflate(body), coding);
                default -> null;
            };
        } catch (IOException e) {
            body.close();
            throw e instanceof ZipException zip ? invalid(coding, zip) : e;
        }
        if (decoded == null) {
            body.close();
            throw new UnreadableBodyException("the body is encoded as " + coding + ", which the client cannot decode",
                    null);
        }
        return decoded;
    }

    /**
     * A deflate body, zlib-wrapped or raw: told apart by its first two bytes, which a zlib stream starts with a header
     * of (compression method 8, the pair a multiple of 31), as browsers do.
     */
    private static InputStream deflate(InputStream body) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 2);
        byte[] head = in.readNBytes(2);
        in.unread(head);
        boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8 && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
        Inflater inflater = new Inflater(!zlib);
        return new InflaterInputStream(in, inflater) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inflater.end(); // an inflater of one's own is not ended by the stream
                }
            }
        };
    }

    /**
     * {@code inflating} as a body to read: a reader is told that 0 bytes are available (an inflating stream says 1
     * until its end, so a reader would block to fill its buffer instead of handing over the events that arrived; 0 is
     * always allowed), and data that is not valid {@code coding} is an {@link UnreadableBodyException}.
     */
    private static InputStream streaming(InputStream inflating, String coding) {
        return new FilterInputStream(inflating) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (ZipException e) {
                    throw invalid(coding, e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (ZipException e) {
                    throw invalid(coding, e);
                }
            }
        };
    }

    private static UnreadableBodyException invalid(String coding, ZipException e) {
        return new UnreadableBodyException("the body is not valid " + coding + ": " + e.getMessage(), e);
    }
}
