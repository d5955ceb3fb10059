package dev.specagent.llm.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Response bodies decoded by their Content-Encoding: each coding read back whole, and bad bodies named as such. */
class ContentCodingTest {

    private static final byte[] TEXT = ("data: {\"choices\": []}\n\n".repeat(200)).getBytes(StandardCharsets.UTF_8);

    @Test
    void eachCodingIsReadBackWhole() throws IOException {
        assertThat(decoded(null, TEXT)).isEqualTo(TEXT);
        assertThat(decoded("identity", TEXT)).isEqualTo(TEXT);
        assertThat(decoded("gzip", gzip(TEXT))).isEqualTo(TEXT);
        assertThat(decoded(" X-GZIP ", gzip(TEXT))).isEqualTo(TEXT);
        assertThat(decoded("deflate", deflate(TEXT, false))).as("zlib-wrapped").isEqualTo(TEXT);
        assertThat(decoded("deflate", deflate(TEXT, true))).as("raw").isEqualTo(TEXT);
    }

    /**
     * A raw deflate body whose first byte is that of a zlib header (compression method 8: here a stored block) is
     * told apart by the header check, the pair being no multiple of 31.
     */
    @Test
    void aRawDeflateBodyThatStartsLikeZlibIsReadAsRaw() throws IOException {
        byte[] stored = {0x08, 0x05, 0x00, (byte) 0xfa, (byte) 0xff, 'h', 'e', 'l', 'l', 'o',
                0x01, 0x00, 0x00, (byte) 0xff, (byte) 0xff};
        assertThat(decoded("deflate", stored)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCompressedBodyDecodedByTheByteIsTheSame() throws IOException {
        for (String coding : List.of("gzip", "deflate")) {
            byte[] body = coding.equals("gzip") ? gzip(TEXT) : deflate(TEXT, false);
            try (InputStream in = decode(coding, new ByteArrayInputStream(body))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int b; (b = in.read()) >= 0; ) {
                    out.write(b);
                }
                assertThat(out.toByteArray()).as(coding).isEqualTo(TEXT);
            }
        }
    }

    /** A decoding stream says no bytes are available, so a reader hands over what arrived instead of blocking. */
    @Test
    void aDecodingStreamReportsNothingAvailable() throws IOException {
        try (InputStream in = decode("gzip", new ByteArrayInputStream(gzip(TEXT)))) {
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void anUnknownCodingIsAnUnreadableBodyAndTheBodyIsClosed() {
        Closing body = new Closing(TEXT);
        assertThatThrownBy(() -> decode("br", body)).isInstanceOf(UnreadableBodyException.class)
                .hasMessage("the body is encoded as br, which the client cannot decode");
        assertThat(body.closed).isTrue();
    }

    @Test
    void aGzipBodyThatIsNotGzipIsUnreadableAtOnceAndClosed() {
        Closing body = new Closing(TEXT);
        assertThatThrownBy(() -> decode("gzip", body)).isInstanceOf(UnreadableBodyException.class)
                .hasMessageStartingWith("the body is not valid gzip: ");
        assertThat(body.closed).isTrue();
    }

    @Test
    void aBodyThatStopsBeingValidFurtherOnIsUnreadableThere() throws IOException {
        byte[] body = gzip(TEXT);
        Arrays.fill(body, 12, body.length - 8, (byte) 0xff);
        try (InputStream in = decode("gzip", new ByteArrayInputStream(body))) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(UnreadableBodyException.class)
                    .hasMessageStartingWith("the body is not valid gzip: ");
        }
        try (InputStream in = decode("deflate", new ByteArrayInputStream(body, 10, body.length - 10))) {
            assertThatThrownBy(in::read).isInstanceOf(UnreadableBodyException.class)
                    .hasMessageStartingWith("the body is not valid deflate: ");
        }
    }

    @Test
    void closingTheDecodedStreamClosesTheBody() throws IOException {
        Closing body = new Closing(deflate(TEXT, false));
        decode("deflate", body).close();
        assertThat(body.closed).isTrue();
    }

    private static InputStream decode(String coding, InputStream body) throws IOException {
        Map<String, List<String>> headers = coding == null ? Map.of() : Map.of("Content-Encoding", List.of(coding));
        return ContentCoding.decode(HttpHeaders.of(headers, (name, value) -> true), body);
    }

    private static byte[] decoded(String coding, byte[] body) throws IOException {
        try (InputStream in = decode(coding, new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater)) {
            d.write(data);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** A body that remembers being closed. */
    private static final class Closing extends ByteArrayInputStream {
        boolean closed;

        Closing(byte[] data) {
            super(data);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
