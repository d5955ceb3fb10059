package dev.specagent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away copy of some of the project's shell scripts, run with a clean environment whose PATH holds only the
 * tools linked or faked here, and fake JDKs: so the scripts can be run as on another machine (no root, no network,
 * another set of JDKs) without touching this one. The copy's folder has a space in its name.
 */
final class ScriptSandbox {

    /** What a script printed (standard output and error together) and returned. */
    record Result(int exitCode, String output) {
    }

    /** The project the scripts are copied from (the tests run in specagent-cli). */
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    private final Path dir;
    private final Path root;
    private final Path bin;
    private final Path jvms;

    ScriptSandbox(Path dir) throws IOException {
        this.dir = dir;
        this.root = Files.createDirectories(dir.resolve("a clone"));
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.jvms = Files.createDirectories(dir.resolve("jvm"));
    }

    /** The folder that holds the copy, the PATH folder and the JDKs. */
    Path dir() {
        return dir;
    }

    /** The copy of the project. */
    Path root() {
        return root;
    }

    /** The only folder on the scripts' PATH. */
    Path bin() {
        return bin;
    }

    /** The folder of JDKs the scripts choose from ({@code SPECAGENT_JVM_DIR}). */
    Path jvms() {
        return jvms;
    }

    /** Copies the project's file {@code relative} into the copy, keeping it executable. */
    ScriptSandbox copy(String relative) throws IOException {
        Path to = root.resolve(relative);
        Files.createDirectories(to.getParent());
        Files.copy(PROJECT.resolve(relative), to);
        executable(to);
        return this;
    }

    /** Writes an executable script {@code relative} into the copy. */
    ScriptSandbox script(String relative, String body) throws IOException {
        Path to = root.resolve(relative);
        Files.createDirectories(to.getParent());
        Files.writeString(to, "#!/bin/bash\n" + body + "\n");
        executable(to);
        return this;
    }

    /** Puts this machine's {@code names} on the scripts' PATH. */
    ScriptSandbox tools(String... names) throws IOException {
        for (String name : names) {
            Files.createSymbolicLink(bin.resolve(name), which(name));
        }
        return this;
    }

    /** Puts a fake command {@code name} (a bash script) on the scripts' PATH. */
    ScriptSandbox fake(String name, String body) throws IOException {
        Path to = bin.resolve(name);
        Files.writeString(to, "#!/bin/bash\n" + body + "\n");
        executable(to);
        return this;
    }

    /**
     * A fake Java installation {@code name} under {@link #jvms()}: its {@code java} reports
     * {@code specificationVersion} as a real one does for {@code -XshowSettings:properties -version} (or fails to
     * start when it is null), otherwise prints each argument on a line {@code arg:...} and exits with
     * {@code $FAKE_JAVA_EXIT}; {@code bin/javac} only when {@code jdk}.
     */
    Path fakeJava(String name, String specificationVersion, boolean jdk) throws IOException {
        Path home = jvms.resolve(name);
        Path homeBin = Files.createDirectories(home.resolve("bin"));
        String settings = specificationVersion == null
                ? "echo 'Error: Could not create the Java Virtual Machine.' >&2; exit 1"
                : "printf '%s\\n' 'Property settings:' '    java.home = " + home + "' '    java.specification.version = "
                        + specificationVersion + "' '    java.vendor = Fake' >&2; exit 0";
        Files.writeString(homeBin.resolve("java"), "#!/bin/bash\n"
                + "for a in \"$@\"; do if [ \"$a\" = -XshowSettings:properties ]; then " + settings + "; fi; done\n"
                + "for a in \"$@\"; do echo \"arg:$a\"; done\n"
                + "exit ${FAKE_JAVA_EXIT:-0}\n");
        executable(homeBin.resolve("java"));
        if (jdk) {
            Files.writeString(homeBin.resolve("javac"), "#!/bin/bash\nexit 0\n");
            executable(homeBin.resolve("javac"));
        }
        return home;
    }

    /** Runs {@code command} in {@code cwd} with only PATH ({@link #bin()}), HOME and {@code environment} set. */
    Result run(Path cwd, Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("SPECAGENT_JVM_DIR", jvms.toString());
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 30 s:\n" + output);
        }
        return new Result(p.exitValue(), output);
    }

    /** Lines of {@code output} that start with {@code prefix}, the prefix removed. */
    static List<String> linesStartingWith(String output, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(prefix)) {
                out.add(line.substring(prefix.length()));
            }
        }
        return out;
    }

    private static Path executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Path which(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " is not on this machine's PATH");
    }
}
