package dev.specagent.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A blank file option (an unset shell variable, {@code --report "$OUT"}) is bad usage naming the option. */
class PathNamesTest {

    private static final String[] SIMULATE = {"simulate", "--p", "0.5", "--alpha", "5", "--beta", "1", "--steps", "2",
            "--runs", "2"};

    @Test
    void aBlankReportIsBadUsageNamingTheOptionNotAFolder() {
        // '--report ""' said "--report: cannot write : it is a folder"; '--report " "' wrote the report into ' '
        for (String blank : new String[] {"", " ", "\t"}) {
            String[] line = java.util.Arrays.copyOf(SIMULATE, SIMULATE.length + 2);
            line[SIMULATE.length] = "--report";
            line[SIMULATE.length + 1] = blank;
            CliTestSupport.Result r = run(line);
            assertThat(r.exitCode()).as("'" + blank + "': " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("Invalid value for option '--report': expected a path, got '" + blank + "'")
                    .doesNotContain("folder");
            assertThat(Path.of(blank.isEmpty() ? "x" : blank)).doesNotExist();
        }
    }

    @Test
    void aBlankInputOrOutputFileOfAnyCommandIsNamedAsWell() {
        String[][] lines = {
                {"retail", "gold", "--out", ""},
                {"predict-calls", "--conversations", " "},
                {"llm-demo", "--synthetic", "--record", ""},
                {"replay", "hotpotqa", "--runs", ""},
        };
        for (String[] line : lines) {
            CliTestSupport.Result r = run(line);
            String option = line[line.length - 2];
            assertThat(r.exitCode()).as(String.join(" ", line) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", line)).contains("Invalid value for option '" + option
                    + "': expected a path, got '" + line[line.length - 1] + "'");
        }
        CliTestSupport.Result trace = run("serve-replay", "");
        assertThat(trace.exitCode()).as(trace.err()).isEqualTo(2);
        assertThat(trace.err()).contains("(TRACE): expected a path, got ''");
    }
}
