package dev.specagent.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's commands on machines unlike this one: {@code scripts/java-home.sh} with other sets of JDKs,
 * {@code scripts/ensure-tools.sh} without root or network, {@code scripts/test.sh} and {@code .ci/run} without the
 * shared data, and {@code ./specagent} run through a symlink from elsewhere. Each runs the real script, copied
 * into a folder with a space in its name, against fakes (JDKs, apt-get, id, mvnw) in a {@link ScriptSandbox}.
 */
class SetupScriptsTest {

    private static final String BASH = "/bin/bash";
    private static final String PRINT_JAVA_HOME = "set -euo pipefail; . \"$0\"; echo \"picked:$JAVA_HOME\"";

    private static ScriptSandbox javaHomeSandbox(Path dir) throws Exception {
        return new ScriptSandbox(dir).copy("scripts/java-home.sh").tools("sed", "head", "dirname", "readlink");
    }

    private static ScriptSandbox.Result javaHome(ScriptSandbox box, Map<String, String> env) throws Exception {
        return box.run(box.dir(), env, BASH, "-c", PRINT_JAVA_HOME, box.root().resolve("scripts/java-home.sh").toString());
    }

    @Test
    void aJreInJavaHomeIsPassedOverForAJdk(@TempDir Path dir) throws Exception {
        ScriptSandbox box = javaHomeSandbox(dir);
        Path jre = box.fakeJava("jre-21", "21", false);
        Path jdk = box.fakeJava("jdk-21", "21", true);
        ScriptSandbox.Result r = javaHome(box, Map.of("JAVA_HOME", jre.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "picked:")).containsExactly(jdk.toString());
    }

    @Test
    void theNewestJdkIsPickedOfEqualOnesTheFirstByName(@TempDir Path dir) throws Exception {
        ScriptSandbox box = javaHomeSandbox(dir);
        Path old = box.fakeJava("a-jdk-17", "17", true);
        box.fakeJava("b-jdk-8", "1.8", true);
        box.fakeJava("c-jdk-21", "21", true);
        Path ea = box.fakeJava("d-jdk-25-ea", "25", true);
        box.fakeJava("e-jdk-25", "25", true);
        box.fakeJava("f-jre-26", "26", false);
        box.fakeJava("g-broken", null, true);
        ScriptSandbox.Result r = javaHome(box, Map.of("JAVA_HOME", old.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "picked:")).containsExactly(ea.toString());
    }

    @Test
    void theJdkOfJavacOnPathIsTheLastResort(@TempDir Path dir) throws Exception {
        ScriptSandbox box = javaHomeSandbox(dir);
        Path jdk = box.fakeJava("jdk-22", "22", true);
        Files.createSymbolicLink(box.bin().resolve("javac"), jdk.resolve("bin/javac"));
        ScriptSandbox.Result r = javaHome(box, Map.of("SPECAGENT_JVM_DIR", dir.resolve("none").toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "picked:")).containsExactly(jdk.toString());
    }

