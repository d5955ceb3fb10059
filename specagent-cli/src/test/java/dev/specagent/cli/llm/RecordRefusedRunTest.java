package dev.specagent.cli.llm;

import dev.specagent.cli.CliTestSupport.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.specagent.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A run refused for a missing API key (exit 2) leaves no {@code --record} / {@code --llm-record} trace behind: not an
 * empty file, nor the folders made for it.
 */
class RecordRefusedRunTest {

    private static final String UNSET = "SPECAGENT_TEST_KEY_THAT_IS_NEVER_SET";
    private static final String LOOPBACK = "http://127.0.0.1:9/v1";
    private static final String LIBRARY = "../specagent-envs/src/test/resources/conversations/library.jsonl";

    @Test
    void aRunRefusedForAMissingApiKeyCreatesNoTraceNorItsFolders(@TempDir Path dir) {
        assumeThat(System.getenv(UNSET)).isNull();
        String[][] commands = {
                {"llm-demo", "--actor-endpoint", LOOPBACK, "--api-key-env", UNSET, "--record"},
                {"hotpotqa", "--actor-endpoint", LOOPBACK, "--questions", "1", "--api-key-env", UNSET, "--record"},
                {"dsp", "live", "--actor-endpoint", LOOPBACK, "--tasks", "1", "--api-key-env", UNSET, "--record"},
                {"ostune", "--llm", "both", "--seconds", "5", "--actor-endpoint", LOOPBACK, "--api-key-env", UNSET,
                        "--record"},
                {"chess", "--white", "llm", "--plies", "2", "--actor-endpoint", LOOPBACK, "--api-key-env", UNSET,
                        "--record"},
                {"predict-calls", "--conversations", LIBRARY, "--speculator", "llm", "--llm-endpoint", LOOPBACK,
                        "--api-key-env", UNSET, "--llm-record"},
        };
        for (int i = 0; i < commands.length; i++) {
            Path folder = dir.resolve("run" + i);
            List<String> args = new ArrayList<>(List.of(commands[i]));
            args.add(folder.resolve("trace.jsonl").toString());
            Result r = run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err()).as(args.get(0)).contains(UNSET);
            assertThat(folder).as(String.join(" ", args)).doesNotExist();
        }
    }
}
