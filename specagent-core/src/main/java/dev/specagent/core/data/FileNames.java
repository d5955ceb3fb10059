package dev.specagent.core.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;

/**
 * Why a name the user gave is no path on this system, in words for a message. Java reads file names in the locale's
 * charset ({@code sun.jnu.encoding}): under the C locale, or a locale the machine lacks, that is ANSI_X3.4-1968 and a
 * letter beyond ASCII ({@code /tmp/café}, already read as {@code /tmp/caf\uFFFD\uFFFD}) makes no path; the reason then
 * says which locale to use.
 */
public final class FileNames {

    private FileNames() {
    }

    /** The reason of {@code e}, and for a name beyond ASCII under a charset other than UTF-8, the locale to use. */
    public static String whyNoPath(InvalidPathException e) {
        return e.getReason() + charsetHint(e.getInput());
    }

    /** What {@link #whyNoPath} adds to the reason for {@code name}: empty when the name is ASCII or Java reads UTF-8. */
    static String charsetHint(String name) {
        if (name.chars().allMatch(c -> c < 0x80)) {
            return "";
        }
        String jnu = System.getProperty("sun.jnu.encoding", "");
        boolean utf8;
        try {
            utf8 = Charset.forName(jnu).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException unknown) {
            utf8 = false;
        }
        return utf8 ? "" : " (Java reads file names in the locale's charset, " + jnu + " here: run it under a UTF-8 "
                + "locale, e.g. LC_ALL=C.UTF-8)";
    }
}
