package dev.specagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command that runs something has {@code --help} with an example, {@code --json} for scripts and
 * {@code --report FILE.html}; groups ({@code replay}, {@code dsp}) are checked through their subcommands.
 * {@code serve-replay} is a server: it has help and an example but no JSON result or report. A missing data
 * directory is a configuration error (exit 2), not a failed run.
 */
class CommandContractTest {

    private static final List<String> SERVERS = List.of("serve-replay");

    @Test
    void everyCommandHasHelpWithAnExampleJsonAndReport() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, CommandLine> top : Main.commandLine().getSubcommands().entrySet()) {
            if (top.getKey().equals("help")) {
                continue;
            }
            CommandLine command = top.getValue();
            if (command.getSubcommands().isEmpty()) {
                check(top.getKey(), command, checked);
            } else {
                assertThat(help(top.getKey())).as(top.getKey() + " --help").contains("Example");
                command.getSubcommands().forEach((name, sub) -> check(top.getKey() + " " + name, sub, checked));
            }
        }
        assertThat(checked).contains("demo", "simulate", "chess", "replay chess", "ostune", "llm-demo", "serve-replay",
                "dsp sweep", "dsp run", "retail predict", "retail gold", "retail few-shot", "predict-calls", "hotpotqa", "replay hotpotqa");
    }

    /**
     * Every command's help lists {@code -V, --version}; {@code specagent dsp --version} and
     * {@code specagent dsp sweep --version} printed nothing at all (exit 0): only the top command had a version.
     */
    @Test
    void everyCommandAndSubcommandPrintsTheVersionItsHelpOffers() {
        String version = CliTestSupport.run("--version").out().strip();
        assertThat(version).startsWith("specagent ");
        List<List<String>> commands = new ArrayList<>();
        Main.commandLine().getSubcommands().forEach((name, command) -> {
            if (!name.equals("help")) {
                commands.add(List.of(name));
                command.getSubcommands().keySet().forEach(sub -> commands.add(List.of(name, sub)));
            }
        });
        assertThat(commands).contains(List.of("dsp"), List.of("dsp", "sweep"), List.of("retail", "few-shot"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--version");
            var r = CliTestSupport.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(args.toString()).isZero();
            assertThat(r.out().strip()).as(args.toString()).isEqualTo(version);
        }
    }

    @Test
    void aMissingDataDirectoryIsBadInputNamingWhereItLooked(@TempDir Path dir) {
        var r = CliTestSupport.runWithData(dir.resolve("absent"), "replay", "hotpotqa");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no data directory").contains(dir.resolve("absent").toString())
                .doesNotContain("Exception");
    }

    private static void check(String name, CommandLine command, List<String> checked) {
        String help = help(name.split(" "));
        assertThat(help).as(name + " --help").contains("Example").contains("--help");
        if (!SERVERS.contains(name)) {
            assertThat(command.getCommandSpec().findOption("--json")).as(name + " --json").isNotNull();
            assertThat(command.getCommandSpec().findOption("--report")).as(name + " --report").isNotNull();
            assertThat(help).as(name + " --help").contains("--json").contains("--report");
        }
        checked.add(name);
    }

    private static String help(String... command) {
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        var r = CliTestSupport.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
        return r.out();
    }
}
