package dev.specagent.cli.ostune;

import dev.specagent.cli.report.RunSections;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.LossyResult;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.Mode;
import dev.specagent.envs.ostune.OsTuneReport;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code ostune} prints of a run: per reading, per agent failure, and the summary lines. */
class OsTuneSummaryTest {

    private static final long S = 1_000_000_000L;

    static KnobWrite write(WriteSource source, double previous, double applied) {
        return new KnobWrite(S, source, applied, applied, previous, "why");
    }

    /** The actor decided three times (two written, one dropped), the speculator once (cancelled). */
    static OsTuneReport report(OptionalDouble perturbAt) {
        Ledger ledger = new Ledger();
        ledger.open(Role.ACTOR, "a1", 0, 0, -1).close(S, new Usage(300, 30, 0, 0.0007), Fate.COMMITTED);
        ledger.open(Role.ACTOR, "a2", S, 0, -1).close(2 * S, Usage.ofCost(0), Fate.COMMITTED);
        ledger.open(Role.ACTOR, "a3", S, 0, -1).close(2 * S, Usage.ofCost(0), Fate.WASTED);
        ledger.open(Role.SPECULATOR, "s1", S, 0, -1).close(2 * S, Usage.ofCost(0), Fate.CANCELLED);
        List<KnobWrite> writes = List.of(write(WriteSource.ACTOR, 64, 128), write(WriteSource.EXTERNAL, 128, 8),
                write(WriteSource.ACTOR, 8, 96), write(WriteSource.SPECULATOR, 96, 100));
        LossyResult result = new LossyResult(List.of(), writes, ledger.entries(), RunFigures.of(ledger.entries()), 64, 30);
        return new OsTuneReport("sched_migration_cost_ns", "ns", "sysctl", Mode.BOTH, List.of("actor: llm", "speculator: rule"),
                "stress", 64, OptionalDouble.of(12.34), OptionalDouble.of(40.125), perturbAt, 10,
                OptionalDouble.of(55.5), OptionalDouble.empty(), result);
    }

    private static String value(List<RunSections.Line> lines, String label) {
        return lines.stream().filter(l -> l.label().equals(label)).map(RunSections.Line::value).findFirst().orElseThrow();
    }

    @Test
    void theSummaryCountsDecisionsAndWritesPerAgent() {
        AgentFailures failures = new AgentFailures(LossyListener.NONE);
        failures.onAgentFailure(WriteSource.ACTOR, new RuntimeException("unreachable"));
        failures.onAgentFailure(WriteSource.ACTOR, new RuntimeException("unreachable"));
        List<RunSections.Line> lines = new OsTuneSummary(report(OptionalDouble.of(15)), failures, true).lines();
        assertThat(lines).extracting(RunSections.Line::label).containsExactly("knob", "workload", "mode", "agent", "agent",
                "converged", "reaction", "decisions", "writes", "failed", "tokens");
        assertThat(value(lines, "knob")).isEqualTo("sched_migration_cost_ns (sysctl), original 64 ns, after the run 64 ns (restored)");
        assertThat(value(lines, "decisions")).isEqualTo("actor 3 (2 applied, 1 dropped or failed), speculator 1 (0 applied, 0 dropped or failed)");
        assertThat(value(lines, "writes")).isEqualTo("2 by the actor, 1 by the speculator, 1 perturbations");
        assertThat(value(lines, "converged")).startsWith("12.3 s (before the perturbation), settled p95 40.13 ms");
        assertThat(value(lines, "reaction")).isEqualTo("perturbed at 15 s: mean p95 55.50 ms over the next 10 s, "
                + "re-converged after n/a (too few readings)");
        assertThat(value(lines, "failed")).isEqualTo("2× actor: unreachable");
        assertThat(value(lines, "tokens")).isEqualTo("300 prompt, 30 completion; cost $0.0007");
    }

