package dev.specagent.core.data;

import org.junit.jupiter.api.Test;

import java.nio.file.InvalidPathException;

import static org.assertj.core.api.Assertions.assertThat;

/** Why a name is no path names the locale to use when the charset Java reads file names in is to blame. */
class FileNamesTest {

    @Test
    void aNameBeyondAsciiUnderAnotherCharsetSaysWhichLocaleToUse() {
        String before = System.getProperty("sun.jnu.encoding");
        try {
            System.setProperty("sun.jnu.encoding", "ANSI_X3.4-1968");
            assertThat(FileNames.whyNoPath(new InvalidPathException("/tmp/caf\uFFFD\uFFFD", "Malformed input")))
                    .isEqualTo("Malformed input (Java reads file names in the locale's charset, ANSI_X3.4-1968 here: "
                            + "run it under a UTF-8 locale, e.g. LC_ALL=C.UTF-8)");
            assertThat(FileNames.whyNoPath(new InvalidPathException("/tmp/a\u0000b", "Nul character not allowed")))
                    .isEqualTo("Nul character not allowed");
            System.setProperty("sun.jnu.encoding", "UTF-8");
            assertThat(FileNames.charsetHint("/tmp/caf\uFFFD\uFFFD")).isEmpty();
        } finally {
            System.setProperty("sun.jnu.encoding", before);
        }
    }
}
