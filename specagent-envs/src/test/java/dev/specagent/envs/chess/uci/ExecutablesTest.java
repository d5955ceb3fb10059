package dev.specagent.envs.chess.uci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one rule by which the chess package finds {@code nice} and {@code stockfish}: an executable regular file in a
 * PATH directory, empty entries skipped; {@link EnginePool#stockfish} follows it for the default binary and the PATH.
 */
class ExecutablesTest {

    @TempDir
    Path dir;

    private Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        assertThat(file.toFile().setExecutable(true)).isTrue();
        return file;
    }

    @Test
    void aProgramIsFoundOnThePathOnlyAsAnExecutableFile() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path tool = executable(bin.resolve("tool"));
        Files.writeString(bin.resolve("plain"), "not executable");
        Files.createDirectories(bin.resolve("folder"));
        String path = File.pathSeparator + empty + File.pathSeparator + bin;
        assertThat(Executables.onPath("tool", path)).contains(tool);
        assertThat(Executables.onPath("plain", path)).as("not executable").isEmpty();
        assertThat(Executables.onPath("folder", path)).as("a directory").isEmpty();
        assertThat(Executables.onPath("tool", empty.toString())).isEmpty();
        assertThat(Executables.onPath("tool", "")).as("an empty PATH").isEmpty();
        assertThat(Executables.onPath("tool", null)).as("no PATH").isEmpty();
        assertThat(Executables.isExecutableFile(tool)).isTrue();
        assertThat(Executables.isExecutableFile(bin.resolve("folder"))).as("a directory").isFalse();
    }

    /** A directory named {@code stockfish} earlier on the PATH is passed over for the program in a later one. */
    @Test
    void stockfishOnThePathIsAnExecutableFileNotADirectory() throws Exception {
        Files.createDirectories(dir.resolve("first/stockfish"));
        Path program = executable(dir.resolve("second/stockfish"));
        Path missingDefault = dir.resolve("usr/games/stockfish");
        String path = dir.resolve("first") + File.pathSeparator + dir.resolve("second");
        assertThat(EnginePool.stockfish(null, missingDefault, path)).isEqualTo(program);
        assertThat(EnginePool.stockfish(null, missingDefault, dir.resolve("first").toString()))
                .as("only the directory: the default, which is not there").isEqualTo(missingDefault);
    }

    /** A directory at the default binary's place is not Stockfish: the PATH is searched instead. */
    @Test
    void aDirectoryAtTheDefaultPlaceIsPassedOver() throws Exception {
        Path directoryDefault = Files.createDirectories(dir.resolve("usr/games/stockfish"));
        Path program = executable(dir.resolve("bin/stockfish"));
        assertThat(EnginePool.stockfish(null, directoryDefault, dir.resolve("bin").toString())).isEqualTo(program);
        Path fileDefault = executable(dir.resolve("games/stockfish"));
        assertThat(EnginePool.stockfish(null, fileDefault, dir.resolve("bin").toString())).isEqualTo(fileDefault);
    }

    /** SPECAGENT_STOCKFISH, when set and not blank, comes before the default and the PATH. */
    @Test
    void theVariableComesFirst() throws Exception {
        Path fileDefault = executable(dir.resolve("games/stockfish"));
        Path here = Path.of("").toAbsolutePath();
        assertThat(EnginePool.stockfish("./my-engine", fileDefault, null)).isEqualTo(here.resolve("my-engine"));
        assertThat(EnginePool.stockfish(dir.resolve("x/../sf").toString(), fileDefault, null)).isEqualTo(dir.resolve("sf"));
        assertThat(EnginePool.stockfish(" ", fileDefault, null)).isEqualTo(fileDefault);
    }

    /**
     * A bare name in SPECAGENT_STOCKFISH is a file in the working folder, where it was found available (and where
     * scripts/ensure-tools.sh checks it): ProcessBuilder looked it up on the PATH instead, so that
     * {@code SPECAGENT_STOCKFISH=sf specagent chess} beside an engine 'sf' failed with 'Cannot run program "sf"'.
     */
    @Test
    void aBareNameInTheVariableIsTheFileInTheWorkingFolderNotOneOnThePath() throws Exception {
        Path named = EnginePool.stockfish("my-engine", dir.resolve("games/stockfish"), null);
        assertThat(named).isAbsolute().isEqualTo(Path.of("my-engine").toAbsolutePath());
        assertThat(LowerPriority.command(named, 0)).containsExactly(named.toString());
    }

    /**
     * A name that is no path here (a letter beyond ASCII read under the C locale, as '/opt/\u00e9checs' became
     * '/opt/\uFFFD\uFFFDchecs'; here a NUL, no path under any locale) escaped as the JDK's InvalidPathException: "specagent:
     * java.nio.file.InvalidPathException: Malformed input or input contains unmappable characters" from the chess
     * command and the demo for SPECAGENT_STOCKFISH, and from a look-up on the PATH for a PATH folder. The variable is
     * now bad input naming it, and such a PATH folder is passed over like an empty one.
     */
    @Test
    void aNameThatIsNoPathIsNamedOrPassedOver() throws Exception {
        Path program = executable(dir.resolve("bin/stockfish"));
        Path missingDefault = dir.resolve("games/stockfish");
        assertThat(Executables.onPath("stockfish", "/opt/a\u0000b" + File.pathSeparator + program.getParent()))
                .contains(program);
        assertThat(EnginePool.stockfish(null, missingDefault, "/opt/a\u0000b" + File.pathSeparator + program.getParent()))
                .isEqualTo(program);
        assertThatThrownBy(() -> EnginePool.stockfish("/opt/a\u0000b/sf", missingDefault, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SPECAGENT_STOCKFISH=/opt/a\u0000b/sf is no path: Nul character not allowed");
    }
}