    @Test
    void withoutAPerturbationThereIsNoReactionAndAnAgentThatNeverDecidedIsADash() {
        Ledger ledger = new Ledger();
        ledger.open(Role.ACTOR, "a1", 0, 0, -1).close(S, Usage.ofCost(0), Fate.COMMITTED);
        OsTuneReport r = report(OptionalDouble.empty());
        LossyResult only = new LossyResult(List.of(), List.of(), ledger.entries(), RunFigures.of(ledger.entries()), 64, 30);
        OsTuneReport actorOnly = new OsTuneReport(r.knob(), r.unit(), r.knobKind(), Mode.ACTOR_ONLY, List.of("actor: rule"),
                r.workload(), 70, r.convergenceSeconds(), r.settledP95(), r.perturbAtSeconds(), 10,
                OptionalDouble.empty(), OptionalDouble.empty(), only);
        List<RunSections.Line> lines = new OsTuneSummary(actorOnly, new AgentFailures(LossyListener.NONE), false).lines();
        assertThat(lines).extracting(RunSections.Line::label).doesNotContain("reaction", "failed");
        assertThat(value(lines, "converged")).startsWith("12.3 s, settled p95");
        assertThat(value(lines, "decisions")).isEqualTo("actor 1 (1 applied, 0 dropped or failed), speculator -");
        assertThat(value(lines, "knob")).endsWith("after the run 70 ns (NOT RESTORED)");
        assertThat(value(lines, "tokens")).endsWith("(local agents: no LLM calls)");

        StringWriter out = new StringWriter();
        new OsTuneSummary(actorOnly, new AgentFailures(LossyListener.NONE), false).print(new PrintWriter(out, true));
        String[] printed = out.toString().split("\\R");
        assertThat(printed[0]).isEmpty();
        assertThat(printed[1]).isEqualTo("knob        sched_migration_cost_ns (sysctl), original 64 ns, after the run 70 ns (NOT RESTORED)");
        assertThat(printed[printed.length - 1]).isEqualTo(OsTuneSummary.PAPER);
    }

    @Test
    void knobValuesAreWholeWhenWholeAndThreeDigitsOtherwise() {
        assertThat(OsTuneSummary.num(4096)).isEqualTo("4096");
        assertThat(OsTuneSummary.num(-3)).isEqualTo("-3");
        assertThat(OsTuneSummary.num(0.5)).isEqualTo("0.500");
        assertThat(OsTuneSummary.num(123456.7)).isEqualTo("1.23e+05");
        assertThat(OsTuneSummary.num(1e15)).as("too large for a whole number").isEqualTo("1.00e+15");
        assertThat(OsTuneSummary.num(999_999_999_999_999d)).isEqualTo("999999999999999");
    }

    /** Twenty distinct messages are kept, a repeated one is still counted, later distinct ones only counted. */
    @Test
    void failuresAreCountedPerAgentAndMessageAndPassedOn() {
        List<String> passed = new ArrayList<>();
        AgentFailures failures = new AgentFailures(new LossyListener() {
            @Override
            public void onSample(MetricSample sample) {
                passed.add("sample");
            }

            @Override
            public void onWrite(KnobWrite write) {
                passed.add("write");
            }

            @Override
            public void onAgentFailure(WriteSource source, Throwable error) {
                passed.add("failure");
            }
        });
        for (int i = 0; i < AgentFailures.MAX_MESSAGES; i++) {
            failures.onAgentFailure(WriteSource.SPECULATOR, new RuntimeException("m" + i));
        }
        failures.onAgentFailure(WriteSource.SPECULATOR, new RuntimeException("m0"));
        failures.onAgentFailure(WriteSource.ACTOR, new RuntimeException("late"));
        failures.onSample(new MetricSample(S, 1, 1, true));
        failures.onWrite(write(WriteSource.ACTOR, 1, 2));
        assertThat(failures.counts()).hasSize(AgentFailures.MAX_MESSAGES).containsEntry("speculator: m0", 2)
                .containsEntry("speculator: m19", 1).doesNotContainKey("actor: late");
        assertThat(failures.uncounted()).isEqualTo(1);
        assertThat(passed).hasSize(AgentFailures.MAX_MESSAGES + 4).endsWith("failure", "failure", "sample", "write");

        List<RunSections.Line> lines = new OsTuneSummary(report(OptionalDouble.empty()), failures, true).lines();
        assertThat(lines.stream().filter(l -> l.label().equals("failed")).map(RunSections.Line::value).toList())
                .hasSize(AgentFailures.MAX_MESSAGES + 1).endsWith("1 more, with other messages");
    }

    @Test
    void eachReadingLineHasTheWritesAndFailuresSinceTheReadingBefore() {
        StringWriter out = new StringWriter();
        ReadingLines lines = new ReadingLines(new PrintWriter(new BufferedWriter(out))); // seen at every reading
        lines.onWrite(write(WriteSource.ACTOR, 64, 0.5));
        lines.onAgentFailure(WriteSource.SPECULATOR, new RuntimeException("timeout"));
        lines.onSample(new MetricSample(S + S / 2, 40.125, 0.5, false));
        lines.onSample(new MetricSample(2 * S, 41, 0.5, false));
        assertThat(out.toString().split("\\R")).containsExactly(
                "   t (s)         knob   p95 (ms)  writes in the second before",
                "     1.5        0.500      40.13  actor 64->0.500, speculator failed: timeout",
                "     2.0        0.500      41.00  ");
    }
}
