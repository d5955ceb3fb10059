package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specagent help COMMAND...} shows the help of the command the whole path names, as {@code COMMAND...
 * --help} does, and refuses a path that names no command (picocli's own help command read only the first word).
 */
class CommandHelpTest {

    @Test
    void helpOfASubcommandIsTheSubcommandsHelp() {
        var help = CliTestSupport.run("help", "dsp", "sweep");
        var direct = CliTestSupport.run("dsp", "sweep", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(direct.exitCode()).isZero();
        assertThat(help.out()).isEqualTo(direct.out()).contains("specagent dsp sweep");
    }

    @Test
    void helpOfATopCommandAndOfNothingAreAsBefore() {
        assertThat(CliTestSupport.run("help", "dsp").out()).isEqualTo(CliTestSupport.run("dsp", "--help").out());
        assertThat(CliTestSupport.run("help").out()).isEqualTo(CliTestSupport.run("--help").out());
    }

    @Test
    void anUnknownCommandIsRefusedNamingIt() {
        var r = CliTestSupport.run("help", "dsp", "nope");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'nope'").contains("dsp");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownTopCommandIsRefusedNamingIt() {
        var r = CliTestSupport.run("help", "nope");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'nope'");
    }

    @Test
    void aWordAfterACommandWithoutSubcommandsIsRefused() {
        var r = CliTestSupport.run("help", "dsp", "sweep", "extra");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'extra'").contains("'dsp sweep' has no subcommands");
    }

    /** Every command at every level: {@code help PATH} is {@code PATH --help}, and a wrong last word is refused. */
    @Test
    void everyCommandPathGivesItsOwnHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).contains(List.of("dsp", "sweep"), List.of("retail", "few-shot"), List.of("replay", "chess"));
        for (List<String> path : paths) {
            List<String> help = new ArrayList<>(List.of("help"));
            help.addAll(path);
            List<String> direct = new ArrayList<>(path);
            direct.add("--help");
            var r = CliTestSupport.run(help.toArray(String[]::new));
            assertThat(r.exitCode()).as(help.toString()).isZero();
            assertThat(r.out()).as(help.toString()).isEqualTo(CliTestSupport.run(direct.toArray(String[]::new)).out());

            help.add("no-such-command");
            var wrong = CliTestSupport.run(help.toArray(String[]::new));
            assertThat(wrong.exitCode()).as(help.toString()).isEqualTo(2);
            assertThat(wrong.err()).as(help.toString()).contains("'no-such-command'");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                paths.add(longer);
                collect(sub, longer, paths);
            }
        });
    }
}
