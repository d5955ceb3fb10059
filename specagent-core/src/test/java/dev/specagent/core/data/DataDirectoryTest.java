package dev.specagent.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a missing data set says about where it was looked for. */
class DataDirectoryTest {

    private static MissingDataException missing(Path data, String relative) {
        String before = System.getProperty("specagent.data");
        System.setProperty("specagent.data", data.toString());
        try {
            return catchThrowableOfType(MissingDataException.class, () -> DataDirectory.require(relative));
        } finally {
            if (before == null) {
                System.clearProperty("specagent.data");
            } else {
                System.setProperty("specagent.data", before);
            }
        }
    }

    /**
     * SPECAGENT_DATA naming the 'shared' folder around the data folder said only "missing data: /x/shared/chess (data
     * directory /x/shared)", leaving the user to guess that the data folder inside was meant.
     */
    @Test
    void theSharedFolderAroundTheDataFolderNamesTheDataFolderToSet(@TempDir Path shared) throws Exception {
        Files.createDirectories(shared.resolve("data/tau-bench/retail"));
        assertThat(missing(shared, "tau-bench/retail")).hasMessage("missing data: " + shared.resolve("tau-bench/retail")
                + " (data directory " + shared + "); it is in " + shared.resolve("data/tau-bench/retail")
                + ": set SPECAGENT_DATA to " + shared.resolve("data"));
    }

    @Test
    void aDataSetThatIsNowhereIsNamedWithTheDataDirectory(@TempDir Path data) {
        assertThat(missing(data, "chess")).hasMessage("missing data: " + data.resolve("chess") + " (data directory "
                + data + ")");
    }

    /**
     * {@code -Dspecagent.data=~/shared/data} (no shell expands a '~' there) named a folder '~' in the working folder:
     * "no data directory ... looked in [~/shared/data]".
     */
    @Test
    void aLeadingTildeIsTheUsersHome(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("chess"));
        Path home = Path.of(System.getProperty("user.home"));
        String before = System.getProperty("specagent.data");
        System.setProperty("specagent.data", "~/" + home.relativize(data));
        try {
            assertThat(DataDirectory.find()).contains(data.toAbsolutePath().normalize());
            assertThat(DataDirectory.require("chess")).isDirectory();
        } finally {
            if (before == null) {
                System.clearProperty("specagent.data");
            } else {
                System.setProperty("specagent.data", before);
            }
        }
        assertThat(DataDirectory.userPath("~")).isEqualTo(home);
        assertThat(DataDirectory.userPath("~user/x")).isEqualTo(Path.of("~user/x"));
        assertThat(DataDirectory.userPath("a/~/b")).isEqualTo(Path.of("a/~/b"));
    }

    /**
     * A setting Java cannot make a path of ({@code SPECAGENT_DATA=/tmp/café} read under the C locale, as
     * '/tmp/caf\uFFFD\uFFFD'; here a NUL, which is no path under any locale) escaped as the JDK's
     * InvalidPathException from every command and from the demo's check for its data parts: "specagent:
     * java.nio.file.InvalidPathException: Malformed input or input contains unmappable characters: /tmp/caf\uFFFD\uFFFD"
     * and exit 1. No data directory is found, and one that is required names the setting.
     */
    @Test
    void aSettingThatIsNoPathIsNamed() {
        String before = System.getProperty("specagent.data");
        System.setProperty("specagent.data", "/tmp/a\u0000b");
        try {
            assertThat(DataDirectory.find()).isEmpty();
            assertThat(catchThrowableOfType(MissingDataException.class, () -> DataDirectory.require("chess")))
                    .hasMessage("-Dspecagent.data=/tmp/a\u0000b is no path: Nul character not allowed");
            assertThat(catchThrowableOfType(MissingDataException.class, DataDirectory::setting))
                    .hasMessage("-Dspecagent.data=/tmp/a\u0000b is no path: Nul character not allowed");
        } finally {
            if (before == null) {
                System.clearProperty("specagent.data");
            } else {
                System.setProperty("specagent.data", before);
            }
        }
    }
}
