package dev.specagent.cli.demo;

import dev.specagent.cli.report.HtmlReport;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.policy.Policies;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sim.Proposition1;
import dev.specagent.core.sim.SyntheticWorld;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The synthetic world of Proposition 1 with a realistic shape: the actor takes 1 s on average, the
 * speculator 0.2 s, and the speculator's top-3 guesses contain the actor's value 70% of the time.
 * An actor call costs USD 0.002 and a proposal USD 0.0002; {@code adaptive} values a second of waiting
 * at the default USD 0.01. Each policy runs the same 200 seeded worlds; the rows average them.
 */
public final class SyntheticDemo implements DemoPart {

    private static final int RUNS = 200;
    private static final double P = 0.7;
    private static final double ALPHA = 5;
    private static final double BETA = 1;
    private static final int STEPS = 30;
    private static final int K = 3;
    // An actor call of a second at USD 0.002 (a mid-size model), a speculator call at a tenth of it.
    private static final double ACTOR_COST_USD = 0.002;
    private static final double SPECULATOR_COST_USD = 0.0002;

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public String missingPrerequisite() {
        return null;
    }

    @Override
    public Contribution run(PrintWriter log, PrintWriter progress, HtmlReport report) {
        log.printf(Locale.ROOT,
                "synthetic: %d runs of %d steps, actor ~ Exp(%s), speculator ~ Exp(%s), p = %s, k = %d (simulated time)%n",
                RUNS, STEPS, BETA, ALPHA, P, K);
        log.flush();
        List<DemoRow> rows = new ArrayList<>();
        for (String name : List.of("algorithm1", "chained", "adaptive")) {
            SpeculationPolicy policy = Policies.byName(name, K, Integer.MAX_VALUE);
            double seq = 0;
            double spec = 0;
            double hits = 0;
            double committed = 0;
            double cost = 0;
            double seqCost = 0;
            boolean lossless = true;
            for (int r = 0; r < RUNS; r++) {
                var config = new SyntheticWorld.Config(P, ALPHA, BETA, STEPS, r + 1, 0, 0, false, ACTOR_COST_USD, SPECULATOR_COST_USD);
                var baseline = Proposition1.runOnce(config, Policies.byName("sequential", K, 1));
                var result = Proposition1.runOnce(config, policy);
                RunFigures f = result.figures();
                lossless &= result.committedSameAs(baseline);
                seq += baseline.figures().speculativeSeconds();
                spec += f.speculativeSeconds();
                hits += f.hits();
                committed += f.committedCalls();
                cost += f.costUsd();
                seqCost += baseline.figures().costUsd();
            }
            rows.add(new DemoRow("synthetic", name, "simulated", 100 * (seq - spec) / seq, hits / committed,
                    100 * (cost - seqCost) / seqCost, lossless));
            var example = Proposition1.runOnce(new SyntheticWorld.Config(P, ALPHA, BETA, STEPS, 1, 0, 0, false,
                    ACTOR_COST_USD, SPECULATOR_COST_USD), policy);
            report.timeline("Synthetic world, " + name + ", run 1",
                    String.format(Locale.ROOT, "%d committed calls in %.1f s instead of %.1f s; %d attempts in all.",
                            example.figures().committedCalls(), example.figures().speculativeSeconds(),
                            example.figures().sequentialSeconds(), example.figures().attempts()),
                    example.ledger());
        }
        return Contribution.rows(rows);
    }
}
