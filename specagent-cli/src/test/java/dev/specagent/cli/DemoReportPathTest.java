package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the demo writes its report when run by the launcher ({@code SPECAGENT_HOME} set) from another folder: a
 * relative {@code --report} is taken from the working folder, as for every other command; only the default lies under
 * the project root. {@code ./specagent demo --report mine.html} run in /tmp wrote the clone's mine.html.
 */
class DemoReportPathTest {

    @Test
    void aDefaultReportThatCannotBeWrittenSaysHowToWriteItElsewhere(@TempDir Path dir) throws Exception {
        // an installed copy the user may not write: "--report: cannot write /opt/specagent/reports/demo.html:
        // permission denied", to a user who gave no --report
        Path home = Files.createDirectories(dir.resolve("clone"));
        Files.writeString(home.resolve("reports"), "a file where the folder should be");
        CliTestSupport.Result r = CliTestSupport.runInChildJvm(Map.of("SPECAGENT_HOME", home.toString()), "demo");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write " + home.resolve("reports/demo.html"))
                .contains("(the default report; give --report FILE.html to write it elsewhere)");
        assertThat(r.out()).isEmpty();
        CliTestSupport.Result given = CliTestSupport.runInChildJvm(Map.of("SPECAGENT_HOME", home.toString()), "demo",
                "--report", home.resolve("reports/demo.html").toString());
        assertThat(given.exitCode()).as(given.err()).isEqualTo(2);
        assertThat(given.err()).doesNotContain("the default report");
    }

    @Test
    void aRelativeReportGivenIsTakenFromTheWorkingFolderTheDefaultFromTheProjectRoot(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("clone"));
        Map<String, String> env = Map.of("SPECAGENT_HOME", home.toString(), // the launcher's
                "SPECAGENT_DATA", Files.createDirectories(dir.resolve("no data")).toString(), // the data parts skip
                "SPECAGENT_STOCKFISH", dir.resolve("no stockfish").toString());
        Path relative = Path.of("target", "demo-report-path-" + dir.getFileName(), "mine.html");
        Path cwd = Path.of("").toAbsolutePath();
        try {
            CliTestSupport.Result given = CliTestSupport.runInChildJvm(List.of(), env, Duration.ofSeconds(120), "demo",
                    "--json", "--report", relative.toString());
            assertThat(given.exitCode()).as(given.err()).isZero();
            assertThat(cwd.resolve(relative)).as(given.err()).isRegularFile();
            assertThat(home.resolve(relative)).doesNotExist();
        } finally {
            Files.deleteIfExists(cwd.resolve(relative));
            Files.deleteIfExists(cwd.resolve(relative).getParent());
        }
        CliTestSupport.Result byDefault = CliTestSupport.runInChildJvm(List.of(), env, Duration.ofSeconds(120), "demo",
                "--json");
        assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
        assertThat(home.resolve("reports/demo.html")).as(byDefault.err()).isRegularFile();
    }
}
