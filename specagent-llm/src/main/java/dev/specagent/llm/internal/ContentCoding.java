package dev.specagent.llm.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

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
     * {@code body} decoded, or empty when its coding is none the client knows (the coding is then in {@link #of}).
     *
     * @throws java.util.zip.ZipException when a gzip body does not start as gzip
     */
    public static Optional<InputStream> decode(HttpHeaders headers, InputStream body) throws IOException {
        return switch (of(headers)) {
            case "", "identity" -> Optional.of(body);
            case "gzip", "x-gzip" -> Optional.of(streaming(new GZIPInputStream(body)));
            case "deflate" -> Optional.of(streaming(new InflaterInputStream(body)));
            default -> Optional.empty();
        };
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

    /** The response's content coding, lower case ({@code ""} when none). */
    public static String of(HttpHeaders headers) {
        return headers.firstValue("content-encoding").orElse("").strip().toLowerCase(Locale.ROOT);
    }
}