    @Test
    void withoutAJdkTheMessageSaysWhatItFoundAndWhatToDo(@TempDir Path dir) throws Exception {
        ScriptSandbox box = javaHomeSandbox(dir);
        Path old = box.fakeJava("jdk-17", "17", true);
        Path jre = box.fakeJava("jre-21", "21", false);
        Path eight = box.fakeJava("jdk-8", "1.8", true); // was "Java 1"
        ScriptSandbox.Result r = javaHome(box, Map.of("JAVA_HOME", old.toString()));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).doesNotContain("picked:")
                .contains("needs a JDK 21 or newer")
                .contains("JAVA_HOME=" + old + ": Java 17")
                .contains(eight + ": Java 8;")
                .contains(jre + ": no bin/javac")
                .contains("apt-get install openjdk-21-jdk-headless");
    }

    @Test
    void aJavaThatDoesNotStartIsReportedWithWhatItSaid(@TempDir Path dir) throws Exception {
        // run from a working folder deleted meanwhile, every JDK's java fails to start ("Could not determine current
        // working directory"), and the message said only "its java does not start", asking for a JDK to be installed
        ScriptSandbox box = javaHomeSandbox(dir);
        Path jdk = box.fakeJava("jdk-25", "25", true);
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/bash\necho 'Picked up _JAVA_OPTIONS: -Dx=1' >&2\n"
                + "echo 'Error occurred during initialization of VM' >&2\n"
                + "echo 'java.lang.Error: Properties init: Could not determine current working directory.' >&2\n"
                + "echo '\tat jdk.internal.util.SystemProps$Raw.platformProperties(Native Method)' >&2\nexit 1\n");
        ScriptSandbox.Result r = javaHome(box, Map.of());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains(jdk + ": its java does not start: java.lang.Error: Properties init: Could not "
                + "determine current working directory.").doesNotContain("SystemProps");
    }

    /**
     * The README's install step sources the script in the user's own shell ({@code . scripts/java-home.sh}): without a
     * JDK it says so and fails the command, but leaves that shell open (an {@code exit} there closed the terminal).
     */
    @Test
    void sourcedInAnInteractiveShellWithoutAJdkItKeepsTheShell(@TempDir Path dir) throws Exception {
        ScriptSandbox box = javaHomeSandbox(dir);
        Path old = box.fakeJava("jdk-17", "17", true);
        ScriptSandbox.Result r = box.run(box.dir(), Map.of("JAVA_HOME", old.toString()), BASH, "--norc", "-i", "-c",
                ". \"$0\"; echo \"still here, status $?\"", box.root().resolve("scripts/java-home.sh").toString());
        assertThat(r.output()).contains("needs a JDK 21 or newer").contains("still here, status 1");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void sourcedAgainItAddsMavensOptionsOnce(@TempDir Path dir) throws Exception {
        // the README's install step sources it in the user's shell, and every script the user runs then sources it
        // again: each time MAVEN_OPTS grew by both options (repeated in Maven's JVM, ever longer in that shell)
        ScriptSandbox box = javaHomeSandbox(dir);
        box.fakeJava("jdk-25", "25", true);
        String twice = ". \"$0\"; . \"$0\"; echo \"opts:$MAVEN_OPTS\"";
        ScriptSandbox.Result r = box.run(box.dir(), Map.of(), BASH, "-c", twice,
                box.root().resolve("scripts/java-home.sh").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "opts:")).containsExactly(
                "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
        ScriptSandbox.Result own = box.run(box.dir(), Map.of("MAVEN_OPTS", "-Xmx1g"), BASH, "-c", twice,
                box.root().resolve("scripts/java-home.sh").toString());
        assertThat(ScriptSandbox.linesStartingWith(own.output(), "opts:")).containsExactly(
                "-Xmx1g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
    }

    /** A machine that is root and has apt-get, whose package lists cannot be updated and that has no Chromium package. */
    private static ScriptSandbox aptSandbox(Path dir, int uid) throws Exception {
        ScriptSandbox box = new ScriptSandbox(dir).copy("scripts/ensure-tools.sh").tools("mktemp", "rm", "grep", "tail");
        Path bin = box.bin();
        return box.fake("id", "echo " + uid)
                .fake("apt-get", "echo \"$*\" >> '" + dir.resolve("apt-calls") + "'\n"
                        + "case \"$1 ${@: -1}\" in\n"
                        + "  'update '*) echo \"W: Failed to fetch http://deb.example/InRelease  Temporary failure resolving"
                        + " 'deb.example'\"; exit 100 ;;\n"
                        + "  *' chromium') echo 'E: Unable to locate package chromium' >&2; exit 100 ;;\n"
                        + "  *) printf '#!/bin/bash\\n' > '" + bin + "'/${@: -1}; /bin/chmod +x '" + bin + "'/${@: -1} ;;\n"
                        + "esac");
    }

    private static String aptCalls(Path dir) throws Exception {
        Path calls = dir.resolve("apt-calls");
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    @Test
    void aPackageThatCannotBeInstalledDoesNotKeepTheOthersOutAndTheMessageSaysWhy(@TempDir Path dir) throws Exception {
        ScriptSandbox box = aptSandbox(dir, 0).fake("stockfish-elsewhere", "exit 0");
        ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_STOCKFISH", box.bin().resolve("stockfish-elsewhere").toString()),
                BASH, box.root().resolve("scripts/ensure-tools.sh").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(box.bin().resolve("sysbench")).as(aptCalls(dir)).exists();
        assertThat(aptCalls(dir)).doesNotContain("stockfish");
        assertThat(r.output()).contains("could not install chromium (apt-get said: E: Unable to locate package chromium)")
                .contains("'apt-get install chromium'").doesNotContain("could not install sysbench");
    }

    @Test
    void aStockfishPathThatIsNotThereIsNamedAndNotInstalled(@TempDir Path dir) throws Exception {
        ScriptSandbox box = aptSandbox(dir, 0).fake("sysbench", "exit 0");
        Path nowhere = dir.resolve("no stockfish here");
        ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_STOCKFISH", nowhere.toString(), "SPECAGENT_SKIP_BROWSER", "1"),
                BASH, box.root().resolve("scripts/ensure-tools.sh").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(aptCalls(dir)).isEmpty();
        assertThat(r.output()).contains("SPECAGENT_STOCKFISH=" + nowhere + " is not an executable file");
    }

    @Test
    void aBlankStockfishPathIsNoSettingAsForTheCli(@TempDir Path dir) throws Exception {
        // SPECAGENT_STOCKFISH=' ' said "SPECAGENT_STOCKFISH=  is not an executable file: ... (the demo's live chess
        // game) is skipped", while the CLI ignores a blank one and plays with the Stockfish on the PATH
        ScriptSandbox box = aptSandbox(dir, 0).fake("stockfish", "exit 0");
        for (String blank : List.of(" ", "\t")) {
            ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_STOCKFISH", blank),
                    BASH, box.root().resolve("scripts/ensure-tools.sh").toString(), "stockfish");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).as("'" + blank + "'").isEmpty();
            assertThat(aptCalls(dir)).isEmpty();
        }
    }

    @Test
    void withoutRootItSaysWhichCommandInstallsWhatIsMissingAndRunsNone(@TempDir Path dir) throws Exception {
        ScriptSandbox box = aptSandbox(dir, 1000).fake("stockfish", "exit 0");
        ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_SKIP_BROWSER", "1"),
                BASH, box.root().resolve("scripts/ensure-tools.sh").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(aptCalls(dir)).isEmpty();
        assertThat(r.output()).contains("sudo apt-get install sysbench");
    }

    @Test
    void onlyTheNamedToolsAreLookedForAndInstalled(@TempDir Path dir) throws Exception {
        ScriptSandbox box = aptSandbox(dir, 0).fake("stockfish-elsewhere", "exit 0");
        ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_STOCKFISH", box.bin().resolve("stockfish-elsewhere").toString()),
                BASH, box.root().resolve("scripts/ensure-tools.sh").toString(), "stockfish");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(aptCalls(dir)).isEmpty();
        assertThat(r.output()).isEmpty();
        ScriptSandbox.Result typo = box.run(dir, Map.of(), BASH, box.root().resolve("scripts/ensure-tools.sh").toString(), "chrome");
        assertThat(typo.exitCode()).as(typo.output()).isEqualTo(2);
        assertThat(typo.output()).contains("unknown tool 'chrome'");
    }

    /** A copy with the test scripts, a fake JDK 21 and an mvnw that prints its arguments and exits with $MVNW_EXIT. */
    private static ScriptSandbox testScriptSandbox(Path dir) throws Exception {
        ScriptSandbox box = new ScriptSandbox(dir).copy(".ci/run").copy("scripts/test.sh").copy("scripts/java-home.sh")
                .tools("bash", "sed", "head", "dirname", "readlink")
                .script("scripts/ensure-tools.sh", "exit 0")
                .script("mvnw", "echo \"mvnw $*\"; exit ${MVNW_EXIT:-0}");
        box.fakeJava("jdk-21", "21", true);
        return box;
    }

    @Test
    void withoutTheSharedDataTheTestsDoNotStartAndTheMessageSaysWhereToPutIt(@TempDir Path dir) throws Exception {
        for (Path d = dir; d != null; d = d.getParent()) {
            Assumptions.assumeFalse(Files.isDirectory(d.resolve("shared/data")), d + "/shared/data exists on this machine");
        }
        ScriptSandbox box = testScriptSandbox(dir);
        ScriptSandbox.Result r = box.run(dir, Map.of(), BASH, box.root().resolve(".ci/run").toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).doesNotContain("mvnw").contains("the tests need the shared data sets")
                .contains(dir + "/shared/data").contains("SPECAGENT_DATA");
        ScriptSandbox.Result unset = box.run(dir, Map.of("SPECAGENT_DATA", dir.resolve("nothing").toString()),
                BASH, box.root().resolve("scripts/test.sh").toString());
        assertThat(unset.exitCode()).as(unset.output()).isEqualTo(2);
        assertThat(unset.output()).doesNotContain("mvnw").contains("SPECAGENT_DATA=" + dir.resolve("nothing") + " is not a directory");
    }

    @Test
    void ciRunPassesMavensExitCodeOnFromAnyDirectory(@TempDir Path dir) throws Exception {
        ScriptSandbox box = testScriptSandbox(dir);
        Files.createDirectories(dir.resolve("shared/data"));
        ScriptSandbox.Result r = box.run(box.bin(), Map.of("MVNW_EXIT", "3"), BASH, box.root().resolve(".ci/run").toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains("mvnw -B -ntp verify");
    }

    @Test
    void aRelativeDataFolderIsTheOneSeenFromWhereTheScriptIsRun(@TempDir Path dir) throws Exception {
        // the script looked for it from the clone (SPECAGENT_DATA=shared/data run from beside the clone was refused as
        // "not a directory"), and the tests from each module's folder (SPECAGENT_DATA=../shared/data run in the clone
        // passed the check, then every test that reads the data failed with "no data directory")
        ScriptSandbox box = testScriptSandbox(dir).script("mvnw", "echo \"mvnw SPECAGENT_DATA=${SPECAGENT_DATA:-} $*\"");
        Path data = Files.createDirectories(dir.resolve("my data/sets"));
        String testSh = box.root().resolve("scripts/test.sh").toString();
        ScriptSandbox.Result env = box.run(dir, Map.of("SPECAGENT_DATA", "my data/sets"), BASH, testSh, "-q");
        assertThat(env.exitCode()).as(env.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(env.output(), "mvnw ")).containsExactly(
                "SPECAGENT_DATA=" + data + " -B -ntp verify -q");
        ScriptSandbox.Result property = box.run(data, Map.of(), BASH, testSh, "-q", "-Dspecagent.data=.", "-Dx=.");
        assertThat(property.exitCode()).as(property.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(property.output(), "mvnw ")).containsExactly(
                "SPECAGENT_DATA= -B -ntp verify -q -Dspecagent.data=" + data + " -Dx=.");
    }

    @Test
    void aBlankDataFolderIsNoSettingAsForTheCli(@TempDir Path dir) throws Exception {
        // SPECAGENT_DATA=' ' (a variable blanked in an env file) stopped the tests with "SPECAGENT_DATA=  is not a
        // directory", while the CLI and the tests ignore a blank one and find ../shared/data
        ScriptSandbox box = testScriptSandbox(dir);
        Files.createDirectories(dir.resolve("shared/data"));
        for (String blank : List.of("", " ", " \t ")) {
            ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_DATA", blank), BASH,
                    box.root().resolve("scripts/test.sh").toString());
            assertThat(r.exitCode()).as("'" + blank + "': " + r.output()).isZero();
            assertThat(r.output()).as("'" + blank + "'").contains("mvnw -B -ntp verify");
        }
    }

    @Test
    void aLeadingTildeInTheDataFolderIsTheHomeFolderAsForTheCli(@TempDir Path dir) throws Exception {
        // no shell expands it in -Dspecagent.data=~/x or a quoted SPECAGENT_DATA="~/x": the script refused the folder
        // as "not a directory", or passed on a folder '~' in each module's folder
        ScriptSandbox box = testScriptSandbox(dir).script("mvnw", "echo \"mvnw SPECAGENT_DATA=${SPECAGENT_DATA:-} $*\"");
        Path data = Files.createDirectories(dir.resolve("my data/sets")); // the sandbox's HOME is dir
        String testSh = box.root().resolve("scripts/test.sh").toString();
        ScriptSandbox.Result env = box.run(box.root(), Map.of("SPECAGENT_DATA", "~/my data/sets"), BASH, testSh);
        assertThat(env.exitCode()).as(env.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(env.output(), "mvnw ")).containsExactly(
                "SPECAGENT_DATA=" + data + " -B -ntp verify");
        ScriptSandbox.Result property = box.run(box.root(), Map.of(), BASH, testSh, "-Dspecagent.data=~/my data/sets");
        assertThat(property.exitCode()).as(property.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(property.output(), "mvnw ")).containsExactly(
                "SPECAGENT_DATA= -B -ntp verify -Dspecagent.data=" + data);
    }

    @Test
    void aRelativeStockfishIsTheOneSeenFromWhereTheScriptIsRun(@TempDir Path dir) throws Exception {
        // SPECAGENT_STOCKFISH=engines/sf run beside the clone was checked by ensure-tools.sh from the clone ("is not an
        // executable file") and looked for by the tests from each module's folder
        ScriptSandbox box = testScriptSandbox(dir)
                .script("scripts/ensure-tools.sh", "echo \"ensure-tools SPECAGENT_STOCKFISH=$SPECAGENT_STOCKFISH\"")
                .script("mvnw", "echo \"mvnw SPECAGENT_STOCKFISH=$SPECAGENT_STOCKFISH\"");
        Files.createDirectories(dir.resolve("shared/data"));
        String testSh = box.root().resolve("scripts/test.sh").toString();
        for (String relative : List.of("engines/sf", "./sf")) {
            ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_STOCKFISH", relative), BASH, testSh);
            assertThat(r.exitCode()).as(r.output()).isZero();
            String absolute = dir + "/" + relative;
            assertThat(r.output()).as(relative).isEqualTo("ensure-tools SPECAGENT_STOCKFISH=" + absolute
                    + "\nmvnw SPECAGENT_STOCKFISH=" + absolute + "\n");
        }
        ScriptSandbox.Result absolute = box.run(box.bin(), Map.of("SPECAGENT_STOCKFISH", "/usr/games/stockfish"), BASH,
                testSh);
        assertThat(absolute.output()).endsWith("mvnw SPECAGENT_STOCKFISH=/usr/games/stockfish\n");
    }

    @Test
    void theSharedFolderAroundTheDataFolderIsRefusedNamingTheDataFolder(@TempDir Path dir) throws Exception {
        // SPECAGENT_DATA=.../shared passed the check (a folder), then every test that reads the data failed with
        // "missing data: .../shared/chess (data directory .../shared)"
        ScriptSandbox box = testScriptSandbox(dir);
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared.resolve("data/chess"));
        String testSh = box.root().resolve("scripts/test.sh").toString();
        ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_DATA", shared.toString()), BASH, testSh);
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).doesNotContain("mvnw").contains("set it to " + shared.resolve("data"));
        ScriptSandbox.Result data = box.run(dir, Map.of("SPECAGENT_DATA", shared.resolve("data").toString()), BASH, testSh);
        assertThat(data.exitCode()).as(data.output()).isZero();
        assertThat(data.output()).contains("mvnw -B -ntp verify");
    }

    /** A copy with the launcher, a fake JDK 21 (the java prints its arguments), a built jar and a recording mvnw. */
    private static ScriptSandbox launcherSandbox(Path dir) throws Exception {
        ScriptSandbox box = new ScriptSandbox(dir).copy("specagent").copy("scripts/java-home.sh")
                .copy("scripts/build-lock.sh").tools("bash", "sed", "head", "dirname", "readlink", "find")
                .script("scripts/ensure-tools.sh", "echo \"ensure-tools:$*\"")
                .script("mvnw", "echo \"mvnw $*\"");
        box.fakeJava("jdk-21", "21", true);
        Path jar = box.root().resolve("specagent-cli/target/specagent.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        return box;
    }

    @Test
    void theLauncherRunThroughASymlinkFromElsewherePassesArgumentsOptionsAndExitCode(@TempDir Path dir) throws Exception {
        ScriptSandbox box = launcherSandbox(dir);
        Path link = Files.createSymbolicLink(box.bin().resolve("specagent"), box.root().resolve("specagent"));
        Path jar = box.root().resolve("specagent-cli/target/specagent.jar");
        ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_JAVA_OPTS", "-Xmx64m  -Dx=1", "FAKE_JAVA_EXIT", "2"),
                link.toString(), "demo", "--out", "a b");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "arg:"))
                .containsExactly("-Xmx64m", "-Dx=1", "-jar", jar.toString(), "demo", "--out", "a b");
        assertThat(r.output()).doesNotContain("building");
    }

    @Test
    void aRelativeJavaHomeOrJvmFolderStillBuildsAndRunsFromTheClone(@TempDir Path dir) throws Exception {
        // a JAVA_HOME relative to the caller's folder was accepted, then the build ran in the clone, where the
        // wrapper found no JDK there ("The JAVA_HOME environment variable is not defined correctly", exit 1)
        ScriptSandbox box = launcherSandbox(dir).script("mvnw",
                "[ -x \"$JAVA_HOME/bin/java\" ] || { echo \"mvnw: no java in $JAVA_HOME\"; exit 1; }; echo \"mvnw:$JAVA_HOME\"");
        Files.delete(box.root().resolve("specagent-cli/target/specagent.jar"));
        Path jdk = box.jvms().resolve("jdk-21");
        String launcher = box.root().resolve("specagent").toString();
        for (Map<String, String> env : List.of(Map.of("JAVA_HOME", "jvm/jdk-21"), Map.of("SPECAGENT_JVM_DIR", "jvm"))) {
            ScriptSandbox.Result r = box.run(dir, env, launcher, "--version");
            assertThat(r.exitCode()).as(env + ": " + r.output()).isZero();
            assertThat(ScriptSandbox.linesStartingWith(r.output(), "mvnw:")).as(env.toString()).containsExactly(jdk.toString());
            assertThat(ScriptSandbox.linesStartingWith(r.output(), "arg:")).as(env.toString()).endsWith("--version");
        }
    }

    @Test
    void theDemoChecksForStockfishAloneAndOtherCommandsForNothing(@TempDir Path dir) throws Exception {
        ScriptSandbox box = launcherSandbox(dir);
        String launcher = box.root().resolve("specagent").toString();
        ScriptSandbox.Result demo = box.run(dir, Map.of(), launcher, "demo");
        assertThat(ScriptSandbox.linesStartingWith(demo.output(), "ensure-tools:")).containsExactly("stockfish");
        ScriptSandbox.Result other = box.run(dir, Map.of(), launcher, "simulate");
        assertThat(ScriptSandbox.linesStartingWith(other.output(), "ensure-tools:")).isEmpty();
    }

    @Test
    void aResourceNewerThanTheJarRebuildsIt(@TempDir Path dir) throws Exception {
        ScriptSandbox box = launcherSandbox(dir);
        Path jar = box.root().resolve("specagent-cli/target/specagent.jar");
        Path resource = box.root().resolve("specagent-cli/src/main/resources/dev/specagent/cli/report/report.html");
        Files.createDirectories(resource.getParent());
        Files.writeString(resource, "<html>");
        Instant now = Instant.now();
        for (Path p = resource; !p.equals(box.root()); p = p.getParent()) {
            Files.setLastModifiedTime(p, FileTime.from(now.minusSeconds(60)));
        }
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(30)));
        String launcher = box.root().resolve("specagent").toString();
        assertThat(box.run(dir, Map.of(), launcher, "--version").output()).doesNotContain("mvnw");
        Files.setLastModifiedTime(resource, FileTime.from(now));
        ScriptSandbox.Result r = box.run(dir, Map.of(), launcher, "--version");
        assertThat(r.output()).contains("specagent: rebuilding (the sources changed since the last build)...\nmvnw ")
                .contains("package -pl specagent-cli -am").doesNotContain("first build");
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "arg:")).endsWith("--version");
    }

    @Test
    void theFirstBuildSaysBeforeItThatItTakesMinutesAndOnlyThen(@TempDir Path dir) throws Exception {
        // the build is quiet: on a fresh machine the launcher printed nothing for minutes
        ScriptSandbox box = launcherSandbox(dir);
        Files.delete(box.root().resolve("specagent-cli/target/specagent.jar"));
        String launcher = box.root().resolve("specagent").toString();
        ScriptSandbox.Result first = box.run(dir, Map.of(), launcher, "--version");
        assertThat(first.output()).startsWith("specagent: building (the first build downloads Maven and the "
                + "dependencies; a few minutes)...\nmvnw ");
        assertThat(first.output().split("specagent: ", -1)).hasSize(2); // one line, no other
        Files.writeString(box.root().resolve("specagent-cli/target/specagent.jar"), "");
        ScriptSandbox.Result built = box.run(dir, Map.of(), launcher, "--version");
        assertThat(built.output()).doesNotContain("specagent:").doesNotContain("mvnw");
    }

    private static final String EXAMPLES_JAR = "specagent-examples/target/examples.jar";

    /**
     * The launcher's sandbox with every script a user runs (example.sh, bench.sh, test.sh, .ci/run), an example and its
     * built jar ({@link #EXAMPLES_JAR}), and the shared data beside the clone.
     */
    private static ScriptSandbox everyScriptSandbox(Path dir) throws Exception {
        ScriptSandbox box = launcherSandbox(dir).copy(".ci/run").copy("scripts/test.sh").copy("scripts/example.sh")
                .copy("scripts/bench.sh").script("specagent-examples/src/main/java/dev/specagent/examples/QuickStart.java",
                        "public static void main");
        Files.createDirectories(dir.resolve("shared/data"));
        Path examples = box.root().resolve(EXAMPLES_JAR);
        Files.createDirectories(examples.getParent());
        Files.writeString(examples, "");
        return box;
    }

    @Test
    void anExportedCdpathSendsNoScriptElsewhere(@TempDir Path dir) throws Exception {
        // cd searches CDPATH for a relative folder (scripts/.., .ci/..) and prints where it went: ROOT became two lines,
        // or a folder of the same name elsewhere. example.sh then said "no example called 'QuickStart'", test.sh and
        // .ci/run stopped with "cd: ...: No such file or directory"
        ScriptSandbox box = everyScriptSandbox(dir);
        Path examples = box.root().resolve(EXAMPLES_JAR);
        Path decoy = Files.createDirectories(dir.resolve("decoy"));
        Files.createDirectories(decoy.resolve("scripts"));
        Files.createDirectories(decoy.resolve(".ci"));
        for (String cdpath : List.of(".", decoy.toString())) {
            Map<String, String> env = Map.of("CDPATH", cdpath);
            ScriptSandbox.Result example = box.run(box.root(), env, "scripts/example.sh", "QuickStart", "x");
            assertThat(example.exitCode()).as(cdpath + ": " + example.output()).isZero();
            assertThat(ScriptSandbox.linesStartingWith(example.output(), "arg:")).as(cdpath)
                    .containsExactly("-cp", examples.toString(), "dev.specagent.examples.QuickStart", "x");
            ScriptSandbox.Result bench = box.run(box.root(), env, "scripts/bench.sh", "RunnerBenchmark");
            assertThat(bench.exitCode()).as(cdpath + ": " + bench.output()).isZero();
            assertThat(ScriptSandbox.linesStartingWith(bench.output(), "arg:")).as(cdpath)
                    .containsExactly("-jar", "specagent-bench/target/benchmarks.jar", "RunnerBenchmark");
            for (String script : List.of("scripts/test.sh", ".ci/run")) {
                ScriptSandbox.Result r = box.run(box.root(), env, script);
                assertThat(r.exitCode()).as(cdpath + " " + script + ": " + r.output()).isZero();
                assertThat(r.output()).as(cdpath + " " + script).isEqualTo("ensure-tools:\nmvnw -B -ntp verify\n");
            }
        }
    }

    @Test
    void theScriptsRunThroughASymlinkFromElsewhereFindTheClone(@TempDir Path dir) throws Exception {
        // only the launcher followed its link: scripts/example.sh run as ~/bin/example said "no example called
        // 'QuickStart'", test.sh and .ci/run looked for ../shared/data beside ~/bin and bench.sh found no mvnw
        ScriptSandbox box = everyScriptSandbox(dir);
        Path examples = box.root().resolve(EXAMPLES_JAR);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Map<String, Path> links = new java.util.LinkedHashMap<>();
        for (String script : List.of("scripts/example.sh", "scripts/bench.sh", "scripts/test.sh", ".ci/run")) {
            links.put(script, Files.createSymbolicLink(box.bin().resolve(Path.of(script).getFileName()),
                    box.root().resolve(script)));
        }
        ScriptSandbox.Result example = box.run(elsewhere, Map.of(), links.get("scripts/example.sh").toString(),
                "QuickStart", "x");
        assertThat(example.exitCode()).as(example.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(example.output(), "arg:"))
                .containsExactly("-cp", examples.toString(), "dev.specagent.examples.QuickStart", "x");
        ScriptSandbox.Result bench = box.run(elsewhere, Map.of(), links.get("scripts/bench.sh").toString(), "RunnerBenchmark");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(bench.output(), "arg:"))
                .containsExactly("-jar", "specagent-bench/target/benchmarks.jar", "RunnerBenchmark");
        for (String script : List.of("scripts/test.sh", ".ci/run")) {
            ScriptSandbox.Result r = box.run(elsewhere, Map.of(), links.get(script).toString());
            assertThat(r.exitCode()).as(script + ": " + r.output()).isZero();
            assertThat(r.output()).as(script).isEqualTo("ensure-tools:\nmvnw -B -ntp verify\n");
        }
    }

    @Test
    void runByShTheScriptsRunInBash(@TempDir Path dir) throws Exception {
        // 'sh ./specagent demo' (a habit, or a copy that lost its execute bits) stopped at once with
        // "./specagent: 4: set: Illegal option -o pipefail" from dash
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh here");
        ScriptSandbox box = launcherSandbox(dir).copy("scripts/test.sh").copy(".ci/run");
        Files.createDirectories(dir.resolve("shared/data"));
        Path jar = box.root().resolve("specagent-cli/target/specagent.jar");
        ScriptSandbox.Result launcher = box.run(box.root(), Map.of(), "/bin/sh", "./specagent", "--version");
        assertThat(launcher.exitCode()).as(launcher.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(launcher.output(), "arg:")).containsExactly("-jar", jar.toString(),
                "--version");
        for (String script : List.of("scripts/test.sh", ".ci/run")) {
            ScriptSandbox.Result r = box.run(box.root(), Map.of(), "/bin/sh", script);
            assertThat(r.exitCode()).as(script + ": " + r.output()).isZero();
            assertThat(r.output()).as(script).endsWith("mvnw -B -ntp verify\n");
        }
    }

    @Test
    void theExamplesFirstBuildSaysBeforeItThatItTakesMinutes(@TempDir Path dir) throws Exception {
        // it said "building the examples (first run or sources changed)..." and then nothing for minutes
        ScriptSandbox box = launcherSandbox(dir).copy("scripts/example.sh")
                .script("specagent-examples/src/main/java/dev/specagent/examples/QuickStart.java", "static void main");
        String example = box.root().resolve("scripts/example.sh").toString();
        ScriptSandbox.Result first = box.run(dir, Map.of(), example, "QuickStart");
        assertThat(first.output()).startsWith("scripts/example.sh: building the examples (the first build downloads "
                + "Maven and the dependencies; a few minutes)...\nmvnw ");
        Path jar = box.root().resolve("specagent-examples/target/examples.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        ScriptSandbox.Result changed = box.run(dir, Map.of(), example, "QuickStart");
        assertThat(changed.output()).startsWith("scripts/example.sh: rebuilding the examples (the sources changed since "
                + "the last build)...\nmvnw ");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(box.run(dir, Map.of(), example, "QuickStart").output()).doesNotContain("building");
    }

    @Test
    void launchersStartedTogetherBuildOneAtATime(@TempDir Path dir) throws Exception {
        // both found the jar stale and built at once in one clone, writing over each other's classes: one failed with
        // bogus compilation errors ("cannot find symbol" in classes the other had just deleted), exit 1
        Path calls = dir.resolve("mvnw-calls");
        ScriptSandbox box = launcherSandbox(dir).copy("scripts/example.sh")
                .script("specagent-examples/src/main/java/dev/specagent/examples/QuickStart.java", "static void main")
                .tools("mkdir", "flock", "sleep", "touch")
                .script("mvnw", "echo start >> '" + calls + "'; sleep 1; mkdir -p specagent-cli/target specagent-examples/target;"
                        + " touch specagent-cli/target/specagent.jar specagent-examples/target/examples.jar;"
                        + " echo end >> '" + calls + "'");
        Files.delete(box.root().resolve("specagent-cli/target/specagent.jar"));
        List<String[]> commands = List.of(new String[] {box.root().resolve("specagent").toString(), "--version"},
                new String[] {box.root().resolve("specagent").toString(), "--version"},
                new String[] {box.root().resolve("scripts/example.sh").toString(), "QuickStart"});
        List<ScriptSandbox.Result> results;
        try (ExecutorService together = Executors.newFixedThreadPool(commands.size())) {
            List<Future<ScriptSandbox.Result>> runs = new ArrayList<>();
            for (String[] command : commands) {
                runs.add(together.submit(() -> box.run(dir, Map.of(), command)));
            }
            results = new ArrayList<>();
            for (Future<ScriptSandbox.Result> run : runs) {
                results.add(run.get());
            }
        }
        for (ScriptSandbox.Result r : results) {
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(ScriptSandbox.linesStartingWith(r.output(), "arg:")).as(r.output()).isNotEmpty();
        }
        // one build (the fake builds both jars): the others waited for it and found their jars built
        assertThat(Files.readAllLines(calls)).containsExactly("start", "end");
    }

    @Test
    void withoutHomeTheBuildUsesTheUsersHome(@TempDir Path dir) throws Exception {
        // the Maven wrapper stopped at once: "./mvnw: 142: HOME: parameter not set" (env -i, a bare service environment)
        ScriptSandbox box = launcherSandbox(dir).script("mvnw", "set -u; echo \"mvnw:$HOME\"");
        Files.delete(box.root().resolve("specagent-cli/target/specagent.jar"));
        String home = System.getProperty("user.home"); // Java's, from the password database like bash's ~
        ScriptSandbox.Result r = box.run(dir, Map.of(), BASH, "-c", "unset HOME; exec \"$0\" --version",
                box.root().resolve("specagent").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "mvnw:")).containsExactly(home);
    }

    @Test
    void underTheCLocaleTheJvmsRunInUtf8(@TempDir Path dir) throws Exception {
        // Java reads file names in the locale's charset: with LANG=C (a container's default) a clone under a path
        // beyond ASCII became '?' ("Error: An unexpected error occurred while trying to open file /tmp/D?veloppement/
        // ...specagent.jar"), and Maven crashed before logging anything
        ScriptSandbox box = launcherSandbox(dir).script("mvnw", "echo \"mvnw:LC_ALL=${LC_ALL:-}\"");
        Files.delete(box.root().resolve("specagent-cli/target/specagent.jar"));
        String launcher = box.root().resolve("specagent").toString();
        for (Map<String, String> env : List.<Map<String, String>>of(Map.of("LANG", "C"), Map.of(),
                Map.of("LC_ALL", "POSIX", "LANG", "fr_FR.UTF-8"))) {
            ScriptSandbox.Result r = box.run(dir, env, launcher, "--version");
            assertThat(ScriptSandbox.linesStartingWith(r.output(), "mvnw:")).as(env + ": " + r.output())
                    .containsExactly("LC_ALL=C.UTF-8");
        }
        for (Map<String, String> env : List.of(Map.of("LANG", "de_DE.UTF-8"), Map.of("LANG", "C", "LC_CTYPE", "C.UTF-8"),
                Map.of("LANG", "en_US.ISO-8859-1"))) { // a locale's own charset is kept
            ScriptSandbox.Result r = box.run(dir, env, launcher, "--version");
            assertThat(ScriptSandbox.linesStartingWith(r.output(), "mvnw:")).as(env + ": " + r.output())
                    .containsExactly("LC_ALL=");
        }
    }

    @Test
    void underALocaleThisMachineLacksTheJvmsRunInUtf8(@TempDir Path dir) throws Exception {
        // glibc falls back to the C locale for a locale that is not installed (LANG=tr_TR.UTF-8 of an image without
        // its locales, LC_CTYPE=UTF-8 that ssh brings from a Mac), and Java with it: '--report /tmp/café/r.html' said
        // "expected a path, got '/tmp/caf�� /r.html': Malformed input or input contains unmappable characters"
        ScriptSandbox box = launcherSandbox(dir).script("mvnw", "echo \"mvnw:LC_ALL=${LC_ALL:-}\"")
                .fake("locale", "[ \"$1\" = charmap ] || exit 1\n" // a machine with de_DE.UTF-8 and en_US.ISO-8859-1
                        + "case \"${LC_ALL:-${LC_CTYPE:-${LANG:-}}}\" in\n"
                        + "  C.UTF-8 | de_DE.UTF-8) echo UTF-8 ;;\n"
                        + "  en_US.ISO-8859-1) echo ISO-8859-1 ;;\n"
                        + "  C | POSIX) echo ANSI_X3.4-1968 ;;\n"
                        + "  *) echo 'locale: Cannot set LC_CTYPE to default locale: No such file or directory' >&2\n"
                        + "     echo ANSI_X3.4-1968 ;;\n"
                        + "esac");
        Files.delete(box.root().resolve("specagent-cli/target/specagent.jar"));
        String launcher = box.root().resolve("specagent").toString();
        for (Map<String, String> env : List.of(Map.of("LANG", "tr_TR.UTF-8"), Map.of("LC_CTYPE", "UTF-8"),
                Map.of("LANG", "de_DE.UTF-8", "LC_ALL", "ja_JP.UTF-8"))) {
            ScriptSandbox.Result r = box.run(dir, env, launcher, "--version");
            assertThat(ScriptSandbox.linesStartingWith(r.output(), "mvnw:")).as(env + ": " + r.output())
                    .containsExactly("LC_ALL=C.UTF-8");
            assertThat(r.output()).as(env.toString()).doesNotContain("Cannot set");
        }
        for (Map<String, String> env : List.of(Map.of("LANG", "de_DE.UTF-8"), Map.of("LANG", "en_US.ISO-8859-1"),
                Map.of("LANG", "tr_TR.UTF-8", "LC_CTYPE", "de_DE.UTF-8"))) { // an installed locale is kept
            ScriptSandbox.Result r = box.run(dir, env, launcher, "--version");
            assertThat(ScriptSandbox.linesStartingWith(r.output(), "mvnw:")).as(env + ": " + r.output())
                    .containsExactly("LC_ALL=");
        }
    }

    @Test
    void javaOptionsAreSplitAsAShellSplitsWordsWithoutExpandingThem(@TempDir Path dir) throws Exception {
        // they were split on every space: -Dx="a b" reached java as -Dx="a and b"
        ScriptSandbox box = launcherSandbox(dir);
        Path jar = box.root().resolve("specagent-cli/target/specagent.jar");
        String launcher = box.root().resolve("specagent").toString();
        ScriptSandbox.Result r = box.run(dir, Map.of("SPECAGENT_JAVA_OPTS",
                " -Dx=\"a b\"  -Dy='c \"d\"' -Dz=e\\ f -Dq=\"say \\\"hi\\\"\" -Dh=$HOME -D\"\" "), launcher, "--version");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(ScriptSandbox.linesStartingWith(r.output(), "arg:")).containsExactly("-Dx=a b", "-Dy=c \"d\"",
                "-Dz=e f", "-Dq=say \"hi\"", "-Dh=$HOME", "-D", "-jar", jar.toString(), "--version");
        ScriptSandbox.Result unmatched = box.run(dir, Map.of("SPECAGENT_JAVA_OPTS", "-Dx=\"a b"), launcher, "--version");
        assertThat(unmatched.exitCode()).isEqualTo(2);
        assertThat(unmatched.output()).isEqualTo("specagent: SPECAGENT_JAVA_OPTS has an unmatched \": -Dx=\"a b\n");
    }
}
