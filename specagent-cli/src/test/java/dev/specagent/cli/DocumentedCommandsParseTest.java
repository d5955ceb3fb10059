package dev.specagent.cli;

import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.core.policy.Policies;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented commands from rotting: every example in a command's {@code --help} and every
 * {@code ./specagent …} or {@code specagent …} command in the README and {@code docs/*.md} (fenced lines, also
 * after a {@code $ } prompt and {@code VAR=value} assignments, with their {@code \} continuations, and inline
 * code, there only with an option) must parse against today's options: a renamed option, a removed
 * subcommand, a value of the wrong type or an unknown {@code --policy} name fails the build. Nothing is run; commands
 * with placeholders ({@code K}, {@code <mode>}, {@code $g}, {@code ...}, {@code a|b}) are synopses and skipped.
 * Every {@code --option} the docs name, in prose too, must be an option of some command.
 */
class DocumentedCommandsParseTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern INLINE = Pattern.compile("`((?:\\./)?specagent [^`]+)`");
    /** A fenced command line: an optional {@code $ } prompt and {@code VAR=value} assignments, then the command. */
    private static final Pattern FENCED = Pattern.compile("^(?:\\$ )?(?:[A-Z_]+=\\S* )*((?:\\./)?specagent .*)$");
    private static final Pattern WORD = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z_]*|.*[<>$|\\[\\]…].*|\\.\\.\\.");
    /**
     * Options of other programs that the docs name: sysbench's (docs/ostune.md) and those of
     * {@code LlmEndpoint.parseArgs}, which parses without picocli (docs/llm.md).
     */
    private static final Set<String> FOREIGN_OPTIONS = Set.of("--time", "--threads", "--report-interval",
            "--percentile", "--cpu-max-prime", "--endpoint", "--model", "--temperature", "--reasoning-effort",
            "--max-tokens");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\\w-])");

    @Test
    void everyHelpExampleParses() {
        Map<String, String> examples = new LinkedHashMap<>();
        collectHelpExamples(Main.commandLine(), examples);
        assertAllParse(examples, 25);
    }

    @Test
    void everyCommandInTheReadmeAndDocsParses() throws IOException {
        Map<String, String> commands = new LinkedHashMap<>();
        for (Path file : documentationFiles()) {
            collectDocumentedCommands(file, commands);
        }
        assertAllParse(commands, 35);
    }

    /** An option named in prose (`--member-timeout SECONDS`) is no command line, but a renamed one must fail too. */
    @Test
    void everyOptionNamedInTheReadmeAndDocsExists() throws IOException {
        Set<String> known = new TreeSet<>();
        collectOptions(Main.commandLine(), known);
        Map<String, String> unknown = new LinkedHashMap<>();
        for (Path file : documentationFiles()) {
            Matcher option = OPTION.matcher(Files.readString(file));
            while (option.find()) {
                String name = option.group();
                if (!known.contains(name) && !FOREIGN_OPTIONS.contains(name)) {
                    unknown.putIfAbsent(name, ROOT.relativize(file).toString());
                }
            }
        }
        assertThat(unknown).as("options named in the docs that no command has").isEmpty();
        assertThat(known).as("options collected").hasSizeGreaterThan(50);
    }

    private static void collectOptions(CommandLine command, Set<String> names) {
        command.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        command.getSubcommands().values().forEach(sub -> collectOptions(sub, names));
    }

    private static List<Path> documentationFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** Asserts that every command (keyed to where it is written) parses and that at least {@code atLeast} were checked. */
    private static void assertAllParse(Map<String, String> commands, int atLeast) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> command : commands.entrySet()) {
            List<String> tokens = tokens(command.getKey());
            if (tokens.stream().anyMatch(t -> PLACEHOLDER.matcher(t).matches())) {
                continue;
            }
            checked++;
            try {
                CommandLine.ParseResult parsed = Main.commandLine().parseArgs(
                        tokens.subList(1, tokens.size()).toArray(String[]::new));
                unknownPolicies(parsed).forEach(p -> failures.add(
                        command.getValue() + ": `" + command.getKey() + "`: unknown policy " + p));
            } catch (CommandLine.ParameterException e) {
                failures.add(command.getValue() + ": `" + command.getKey() + "`: " + e.getMessage());
            }
        }
        assertThat(failures).as("documented commands that do not parse").isEmpty();
        assertThat(checked).as("documented commands checked").isGreaterThanOrEqualTo(atLeast);
    }

    /**
     * The {@code --policy} values the parsed command would reject when it runs: policy names are checked then,
     * not by the parser, and the docs name many of them.
     */
    private static List<String> unknownPolicies(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        if (!leaf.hasMatchedOption("--policy")) {
            return List.of();
        }
        String command = leaf.commandSpec().qualifiedName();
        List<String> names = leaf.matchedOption("--policy").stringValues();
        Predicate<String> known = command.startsWith("specagent dsp")
                ? name -> PolicySpec.byName(name).isPresent()
                : Policies.NAMES::contains;
        return names.stream().filter(known.negate()).toList();
    }

    private static void collectHelpExamples(CommandLine command, Map<String, String> examples) {
        String name = command.getCommandSpec().qualifiedName();
        for (String line : command.getCommandSpec().usageMessage().footer()) {
            String trimmed = line.strip().replaceFirst("^Example: ", "");
            if (trimmed.startsWith("specagent ")) {
                // A footer example may end with a remark in parentheses after two or more spaces.
                examples.put(trimmed.split(" {2,}\\(")[0], name + " --help");
            }
        }
        command.getSubcommands().values().forEach(sub -> collectHelpExamples(sub, examples));
    }

    private static void collectDocumentedCommands(Path file, Map<String, String> commands) throws IOException {
        List<String> lines = Files.readAllLines(file);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher start = FENCED.matcher(line);
            if (fenced && start.matches()) {
                int first = i;
                StringBuilder command = new StringBuilder(withoutComment(start.group(1)));
                while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                    command.setLength(command.length() - 1);
                    command.append(' ').append(withoutComment(lines.get(++i).strip()));
                }
                commands.put(command.toString().strip(), ROOT.relativize(file) + ":" + (first + 1));
            }
        }
        Matcher inline = INLINE.matcher(String.join("\n", lines));
        while (inline.find()) {
            // `specagent simulate` in prose names a command; only one given with options is a command line.
            if (!inline.group(1).startsWith("./") && !inline.group(1).contains(" -")) {
                continue;
            }
            commands.putIfAbsent(inline.group(1).replaceAll("\\s+", " "), ROOT.relativize(file) + " (inline)");
        }
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    /** Splits a shell command into words, keeping single- or double-quoted words whole. */
    private static List<String> tokens(String command) {
        List<String> tokens = new ArrayList<>();
        Matcher word = WORD.matcher(command);
        while (word.find()) {
            tokens.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
        }
        return tokens;
    }
}
