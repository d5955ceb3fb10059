package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.predictor.TargetPolicyModel;

import java.util.List;

/**
 * The deployable estimates of the probability that the target accepts a draft, for
 * {@link ScheduledGateDepth} and for measuring them ({@link DraftScoreLog}). Each learns online, only from
 * what the planner observed, and scores a draft with a model built before the draft's episode was learned.
 */
public enum DraftClassifier {

    /** Online logistic regression on draft outcomes, state and draft text ({@link DraftAcceptanceModel}). */
    ACCEPTANCE("acceptance"),
    /** The target's policy learned from every committed step: P(target's next step = draft) ({@link TargetPolicyModel}). */
    TARGET_POLICY("target-policy"),
    /** The two stacked by online logistic regression on draft outcomes ({@link StackedDraftAcceptance}). */
    STACKED("stacked");

    private final String label;

    DraftClassifier(String label) {
        this.label = label;
    }

    /** A short name for tables, e.g. {@code target-policy}. */
    public String label() {
        return label;
    }

    /** The {@link #label()}, also its name on the command line. */
    @Override
    public String toString() {
        return label;
    }

    DraftAcceptance create(PredictorSettings settings, Clock clock) {
        return switch (this) {
            case ACCEPTANCE -> DraftAcceptanceModel.create(settings, clock);
            case TARGET_POLICY -> new TargetPolicyAcceptance(TargetPolicyModel.withDefaults(settings.seed()));
            case STACKED -> new StackedDraftAcceptance(List.of(
                    new TargetPolicyAcceptance(TargetPolicyModel.withDefaults(settings.seed())),
                    DraftAcceptanceModel.create(settings, clock)), 0.01);
        };
    }
}
