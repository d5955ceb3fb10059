package dev.specagent.cli.demo;

import dev.specagent.cli.CliTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A demo part skipped for want of data names where it looked. Every part said "put the shared data in
 * ../shared/data/chess or set SPECAGENT_DATA" even to a user who had set it: to the 'shared' folder around the data
 * folder (SPECAGENT_DATA=/data/shared, the four data parts skipped), or to a mistyped path.
 */
class MissingDataTest {

    private static final List<DemoPart> PARTS = List.of(new ChessReplayDemo(), new RetailDemo(), new DspDemo(),
            new HotpotqaDemo());

    @Test
    void theSharedFolderAroundTheDataIsNamedWithTheDataFolderToSet(@TempDir Path shared) throws Exception {
        Path data = shared.resolve("data");
        for (String folder : List.of("chess", "tau-bench/retail", "dsp", "hotpotqa")) {
            Files.createDirectories(data.resolve(folder));
        }
        for (DemoPart part : PARTS) {
            String hint = CliTestSupport.withData(shared, part::missingPrerequisite);
            assertThat(hint).as(part.name()).contains(shared.toString()).contains("set SPECAGENT_DATA to it")
                    .contains("the data directory is " + data);
        }
    }

    @Test
    void aDataDirectoryWithoutThePartsFolderIsNamed(@TempDir Path elsewhere) {
        for (DemoPart part : PARTS) {
            String hint = CliTestSupport.withData(elsewhere, part::missingPrerequisite);
            assertThat(hint).as(part.name()).contains(elsewhere + "/").contains("(the data directory)");
        }
    }

    @Test
    void aDataDirectoryThatIsNoFolderIsNamed(@TempDir Path dir) {
        Path typo = dir.resolve("shraed/data");
        for (DemoPart part : PARTS) {
            assertThat(CliTestSupport.withData(typo, part::missingPrerequisite)).as(part.name())
                    .endsWith(": -Dspecagent.data=" + typo + " is not a folder");
        }
    }

    /**
     * A setting that is no path (SPECAGENT_DATA=/tmp/café read under the C locale; here a NUL) ended the demo after its
     * live chess part with "specagent: java.nio.file.InvalidPathException: ..." and no summary; each data part is now
     * skipped, saying why.
     */
    @Test
    void aDataDirectoryThatIsNoPathIsNamed() {
        String before = System.getProperty("specagent.data");
        System.setProperty("specagent.data", "/tmp/a\u0000b");
        try {
            for (DemoPart part : PARTS) {
                assertThat(part.missingPrerequisite()).as(part.name())
                        .endsWith(": -Dspecagent.data=/tmp/a\u0000b is no path: Nul character not allowed");
            }
        } finally {
            if (before == null) {
                System.clearProperty("specagent.data");
            } else {
                System.setProperty("specagent.data", before);
            }
        }
    }
}
