package dev.specagent.core.planning.sweep;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.SpeculativePlanner;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.predictor.TextEmbedder;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs target-only planning and every given policy on the same tasks and seed, each on a fresh
 * world and a fresh simulated clock, and turns the ledgers into the DSP table. Deterministic for a
 * seed: everything random is drawn from it, and training rounds are events on the simulated clock.
 */
public final class DspSweep {

    private final Supplier<ScriptedPlanningWorld> worlds;
    private final long seed;
    private final int maxSteps;

    /**
     * @param worlds    builds a fresh world (same tasks, same seed) for each run
     * @param seed      the seed of the simulated clocks
     * @param maxSteps  the plan length limit
     */
    public DspSweep(Supplier<ScriptedPlanningWorld> worlds, long seed, int maxSteps) {
        this.worlds = worlds;
        this.seed = seed;
        this.maxSteps = maxSteps;
    }

    /** A fresh world of this sweep (for its hindsight oracle). */
    public ScriptedPlanningWorld world() {
        return worlds.get();
    }

    /** The target-only run, the baseline of every ratio. */
    public PolicyRun targetOnly() {
        return run("target-only", FixedDepth.targetOnly(), worlds.get());
    }

    /** Runs one policy over every task. */
    public PolicyRun run(PolicySpec spec) {
        ScriptedPlanningWorld world = worlds.get();
        SimulatedClock clock = new SimulatedClock(seed);
        return run(spec.name(), spec.factory().create(clock, world.oracle(), TextEmbedder.NONE), world, clock, spec.lean());
    }

    private PolicyRun run(String name, DepthPolicy policy, ScriptedPlanningWorld world) {
        return run(name, policy, world, new SimulatedClock(seed), false);
    }

    private PolicyRun run(String name, DepthPolicy policy, ScriptedPlanningWorld world, SimulatedClock clock,
                          boolean lean) {
        Ledger ledger = new Ledger();
        SpeculativePlanner planner = SpeculativePlanner.builder()
                .approximation(world.approximation()).target(world.target())
                .policy(policy).clock(clock).ledger(ledger).maxSteps(maxSteps).lean(lean).build();
        List<PlanResult> plans = new ArrayList<>();
        try {
            for (TaskScript script : world.scripts()) {
                plans.add(planner.plan(script.task()));
            }
        } finally {
            if (policy instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing policy " + name, e);
                }
            }
        }
        if (world.inFlight() != 0 || ledger.unsettledCount() != 0) {
            throw new IllegalStateException(name + ": " + world.inFlight() + " calls still in flight, "
                    + ledger.unsettledCount() + " unsettled ledger entries after the run");
        }
        return PolicyRun.of(name, ledger, plans);
    }

    /** The table: target-only first, then one row per spec, all relative to target-only and to fix-2 (when present). */
    public List<SweepRow> table(List<PolicySpec> specs) {
        return table(specs, run -> { });
    }

    /**
     * The table, telling {@code afterEachRun} about every finished run (the target-only baseline first),
     * e.g. for a progress bar or for figures the rows do not keep.
     */
    public List<SweepRow> table(List<PolicySpec> specs, Consumer<PolicyRun> afterEachRun) {
        PolicyRun baseline = targetOnly();
        afterEachRun.accept(baseline);
        List<PolicyRun> runs = new ArrayList<>();
        for (PolicySpec spec : specs) {
            PolicyRun run = run(spec);
            afterEachRun.accept(run);
            if (!run.plans().stream().map(PlanResult::steps).toList()
                    .equals(baseline.plans().stream().map(PlanResult::steps).toList()) && run.lossless()) {
                throw new IllegalStateException(spec.name() + " committed a plan different from the target-only plan");
            }
            runs.add(run);
        }
        PolicyRun fix2 = runs.stream().filter(r -> r.policy().equals("fix-2")).findFirst().orElse(null);
        List<SweepRow> rows = new ArrayList<>();
        rows.add(SweepRow.of(baseline, baseline, fix2));
        for (PolicyRun run : runs) {
            rows.add(SweepRow.of(run, baseline, fix2));
        }
        return rows;
    }
}
