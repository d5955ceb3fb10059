package dev.specagent.cli.ostune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.cli.CliTestSupport;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.envs.ostune.workload.SysbenchWorkload;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OsTuneCommandTest {

    @Test
    void simulatedReactionExperimentAsJson() {
        var r = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "both", "--seconds", "120",
                "--perturb-at", "60", "--perturb-value", "40", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = CanonicalJson.parse(r.out());
        assertThat(o.get("mode").asText()).isEqualTo("both");
        assertThat(o.get("agents")).hasSize(2);
        assertThat(o.get("restored").asBoolean()).isTrue();
        assertThat(o.get("readings").size()).isBetween(118, 120);
        assertThat(o.get("reaction_mean_p95_ms").asDouble()).isBetween(30.0, 45.0);
        assertThat(o.get("convergence_seconds").asDouble()).isLessThan(20);
        assertThat(o.get("cost_usd").asDouble()).isZero();
        assertThat(o.get("writes").findValuesAsText("source")).contains("external", "speculator", "actor");
        assertThat(o.get("reaction_window_seconds").asDouble()).isEqualTo(60.0);
    }

    @Test
    void aReactionWindowPastTheEndOfTheRunIsReportedAsTheSecondsMeasured() {
        // the default window is 60 s; only the 5 s after the perturbation exist ("over the next 60 s" was printed)
        var json = CliTestSupport.run("ostune", "--seconds", "10", "--perturb-at", "5", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(CanonicalJson.parse(json.out()).get("reaction_window_seconds").asDouble()).isEqualTo(5.0);
        var text = CliTestSupport.run("ostune", "--seconds", "10", "--perturb-at", "5");
        assertThat(text.out()).contains("perturbed at 5 s: mean p95 ").contains(" ms over the next 5 s,");
    }

    @Test
    void humanOutputShowsReadingsAndTheFigures() {
        var r = CliTestSupport.run("ostune", "--knob", "simulated", "--mode", "actor-only", "--seconds", "40",
                "--perturb-at", "20");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("p95 (ms)", "converged", "reaction", "perturbed at 20 s", "tokens", "restored",
                "agent       actor: quadratic model fit", "102.97");
        assertThat(r.out()).doesNotContain("speculator: golden");
    }

    @Test
    void badOptionsNameTheOptionAndExitWithTwo() {
        assertThat(CliTestSupport.run("ostune", "--knob", "cfs").err()).contains("--knob");
        assertThat(CliTestSupport.run("ostune", "--knob", "cfs").exitCode()).isEqualTo(2);
        assertThat(CliTestSupport.run("ostune", "--mode", "fast").err()).contains("--mode");
        assertThat(CliTestSupport.run("ostune", "--seconds", "-3").err()).contains("--seconds");
        var noAt = CliTestSupport.run("ostune", "--perturb-value", "30");
        assertThat(noAt.exitCode()).isEqualTo(2);
        assertThat(noAt.err()).contains("--perturb-at");
        var outside = CliTestSupport.run("ostune", "--seconds", "10", "--perturb-at", "5", "--perturb-value", "5000");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("--perturb-value");
        assertThat(CliTestSupport.run("ostune", "--seconds", "10", "--perturb-at", "50").err()).contains("--perturb-at");
        var gap = CliTestSupport.run("ostune", "--seconds", "10", "--actor-gap", "-1");
        assertThat(gap.exitCode()).isEqualTo(2);
        assertThat(gap.err()).contains("--actor-gap");
        // not finite or beyond a day: refused before the run, not a run that fails on its clock (exit 1) or
        // prints "Infinity" as the window
        for (String[] bad : List.of(new String[]{"--actor-gap", "Infinity"}, new String[]{"--actor-gap", "1e300"},
                new String[]{"--reaction-window", "Infinity"}, new String[]{"--reaction-window", "1e300"})) {
            var r = CliTestSupport.run("ostune", "--seconds", "30", "--perturb-at", "10", "--quiet", bad[0], bad[1]);
            assertThat(r.exitCode()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(bad[0] + " must be in").doesNotContain("Exception");
        }
    }

    @Test
    void minGranularityOnAnEevdfKernelIsExplained() {
        assumeTrue(Knobs.MIN_GRANULARITY.stream().noneMatch(Files::exists), "skipped: this kernel still has min_granularity_ns");
        var r = CliTestSupport.run("ostune", "--knob", "min-granularity", "--seconds", "3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--knob min-granularity", "rr-timeslice");
    }

    @Test
    void aShortRealRunRestoresTheKnob() throws Exception {
        assumeTrue(Knobs.writable(Knobs.RR_TIMESLICE), "skipped: " + Knobs.RR_TIMESLICE + " is not writable here (needs root)");
        assumeTrue(SysbenchWorkload.find("sysbench").isPresent(), "skipped: sysbench is not installed");
        String before = Files.readAllLines(Knobs.RR_TIMESLICE).get(0).trim();
        var r = CliTestSupport.run("ostune", "--knob", "rr-timeslice", "--mode", "speculator-only", "--seconds", "3",
                "--perturb-at", "1", "--perturb-value", "20", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = CanonicalJson.parse(r.out());
        assertThat(o.get("restored").asBoolean()).isTrue();
        assertThat(o.get("readings").size()).isGreaterThanOrEqualTo(1);
        assertThat(Files.readAllLines(Knobs.RR_TIMESLICE).get(0).trim()).isEqualTo(before);
    }
}
