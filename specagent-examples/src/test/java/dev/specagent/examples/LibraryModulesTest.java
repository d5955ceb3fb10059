package dev.specagent.examples;

import dev.specagent.core.call.Call;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.llm.client.ChatClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a JPMS user of the library jars gets: each of {@code specagent-core}, {@code specagent-llm} and
 * {@code specagent-envs} names its module in its manifest ({@code Automatic-Module-Name}), and a module that
 * {@code requires} all three compiles against the jars on the module path (no filename-derived names, no
 * package split across two of them), and every package of theirs is described in a {@code package-info.java}, the
 * overview a reader of their Javadoc starts from.
 *
 * <p>It reads the built jars, so it runs when Maven has packaged them ({@code verify}, as {@code scripts/test.sh}
 * does); a {@code test}-phase run puts the modules' class folders on the class path instead and skips those tests.
 */
class LibraryModulesTest {

    /** Module name → a class of that jar. */
    private static final Map<String, Class<?>> MODULES = Map.of(
            "dev.specagent.core", Call.class,
            "dev.specagent.llm", ChatClient.class,
            "dev.specagent.envs", RetailData.class);

    @Test
    void eachLibraryJarNamesItsModule() throws IOException {
        for (var module : MODULES.entrySet()) {
            try (JarFile jar = new JarFile(jarOf(module.getValue()).toFile())) {
                assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as("Automatic-Module-Name of %s", jar.getName()).isEqualTo(module.getKey());
            }
        }
    }

    /**
     * The module of the README's "Use it from Java": the automatic modules cannot declare what they need
     * themselves, so it also reads Jackson (in {@code Call}'s and {@code Outcome}'s API) and the JDK modules of
     * {@code specagent-llm}'s client and replay server; without those two it fails at run time only.
     */
    @Test
    void aModuleRequiringTheLibraryCompilesAndRunsOnTheModulePath(@TempDir Path dir) throws Exception {
        MODULES.values().forEach(LibraryModulesTest::jarOf); // skips before compiling against class folders
        Path src = Files.createDirectories(dir.resolve("src/consumer"));
        Files.writeString(src.getParent().resolve("module-info.java"), """
                module consumer {
                    requires dev.specagent.core;
                    requires dev.specagent.llm;
                    requires dev.specagent.envs;
                    requires com.fasterxml.jackson.databind;
                    requires java.net.http;
                    requires jdk.httpserver;
                }
                """);
        Files.writeString(src.resolve("Uses.java"), """
                package consumer;

                import dev.specagent.core.call.Call;
                import dev.specagent.llm.client.ChatClient;
                import dev.specagent.llm.client.LlmEndpoint;
                import dev.specagent.llm.replay.ReplayServer;

                public class Uses {
                    public static dev.specagent.envs.retail.RetailData data;

                    public static void main(String[] args) throws Exception {
                        String value = Call.of("t", "k", "v").args().get("k").asText();
                        try (ReplayServer server = ReplayServer.builder(java.util.List.of()).start();
                             ChatClient client = ChatClient.builder(LlmEndpoint.of(server.baseUrl().toString(), "m")).build()) {
                            System.out.print(value + " " + client.endpoint().model());
                        }
                    }
                }
                """);
        // The libraries and what they depend on; the test tools on the class path are no part of it.
        List<File> modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(File::new)
                .filter(f -> f.getName().matches("(specagent-|jackson-|lucene-|chessgame-).*\\.jar"))
                .toList();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            files.setLocationFromPaths(StandardLocation.MODULE_PATH, modulePath.stream().map(File::toPath).toList());
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("--release", "21", "-d", dir.resolve("out").toString()), null,
                    files.getJavaFileObjects(src.getParent().resolve("module-info.java"), src.resolve("Uses.java"))).call();
            assertThat(compiled).as("javac on the module path %s: %s", modulePath, diagnostics.getDiagnostics()).isTrue();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String path = dir.resolve("out") + File.pathSeparator
                + String.join(File.pathSeparator, modulePath.stream().map(File::toString).toList());
        Process child = new ProcessBuilder(java, "-p", path, "-m", "consumer/consumer.Uses").redirectErrorStream(true).start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as("exit %s", child.exitValue()).isEqualTo("v m");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void everyLibraryPackageHasAPackageComment() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> undescribed = new ArrayList<>();
        for (String module : List.of("specagent-core", "specagent-llm", "specagent-envs")) {
            try (Stream<Path> dirs = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    try (Stream<Path> files = Files.list(dir)) {
                        if (files.anyMatch(f -> f.toString().endsWith(".java")) && !Files.exists(dir.resolve("package-info.java"))) {
                            undescribed.add(root.relativize(dir));
                        }
                    }
                }
            }
        }
        assertThat(undescribed).as("library packages without a package-info.java").isEmpty();
    }

    /** The jar {@code type} was loaded from; skips the test when it came from a class folder. */
    private static Path jarOf(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            assumeTrue(location.toString().endsWith(".jar"),
                    () -> type.getName() + " was loaded from " + location + ", not a jar: run under 'verify'");
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
