package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Options with a fixed set of values are checked when the line is parsed, by the names the help lists. */
class EnumChoicesTest {

    @Test
    void aValueOutsideTheSetIsBadUsageNamingTheOptionAndTheChoices() {
        CliTestSupport.Result r = run("retail", "predict", "--tasks", "bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--tasks': expected one of [test, dev, train], got 'bogus'");
        assertThat(run("ostune", "--mode", "fast").err())
                .contains("expected one of [none, actor-only, speculator-only, both], got 'fast'");
    }

    @Test
    void theNamesAreAcceptedInAnyCaseAndListedInTheHelp() {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("dsp", "sweep", "--world", "Synthetic");
        Object world = parsed.subcommand().subcommand().matchedOptionValue("--world", null);
        assertThat(world).hasToString("synthetic");
        assertThat(run("retail", "predict", "--help").out()).contains("--tasks=<tasks>      test, dev, train (default: test)");
    }

    @Test
    void everyEnumOptionOfEveryCommandAcceptsTheNamesOfItsConstants() throws Exception {
        List<String> checked = new ArrayList<>();
        collect(Main.commandLine(), checked);
        assertThat(checked).hasSizeGreaterThanOrEqualTo(12)
                .contains("dsp sweep --world", "retail predict --tasks", "ostune --knob", "serve-replay --fallback");
    }

    private static void collect(CommandLine cli, List<String> checked) throws Exception {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            if (option.type().isEnum()) {
                for (Object constant : option.type().getEnumConstants()) {
                    assertThat(option.converters()).hasSize(1);
                    assertThat(option.converters()[0].convert(constant.toString().toUpperCase())).isSameAs(constant);
                }
                checked.add(cli.getCommandSpec().qualifiedName(" ").replaceFirst("^specagent ", "") + " "
                        + option.longestName());
            }
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            collect(sub, checked);
        }
    }
}
