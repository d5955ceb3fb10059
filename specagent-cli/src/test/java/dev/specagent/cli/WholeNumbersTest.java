package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Whole-number options read ASCII digits with an optional sign, as the decimal ones do, and name their range. */
class WholeNumbersTest {

    private static final String[] SIMULATE = {"simulate", "--p", "0.5", "--alpha", "5", "--beta", "1", "--runs", "2"};

    private static CliTestSupport.Result simulate(String... more) {
        List<String> line = new ArrayList<>(List.of(SIMULATE));
        line.addAll(List.of(more));
        return run(line.toArray(String[]::new));
    }

    @Test
    void digitsOfOtherScriptsAreBadUsageNamingTheOptionAsForDecimalOptions() {
        // '--steps ٣' (Arabic-Indic three) ran 3 steps, while '--p ٠.٥' is refused
        for (String[] option : new String[][] {{"--steps", "\u0663"}, {"--seed", "\u0663"}, {"--k", "\uff13"}}) {
            CliTestSupport.Result r = option[0].equals("--steps") ? simulate(option) : simulate(
                    "--steps", "2", option[0], option[1]);
            assertThat(r.exitCode()).as(option[0] + " " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("Invalid value for option '" + option[0]
                    + "': expected a whole number such as 3, got '" + option[1] + "'");
        }
    }

    @Test
    void aFractionOrANumberBeyondTheTypeSaysWhatIsExpectedNotTheJavaType() {
        CliTestSupport.Result fraction = simulate("--steps", "1.5");
        assertThat(fraction.exitCode()).isEqualTo(2);
        assertThat(fraction.err()).contains("Invalid value for option '--steps': expected a whole number such as 3, "
                + "got '1.5'").doesNotContain("is not an int");
        CliTestSupport.Result big = simulate("--steps", "2", "--seed", "99999999999999999999");
        assertThat(big.exitCode()).isEqualTo(2);
        assertThat(big.err()).contains("Invalid value for option '--seed': expected a whole number from "
                + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", got '99999999999999999999'");
        CliTestSupport.Result beyondInt = simulate("--steps", "2147483648");
        assertThat(beyondInt.err()).contains("expected a whole number from -2147483648 to 2147483647, got '2147483648'");
    }

    @Test
    void wholeSpellingsReadAsBefore() {
        for (String text : List.of("0", "7", "-3", "+3", " 12 ", "007", "2147483647", "-2147483648")) {
            assertThat(WholeNumbers.parse(text, Integer.MIN_VALUE, Integer.MAX_VALUE)).as(text)
                    .isEqualTo(Integer.parseInt(text.strip()));
        }
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("chess", "--engines", "4", "--k", "+2");
        assertThat((Integer) parsed.subcommand().matchedOptionValue("--engines", 0)).isEqualTo(4);
        assertThat((Integer) parsed.subcommand().matchedOptionValue("--k", 0)).isEqualTo(2);
    }

    @Test
    void everyDefaultOfEveryWholeNumberOptionReadsAsBefore() {
        List<String> checked = new ArrayList<>();
        collect(Main.commandLine(), checked);
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10);
    }

    private static void collect(CommandLine cli, List<String> checked) {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            Class<?> type = option.type();
            boolean whole = type == int.class || type == Integer.class || type == long.class || type == Long.class;
            if (whole && option.defaultValue() != null) {
                assertThat(WholeNumbers.parse(option.defaultValue(), Long.MIN_VALUE, Long.MAX_VALUE))
                        .as(option.longestName()).isEqualTo(Long.parseLong(option.defaultValue()));
                checked.add(option.longestName());
            }
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, checked));
    }
}
