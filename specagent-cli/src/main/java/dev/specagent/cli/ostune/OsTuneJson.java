package dev.specagent.cli.ostune;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.cli.JsonOutput;
import dev.specagent.cli.SpentFormatter;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.envs.ostune.OsTuneReport;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The one object {@code ostune --json} prints: of a finished run, its figures, every reading and write, and why
 * decisions failed; of a run that failed or was stopped by a signal, the error, what its agents spent and what it
 * had measured. Times, p95 and figures are rounded to 3 decimals; knob values are as the knob took them.
 */
final class OsTuneJson {

    private OsTuneJson() {
    }

    /** A finished run: the report's figures, the decisions per agent, the trajectory, then {@code agent_failures}. */
    static ObjectNode finished(OsTuneReport r, AgentFailures failures) {
        ObjectNode o = JsonOutput.object();
        o.put("knob", r.knob()).put("knob_kind", r.knobKind()).put("unit", r.unit()).put("mode", r.mode().option());
        ArrayNode agents = o.putArray("agents");
        r.agents().forEach(agents::add);
        o.put("workload", r.workload());
        o.put("original_value", r.result().originalValue()).put("value_after_run", r.restoredValue()).put("restored", r.restored());
        put(o, "convergence_seconds", r.convergenceSeconds());
        put(o, "settled_p95_ms", r.settledP95());
        put(o, "perturb_at_seconds", r.perturbAtSeconds());
        o.put("reaction_window_seconds", r.reactionWindowSeconds());
        put(o, "reaction_mean_p95_ms", r.reactionMeanP95());
        put(o, "reaction_convergence_seconds", r.reactionConvergenceSeconds());
        SpentFormatter.COMPLETION.put(o, r.result().figures());
        o.put("actor_decisions", r.result().ledger().stream().filter(e -> e.role() == Role.ACTOR).count());
        o.put("speculator_decisions", r.result().ledger().stream().filter(e -> e.role() == Role.SPECULATOR).count());
        trajectory(o, r.result().samples(), r.result().writes());
        agentFailures(o, failures);
        return o;
    }

    /**
     * A run that did not finish: {@code error}, what its agents spent (the finished run's {@code prompt_tokens},
     * {@code completion_tokens}, {@code cost_usd}), {@code calls_under_way} when given, why decisions failed, and the
     * readings and writes so far.
     */
    static ObjectNode partial(String error, Usage spent, OptionalInt callsUnderWay, AgentFailures failures,
                              List<MetricSample> readings, List<KnobWrite> writes) {
        ObjectNode o = JsonOutput.object();
        o.put("error", error);
        SpentFormatter.COMPLETION.put(o, spent);
        callsUnderWay.ifPresent(calls -> o.put("calls_under_way", calls));
        agentFailures(o, failures);
        trajectory(o, readings, writes);
        return o;
    }

    /** Why decisions failed: {@code agent_failures: [{agent, message, count}]}, then {@code agent_failures_uncounted}. */
    private static void agentFailures(ObjectNode o, AgentFailures failures) {
        ArrayNode list = o.putArray("agent_failures");
        failures.counts().forEach((what, n) -> {
            int colon = what.indexOf(": ");
            list.addObject().put("agent", what.substring(0, colon)).put("message", what.substring(colon + 2)).put("count", n);
        });
        o.put("agent_failures_uncounted", failures.uncounted());
    }

    private static void trajectory(ObjectNode o, List<MetricSample> readings, List<KnobWrite> knobWrites) {
        ArrayNode samples = o.putArray("readings");
        for (MetricSample s : readings) {
            samples.addObject().put("t", round(s.seconds())).put("p95_ms", round(s.metric())).put("knob", s.knobValue())
                    .put("steady", s.steady());
        }
        ArrayNode writes = o.putArray("writes");
        for (KnobWrite w : knobWrites) {
            writes.addObject().put("t", round(w.seconds())).put("source", w.source().name().toLowerCase(Locale.ROOT))
                    .put("requested", w.requested()).put("applied", w.applied()).put("previous", w.previous())
                    .put("rationale", w.rationale());
        }
    }

    private static void put(ObjectNode o, String field, OptionalDouble v) {
        if (v.isPresent()) {
            o.put(field, round(v.getAsDouble()));
        } else {
            o.putNull(field);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
