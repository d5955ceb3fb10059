package dev.specagent.core.data;

/**
 * The byte order mark (U+FEFF) that some editors write at the start of a UTF-8 file, and some servers at the start of
 * a body: no part of the text, which readers of JSON or of lines leave out.
 */
public final class ByteOrderMark {

    private ByteOrderMark() {
    }

    /** {@code text} without its first character when that is a byte order mark; any other text as it is. */
    public static String strip(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
