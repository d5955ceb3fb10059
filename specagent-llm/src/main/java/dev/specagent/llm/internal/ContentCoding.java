package dev.specagent.llm.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Decodes a response body by its {@code Content-Encoding}. The client sends no {@code Accept-Encoding}, which
 * allows any coding (RFC 9110 §12.5.3), and {@link java.net.http.HttpClient} decodes none, so a server or proxy
 * that compresses anyway is answered here: gzip and deflate are decoded as they arrive (a compressed stream
 * still streams).
 */
public final class ContentCoding {

    private ContentCoding() {
    }

    /**
     * {@code body} decoded by the coding {@code headers} name. When it throws, {@code body} is closed.
     *
     * @throws UnreadableBodyException when the coding is none the client knows, or a gzip body does not start as
     *                                 gzip
     */
    public static InputStream decode(HttpHeaders headers, InputStream body) throws IOException {
        String coding = headers.firstValue("content-encoding").orElse("").strip().toLowerCase(Locale.ROOT);
        InputStream decoded;
        try {
            decoded = switch (coding) {
                case "", "identity" -> body;
                case "gzip", "x-gzip" -> streaming(new GZIPInputStream(body));
                case "deflate" -> streaming(new InflaterInputStream(body));
                default -> null;
            };
        } catch (IOException e) {
            body.close();
            throw e instanceof ZipException ? new UnreadableBodyException("the body is not valid " + coding + ": "
                    + e.getMessage(), e) : e;
        }
        if (decoded == null) {
            body.close();
            throw new UnreadableBodyException("the body is encoded as " + coding + ", which the client cannot decode",
                    null);
        }
        return decoded;
    }

    /**
     * An inflating stream says 1 byte is available until its end, so a reader would block to fill its buffer
     * instead of handing over the events that arrived: say 0, which is always allowed.
     */
    private static InputStream streaming(InputStream inflating) {
        return new FilterInputStream(inflating) {
            @Override
            public int available() {
                return 0;
            }
        };
    }
}
