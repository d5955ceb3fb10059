package dev.specagent.examples;

import dev.specagent.core.clock.RealClock;
import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.SpeculativePlanner;
import dev.specagent.core.planning.StepAgent;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.FixedDepth;

import java.util.Locale;
import java.util.Map;

/**
 * Dynamic Speculative Planning on your own agents, in plain Java. A slow target agent (a blocking method
 * that takes 300 ms a step) plans a task step by step; a fast approximation agent (30 ms a step) drafts
 * the steps from habit and is wrong once. The task is planned target-only, then speculatively with a
 * fixed depth of 3: the approximation drafts three steps ahead while the target checks every draft at
 * once, and the first wrong draft is replaced by the target's step. The committed plan is the target's
 * own. Real clock, real virtual threads. Run it with {@code scripts/example.sh PlanningQuickStart}.
 */
public final class PlanningQuickStart {

    static final PlanningTask TASK = new PlanningTask("photo", "Given a noisy photo, describe it in French.");

    /** The target's next step after each step (the truth), and the approximation's habits: wrong after the caption. */
    static final Map<String, String> TARGET_NEXT = Map.of("", "Image Denoising", "Image Denoising",
            "Image Captioning", "Image Captioning", "Translation", "Translation", PlanSteps.TERMINATE);
    static final Map<String, String> HABIT_NEXT = Map.of("", "Image Denoising", "Image Denoising",
            "Image Captioning", "Image Captioning", "Text Summarization", "Text Summarization", "Translation",
            "Translation", PlanSteps.TERMINATE);

    /** The slow, authoritative agent: the next step after the last one of the prefix. */
    static final StepAgent TARGET = StepAgent.blocking((task, prefix) -> {
        Thread.sleep(300);
        return TARGET_NEXT.get(prefix.isEmpty() ? "" : prefix.getLast());
    });

    /** The fast agent that drafts ahead. */
    static final StepAgent APPROXIMATION = StepAgent.blocking((task, prefix) -> {
        Thread.sleep(30);
        return HABIT_NEXT.getOrDefault(prefix.isEmpty() ? "" : prefix.getLast(), PlanSteps.TERMINATE);
    });

    /** Plans {@link #TASK} under {@code depth} on {@code clock}, writing every call to {@code ledger}. */
    static PlanResult plan(DepthPolicy depth, RealClock clock, Ledger ledger) {
        return SpeculativePlanner.builder().approximation(APPROXIMATION).target(TARGET).policy(depth)
                .clock(clock).ledger(ledger).build().plan(TASK);
    }

    public static void main(String[] args) {
        try (RealClock clock = new RealClock()) {
            Ledger targetOnlyLedger = new Ledger();
            Ledger speculativeLedger = new Ledger();
            PlanResult targetOnly = plan(FixedDepth.targetOnly(), clock, targetOnlyLedger);
            PlanResult speculative = plan(new FixedDepth(3), clock, speculativeLedger);
            RunFigures seq = RunFigures.of(targetOnlyLedger.entries());
            RunFigures spec = RunFigures.of(speculativeLedger.entries());
            System.out.println("plan: " + String.join(" -> ", speculative.steps()));
            System.out.printf(Locale.ROOT, "target-only %.2f s, speculative %.2f s: %.0f%% of the time saved%n",
                    seq.wallSeconds(), spec.wallSeconds(), 100 * (1 - spec.wallSeconds() / seq.wallSeconds()));
            System.out.println("drafts accepted: " + speculative.episodes().stream().mapToInt(EpisodeRecord::accepted).sum()
                    + " of " + speculative.steps().size() + " steps; target checks overlapped: "
                    + CommittedCalls.overlap(speculativeLedger.entries()));
            System.out.println("same plan as the target alone: " + speculative.steps().equals(targetOnly.steps()));
        }
    }

    private PlanningQuickStart() {
    }
}
