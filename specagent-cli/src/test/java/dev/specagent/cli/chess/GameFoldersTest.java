package dev.specagent.cli.chess;

import dev.specagent.cli.BadInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code --game} says of a value that is no folder. */
class GameFoldersTest {

    /**
     * A value that is no path here ({@code --game /tmp/échecs/g} read under the C locale, as '/tmp/\uFFFD\uFFFDchecs/g';
     * here a NUL, no path under any locale) escaped as the JDK's InvalidPathException: "specagent:
     * java.nio.file.InvalidPathException: Malformed input or input contains unmappable characters: ..." and exit 1.
     */
    @Test
    void aGameThatIsNoPathIsBadInputNamingIt() {
        assertThatThrownBy(() -> GameFolders.resolve("/tmp/a\u0000b"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--game: '/tmp/a\u0000b' is no path: Nul character not allowed");
    }
}
