package dev.specagent.cli;

import dev.specagent.core.data.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What specagent prints and writes is the same under a German locale (which writes {@code 0,5}, {@code $0,98} and
 * {@code 11.472}) as under en-US: the standard output and error of a set of deterministic commands (simulated
 * time or recorded runs) and the HTML report and SVG plot they write, each command in a child JVM started with
 * {@code -Duser.language} and {@code -Duser.country}, since the default locale is fixed at JVM start. The commands
 * over the shared data's recorded runs join when the data is there.
 */
class LocaleIndependentOutputTest {

    /** A progress line ("dsp sweep (policies): 1/28 (3%), ETA 0:00") depends on timing, not on the locale. */
    private static final Pattern PROGRESS = Pattern.compile("(?m)^.*: \\d+/\\d+ \\(\\d+%\\), (?:ETA|done in) .*\\R");
    /**
     * The wall time of {@code simulate} ("200 runs from seed 1 (1.5 s)"); it matches the en-US form only, so a
     * {@code 1,5} stays and differs.
     */
    private static final Pattern WALL_TIME = Pattern.compile("(from seed \\d+) \\(\\d+\\.\\d s\\)");

    @Test
    void aGermanLocalePrintsAndWritesWhatEnUsDoes(@TempDir Path dir) throws Exception {
        String german = transcript(dir.resolve("de"), "-Duser.language=de", "-Duser.country=DE");
        String english = transcript(dir.resolve("en"), "-Duser.language=en", "-Duser.country=US");
        assertThat(english).contains("E[Tspec]/E[Tseq]", "<svg", "<html");
        assertThat(differences(german, english)).as("lines that differ, German first").isEmpty();
    }

    /** The lines where {@code a} and {@code b} differ, each as its number and both versions, for a short message. */
    private static List<String> differences(String a, String b) {
        List<String> as = a.lines().toList();
        List<String> bs = b.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(as.size(), bs.size()); i++) {
            String x = i < as.size() ? as.get(i) : "(none)";
            String y = i < bs.size() ? bs.get(i) : "(none)";
            if (!x.equals(y)) {
                out.add("line " + (i + 1) + ":\n  " + x + "\n  " + y);
            }
        }
        return out;
    }

    /**
     * Every command's line, standard output and error (apart) and written files, with {@code out} written as
     * {@code {out}}.
     */
    private static String transcript(Path out, String... jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(out);
        StringBuilder all = new StringBuilder();
        for (List<String> command : commands()) {
            String[] args = command.stream().map(a -> a.replace("{out}", out.toString())).toArray(String[]::new);
            var r = CliTestSupport.runInChildJvm(List.of(jvmOptions), Map.of(), args);
            assertThat(r.exitCode()).as("specagent %s under %s:%n%s%n%s", command, List.of(jvmOptions), r.out(), r.err())
                    .isZero();
            all.append("$ specagent ").append(String.join(" ", command)).append('\n').append(untimed(r.out()))
                    .append("\nstderr:\n").append(untimed(r.err())).append('\n');
        }
        try (var files = Files.list(out)) {
            for (Path file : files.sorted().toList()) {
                all.append("== ").append(file.getFileName()).append('\n').append(Files.readString(file)).append('\n');
            }
        }
        return all.toString().replace(out.toString(), "{out}");
    }

    private static List<List<String>> commands() {
        List<List<String>> commands = new ArrayList<>(List.of(
                List.of("simulate", "--p", "0.7", "--alpha", "5", "--beta", "1", "--steps", "30", "--k", "3",
                        "--runs", "200", "--seed", "1"),
                List.of("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "60", "--perturb-at", "30",
                        "--report", "{out}/ostune.html"),
                List.of("dsp", "sweep", "--world", "synthetic", "--tasks", "8", "--seed", "2",
                        "--plot", "{out}/dsp.svg")));
        if (hasData("chess/32831f2d-0059-40e7-84b8-f713e64bd519")) {
            commands.add(List.of("replay", "chess", "--game", "32831f2d", "--k", "3", "--steps", "10",
                    "--report", "{out}/chess.html"));
        }
        if (hasData("hotpotqa/speculative-actions-runs")) {
            commands.add(List.of("replay", "hotpotqa", "--report", "{out}/hotpotqa.html"));
        }
        return commands;
    }

    /** {@code output} without its progress lines and with its wall times masked. */
    private static String untimed(String output) {
        return WALL_TIME.matcher(PROGRESS.matcher(output).replaceAll("")).replaceAll("$1 (T s)");
    }

    private static boolean hasData(String relative) {
        return DataDirectory.find().map(d -> Files.isDirectory(d.resolve(relative))).orElse(false);
    }
}
