package dev.specagent.cli;

import org.junit.jupiter.api.Test;

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
}
