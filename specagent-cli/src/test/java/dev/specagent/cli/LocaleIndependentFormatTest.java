package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every number specagent writes locale-independent: no call in any module's {@code src/main} formats a
 * number ({@code %d}, {@code %.2f}, ...) without a {@code Locale} first, which would print {@code $0,0156} and
 * {@code x="12,5"} under a German locale. {@link LocaleFormatScanner} reads the syntax trees; its own cases are
 * pinned here too.
 */
class LocaleIndependentFormatTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void noMainSourceFormatsANumberInTheDefaultLocale() throws IOException {
        List<Path> sources;
        try (Stream<Path> modules = Files.list(ROOT)) {
            sources = modules.filter(m -> m.getFileName().toString().startsWith("specagent-"))
                    .map(m -> m.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(LocaleIndependentFormatTest::javaFiles).toList();
        }
        assertThat(sources).as("Java sources under %s/specagent-*/src/main/java", ROOT).hasSizeGreaterThan(100);
        assertThat(LocaleFormatScanner.scan(sources))
                .as("calls that format a number in the JVM's default locale; pass Locale.ROOT first "
                        + "(String.format(Locale.ROOT, ...), out.printf(Locale.ROOT, ...); for \"...\".formatted(...) "
                        + "use String.format(Locale.ROOT, \"...\", ...))")
                .isEmpty();
    }

    @Test
    void theScannerFindsNumbersFormattedWithoutALocaleAndOnlyThose(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Sample.java");
        Files.writeString(file, """
                import java.util.Locale;
                class Sample {
                    private static final String PERCENT = "%.1f%%";
                    void f(java.io.PrintStream out, String fmt, double x, long n, boolean b) {
                        String a = String.format("%.4f", x);                       // 5: flagged
                        String c = "%,d calls".formatted(n);                       // 6: flagged
                        out.printf("took %s, " + "%d ms%n", "x", n);               // 7: flagged
                        String d = String.format(PERCENT, x);                      // 8: flagged (constant)
                        String e = String.format(b ? "%s" : "%e", x);              // 9: flagged (either branch)
                        String g = String.format(fmt, x);                          // 10: flagged (unknown format)
                        String h = String.format(Locale.ROOT, "%.4f", x);
                        out.printf(Locale.ROOT, "%d%n", n);
                        String i = String.format("%s of %s%n", "a", x);
                        String j = "%x %%d %s".formatted(n, "d");
                        String k = "not a format: %d".replace("%d", "1");
                        String l = java.time.format.DateTimeFormatter.ISO_DATE.format(java.time.LocalDate.EPOCH);
                    }
                }
                """);

        assertThat(LocaleFormatScanner.scan(List.of(file))).extracting(LocaleFormatScanner.Finding::line)
                .containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    }

    private static Stream<Path> javaFiles(Path dir) {
        try {
            return Files.walk(dir).filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
