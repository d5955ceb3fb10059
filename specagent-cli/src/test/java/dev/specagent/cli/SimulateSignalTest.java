package dev.specagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.ChainedPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specagent simulate} ended by a signal (a child JVM sent SIGTERM after its first runs) prints the ratios over
 * the runs finished, labelled as stopped. Before, it printed nothing (not even progress) and exited 143.
 */
class SimulateSignalTest {

    private static final List<String> WORLD = List.of("simulate", "--p", "0.7", "--alpha", "5", "--beta", "1",
            "--steps", "1000", "--k", "3", "--seed", "1");

    @Test
    void aRunStoppedByASignalPrintsTheRatiosOfTheRunsFinished() throws Exception {
        for (boolean json : List.of(true, false)) {
            List<String> args = new ArrayList<>(WORLD);
            args.addAll(List.of("--runs", "10000")); // about a minute
            if (json) {
                args.add("--json");
            }
            SignalledRun.Result r = SignalledRun.run(line -> line.startsWith("simulate (runs): "),
                    args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(143);
            assertThat(r.secondsToExit()).as("seconds from SIGTERM to the end").isLessThan(3);
            Matcher m = Pattern.compile("specagent: stopped by a signal \\(SIGTERM\\) after (\\d+) of 10000 runs; "
                    + "the figures are of the runs finished\n").matcher(r.err());
            assertThat(m.find()).as(r.err()).isTrue();
            int done = Integer.parseInt(m.group(1));
            assertThat(done).isBetween(1, 9999);
            String stopped = "stopped by a signal (SIGTERM) after " + done + " of 10000 runs; the figures are of the "
                    + "runs finished";
            // the ratios are those of a whole run of as many runs
            List<String> whole = new ArrayList<>(WORLD);
            whole.addAll(List.of("--runs", String.valueOf(done), "--json"));
            JsonNode expected = CanonicalJson.parse(CliTestSupport.run(whole.toArray(String[]::new)).out());
            if (json) {
                JsonNode o = CanonicalJson.parse(r.out());
                assertThat(o.get("stopped").asText()).isEqualTo(stopped);
                assertThat(o.get("runs").asInt()).isEqualTo(done);
                assertThat(o.get("algorithm1_ratio").asDouble()).isEqualTo(expected.get("algorithm1_ratio").asDouble());
                assertThat(o.get("chained_ratio").asDouble()).isEqualTo(expected.get("chained_ratio").asDouble());
            } else {
                assertThat(r.out()).startsWith(stopped + "\nSynthetic world: p=0.7 alpha=5.0 beta=1.0 T=1000 k=3, "
                        + done + " run" + (done == 1 ? "" : "s") + " from seed 1 (");
                assertThat(r.out()).containsPattern("algorithm1 \\(measured\\) +" + Pattern.quote(String.format(
                        Locale.ROOT, "%.4f", expected.get("algorithm1_ratio").asDouble())));
            }
        }
    }

    @Test
    void ratiosOverNoRunAreNullInJsonAndNaInText() {
        SimulateCommand command = new SimulateCommand();
        command.p = 0.7;
        command.alpha = 5;
        command.beta = 1;
        command.steps = 10;
        command.runs = 5;
        var none = SimulatedTotals.none(List.of(new Algorithm1Policy(3), new ChainedPolicy(3))).ratios();
        command.json = true;
        JsonNode o = CanonicalJson.parse(command.results(none, 0, 0.8, 0.82, 0.1, "stopped"));
        assertThat(o.get("algorithm1_ratio").isNull()).isTrue();
        assertThat(o.get("chained_ratio").isNull()).isTrue();
        assertThat(o.get("runs").asInt()).isZero();
        command.json = false;
        String text = command.results(none, 0, 0.8, 0.82, 0.1, "stopped");
        assertThat(text).containsPattern("algorithm1 \\(measured\\) +n/a +n/a\n")
                .containsPattern("chained \\(measured, ours\\) +n/a +n/a\n").doesNotContain("NaN");
    }
}
