package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Number options read decimal numbers only, as written, and refuse Java's type suffixes and hexadecimal. */
class DecimalNumbersTest {

    @Test
    void aTypeSuffixOrHexadecimalIsBadUsageNamingTheOption() {
        String[][] lines = {
                {"ostune", "--seconds", "7d"},
                {"simulate", "--p", "0.5", "--alpha", "0x1p3", "--beta", "2", "--steps", "5"},
                {"chess", "--search-timeout", "2f"},
                {"llm-demo", "--synthetic", "--replay-speed", "1D"},
        };
        for (String[] line : lines) {
            CliTestSupport.Result r = run(line);
            String option = line[line.length - 2].equals("--steps") ? "--alpha" : line[line.length - 2];
            String value = option.equals("--alpha") ? "0x1p3" : line[line.length - 1];
            assertThat(r.exitCode()).as(String.join(" ", line)).isEqualTo(2);
            assertThat(r.err()).contains("Invalid value for option '" + option
                    + "': expected a decimal number such as 0.5 or 1e-3, got '" + value + "'");
        }
    }

    @Test
    void decimalSpellingsReadAsBefore() {
        for (String text : List.of("0", "2", "0.5", ".5", "5.", "+1.5", "-3", "1e-3", "2.5E+2", " 7 ", "1e400",
                "NaN", "Infinity", "-Infinity")) {
            assertThat(Double.valueOf(DecimalNumbers.parse(text))).as(text).isEqualTo(Double.valueOf(text));
        }
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("ostune", "--seconds", "1e-3");
        assertThat((Double) parsed.subcommand().matchedOptionValue("--seconds", 0.0)).isEqualTo(0.001);
    }

    @Test
    void negativeZeroIsReadAsZeroSoNoFigureIsEchoedAsMinusZero() throws Exception {
        assertThat(Double.valueOf(DecimalNumbers.parse("-0"))).isEqualTo(Double.valueOf(0.0));
        assertThat(Double.valueOf(DecimalNumbers.parse("-0.0e5"))).isEqualTo(Double.valueOf(0.0));
        String[] line = {"simulate", "--p", "-0", "--alpha", "1", "--beta", "2", "--steps", "5", "--runs", "10"};
        CliTestSupport.Result text = run(line);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("p=0.0 ").doesNotContain("-0.0");
        List<String> json = new ArrayList<>(List.of(line));
        json.add("--json");
        CliTestSupport.Result r = run(json.toArray(String[]::new));
        assertThat(r.json().get("p").toString()).isEqualTo("0.0");
    }

    @Test
    void everyDefaultOfEveryNumberOptionReadsAsBefore() {
        List<String> checked = new ArrayList<>();
        collect(Main.commandLine(), checked);
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10);
    }

    private static void collect(CommandLine cli, List<String> checked) {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            boolean number = option.type() == double.class || option.type() == Double.class;
            if (number && option.defaultValue() != null) {
                assertThat(DecimalNumbers.parse(option.defaultValue())).as(option.longestName())
                        .isEqualTo(Double.parseDouble(option.defaultValue()));
                checked.add(option.longestName());
            }
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, checked));
    }
}
