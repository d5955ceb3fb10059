package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimulateCommandTest {

    @Test
    void jsonHasTheDocumentedFieldsAndSensibleValues() {
        var r = CliTestSupport.run("simulate", "--p", "1", "--alpha", "5", "--beta", "1", "--steps", "30",
                "--runs", "300", "--seed", "1", "--k", "2", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode o = CanonicalJson.parse(r.out());
        assertThat(o.get("proposition1_ratio").doubleValue()).isCloseTo(1 - (29.0 / 30) * 5 / 12.0, within(1e-12));
        double alg1 = o.get("algorithm1_ratio").doubleValue();
        assertThat(alg1).isCloseTo(o.get("algorithm1_exact_ratio").doubleValue(), within(0.02));
        assertThat(o.get("chained_ratio").doubleValue()).isLessThan(alg1);
    }

    @Test
    void withoutSpeculationPowerNothingIsSaved() {
        var r = CliTestSupport.run("simulate", "--p", "0", "--alpha", "5", "--beta", "1", "--steps", "10",
                "--runs", "20", "--json");
        JsonNode o = CanonicalJson.parse(r.out());
        assertThat(o.get("algorithm1_ratio").doubleValue()).isEqualTo(1.0);
        assertThat(o.get("chained_ratio").doubleValue()).isEqualTo(1.0);
    }

    @Test
    void humanOutputNamesEveryFigure() {
        var r = CliTestSupport.run("simulate", "--p", "0.5", "--alpha", "2", "--beta", "1", "--steps", "5", "--runs", "10");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("algorithm1 (measured)", "algorithm1 (exact expectation)",
                "Proposition 1 closed form", "chained (measured, ours)");
        assertThat(r.out()).contains("10 runs from seed 1");
        assertThat(CliTestSupport.run("simulate", "--p", "0.5", "--alpha", "2", "--beta", "1", "--steps", "5", "--runs", "1")
                .out()).contains("T=5 k=1, 1 run from seed 1 (");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--p 1.5 --alpha 1 --beta 1 --steps 3   | --p must be a probability",
            "--p -0.1 --alpha 1 --beta 1 --steps 3  | --p must be a probability",
            "--p 0.5 --alpha 0 --beta 1 --steps 3   | --alpha must be a finite rate",
            "--p 0.5 --alpha 1 --beta -2 --steps 3  | --beta must be a finite rate",
            "--p 0.5 --alpha 1 --beta 1e-9 --steps 3 | --beta must be a finite rate of at least 1.0E-6",
            "--p 0.5 --alpha 1 --beta 1 --steps 0   | --steps must be at least 1",
            "--p 0.5 --alpha 1 --beta 1 --steps 3 --k 0 | --k must be at least 1",
            "--p 0.5 --alpha 1 --beta 1 --steps 3 --runs 0 | --runs must be at least 1",
            "--p x --alpha 1 --beta 1 --steps 3     | Invalid value for option '--p'",
            // with more guesses than the runner keeps calls in flight the measurement left some unlaunched and drifted
            // from the exact expectation (0.83 against 0.777 at k = 100); --k 2000000000 ran out of memory
            "--p 0.5 --alpha 1 --beta 1 --steps 3 --k 64 | --k must be at most 63",
            "--p 0.5 --alpha 1 --beta 1 --steps 3 --k 2000000000 | --k must be at most 63",
            // 10 million steps ran for three minutes and then out of memory; a million ran out of a 1 GB heap
            "--p 0.5 --alpha 1 --beta 1 --steps 10000000 --runs 1 | --steps must be at most 100000",
            "--p 0.5 --alpha 1 --beta 1 --steps 30 --runs 2000000000 | --runs x --steps must be at most 10000000",
            // latencies below the clock's nanosecond rounded to one tick: 0.910 measured beside an exact 0.820
            "--p 0.7 --alpha 5e9 --beta 1e9 --steps 30 | --alpha must be a finite rate of at least 1.0E-6 and at most 1000000",
            "--p 0.7 --alpha 5 --beta 1e7 --steps 30 | --beta must be a finite rate of at least 1.0E-6 and at most 1000000",
            "--p 0.5 --alpha Infinity --beta 1 --steps 3 | --alpha must be a finite rate",
            // the simulated clock overflowed (292 years) and the run failed with exit 1, 'call ... failed 3 time(s)'
            "--p 0.7 --alpha 5 --beta 1e-6 --steps 100000 --runs 1 | --steps / --beta, a run's expected length, must be at most",
    })
    void badOptionsAreClearErrorsWithoutStackTraces(String args, String message) {
        var r = CliTestSupport.run(("simulate " + args.trim()).split("\\s+"));
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains(message).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            var r = CliTestSupport.run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command + " --help").contains("Example");
        }
    }

    /**
     * A chained run at --k 8 holds about 20 MB of ledger per 1000 steps, so 5000 steps do not fit in a 48 MB heap: the
     * command says so and how to give it more, instead of an OutOfMemoryError's stack trace.
     */
    @Test
    void aRunTooLargeForTheHeapSaysWhatToDo() throws Exception {
        var r = CliTestSupport.runInChildJvm(List.of("-Xmx48m"), Map.of(), "simulate", "--p", "0.7", "--alpha", "5",
                "--beta", "1", "--steps", "5000", "--k", "8", "--runs", "1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("specagent: a run of 5000 steps at --k 8 did not fit in the Java heap (",
                        "use fewer --steps, or a larger heap (SPECAGENT_JAVA_OPTS=-Xmx4g)")
                .doesNotContain("OutOfMemoryError", "Exception in thread", "\tat ");
        assertThat(r.out()).doesNotContain("OutOfMemoryError", "Exception in thread", "\tat ");
    }
}
