package dev.specagent.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the top-level README's "Use it from Java" section from rotting: every Java block in the README
 * must be a verbatim part of an example's source (one indentation level removed), the Maven version it
 * shows must be the pom's, and every {@code scripts/example.sh NAME} it names must be an example with a
 * {@code main}.
 */
class ReadmeSnippetTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path EXAMPLES = Path.of("src/main/java/dev/specagent/examples");

    @Test
    void everyJavaBlockOfTheReadmeIsPartOfAnExampleSource() throws IOException {
        List<String> blocks = blocks(readme(), "java");
        assertThat(blocks).as("the README's Java blocks").isNotEmpty();
        List<String> sources = new ArrayList<>();
        try (var files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(dedented(Files.readString(file)));
            }
        }
        for (String block : blocks) {
            assertThat(block.lines().count()).as("a README Java block is a real piece of code").isGreaterThan(10);
            assertThat(sources).as("README block starting \"%s\" must be copied verbatim from an example in %s; "
                    + "change both together", block.lines().findFirst().orElse(""), EXAMPLES)
                    .anyMatch(source -> source.contains(block));
        }
    }

    @Test
    void theReadmeShowsThePomsVersionAndOnlyExistingExamples() throws IOException {
        String readme = readme();
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher parent = Pattern.compile("<artifactId>specagent-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(parent.find()).isTrue();
        String xml = String.join("\n", blocks(readme, "xml"));
        assertThat(xml).contains("<artifactId>specagent-core</artifactId>", "<artifactId>specagent-llm</artifactId>");
        Matcher versions = Pattern.compile("<version>([^<]+)</version>").matcher(xml);
        int shown = 0;
        while (versions.find()) {
            assertThat(versions.group(1)).as("the version the README tells users to depend on").isEqualTo(parent.group(1));
            shown++;
        }
        assertThat(shown).isEqualTo(2);

        Matcher commands = Pattern.compile("scripts/example\\.sh (\\w+)").matcher(readme);
        List<String> named = new ArrayList<>();
        while (commands.find()) {
            named.add(commands.group(1));
        }
        assertThat(named).contains("QuickStart", "LlmQuickStart");
        for (String name : named) {
            Path source = EXAMPLES.resolve(name + ".java");
            assertThat(source).as("scripts/example.sh %s in the README", name).exists();
            assertThat(Files.readString(source)).contains("public static void main(String[] args)");
        }
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    /** The contents of every fenced block of {@code language}, each ending with a newline. */
    static List<String> blocks(String markdown, String language) {
        Matcher m = Pattern.compile("(?m)^```" + language + "\\n(.*?)^```$", Pattern.DOTALL).matcher(markdown);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The source with one level (four spaces) of indentation removed from every line. */
    static String dedented(String source) {
        return source.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
