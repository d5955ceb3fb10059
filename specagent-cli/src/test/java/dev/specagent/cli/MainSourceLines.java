package dev.specagent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The lines of the command line's own sources that a rule forbids, for the tests that scan them. */
final class MainSourceLines {

    private static final Path SOURCES = Path.of("src/main/java");

    private MainSourceLines() {
    }

    /**
     * Every line of the Java sources under {@code src/main/java}, but those of the files named in {@code exempt},
     * that {@code forbidden} accepts, as {@code path:line: text}.
     */
    static List<String> matching(Collection<String> exempt, Predicate<String> forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                if (exempt.contains(f.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (forbidden.test(lines.get(i))) {
                        found.add(SOURCES.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        return found;
    }
}
