package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.Clock;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A policy of ours that schedules each verification instead of choosing a depth: the depth is only a
 * cap ({@code maxDepth}); past each draft a(i) the approximation keeps drafting ahead (cheap) and the
 * target's step on top of a(i) starts only when the chance that its prefix is right is high enough.
 * That chance is the product, over the drafts the target has not verified yet, of each draft's learned
 * acceptance probability ({@link DraftAcceptanceModel}: state and the draft's own text; or another
 * {@link DraftClassifier}, e.g. the learned target policy), so it rises as
 * verifications come in: a doubtful draft's successor is verified as soon as the doubtful draft is
 * accepted (the drafts after it already exist, so their verifications can start at once), and a rejected
 * doubtful draft costs no target call. With p that chance:
 * <ul>
 *   <li>p ≥ {@code verifyGate}: draft ahead and verify now ({@link Speculation#SPECULATE});</li>
 *   <li>{@code lateGate} ≤ p &lt; {@code verifyGate}: draft ahead, verify one draft later (when the next
 *       draft arrives): a miss is then cancelled earlier in its run, which costs less;</li>
 *   <li>{@code draftGate} ≤ p &lt; {@code lateGate}: draft ahead, hold the verification ({@link Speculation#DRAFT_AHEAD});</li>
 *   <li>p &lt; {@code draftGate}: hold both until more drafts are verified ({@link Speculation#HOLD}).</li>
 * </ul>
 * Cold start (no model yet): speculate past the first {@code offset} drafts, so that {@code 1 + offset} drafts
 * are out and each is verified (as a depth-{@code (1 + offset)} episode), then hold.
 * Deployable: it uses only the state, the drafts and the verifications so far.
 *
 * <p>{@link #yardstick} builds the same scheduler on a probability the world knows instead of the learned
 * one ({@link DraftProbability}, e.g. {@link HindsightDraftProbabilities}): not deployable, it measures
 * how far the scheduling rule itself can go with better information. Its verify gate may be 1 (hold every
 * prefix that is not certainly right). Two shapes can be layered on either form: {@link #window} (hold any
 * verification on more than a given number of unverified drafts) and {@link #episodic} (a depth rule:
 * stop the episode instead of holding).
 *
 * <p>Sharing: one policy may serve several planners that plan one at a time on the clock it was created on (they
 * pool what they teach it; each episode is learned from its own {@link EpisodeRecord}), not planners planning at the
 * same time: some of its acceptance sources (the stacked combination, the learned target policy, the score log)
 * update their state without locks. Planners planning at once on different threads need a policy each.
 */
public final class ScheduledGateDepth implements DepthPolicy, AutoCloseable {

    private final String name;
    private final double verifyGate;
    private final double draftGate;
    private final double lateGate;
    private final int maxDepth;
    private final int coldDrafts;
    private final DraftAcceptance model;
    private final int window;
    private final boolean episodic;

    private ScheduledGateDepth(String name, double verifyGate, double lateGate, double draftGate, int maxDepth,
                               int coldDrafts, DraftAcceptance model) {
        this(name, verifyGate, lateGate, draftGate, maxDepth, coldDrafts, model, maxDepth, false);
    }

    private ScheduledGateDepth(String name, double verifyGate, double lateGate, double draftGate, int maxDepth,
                               int coldDrafts, DraftAcceptance model, int window, boolean episodic) {
        this.name = name;
        this.verifyGate = verifyGate;
        this.lateGate = lateGate;
        this.draftGate = draftGate;
        this.maxDepth = maxDepth;
        this.coldDrafts = coldDrafts;
        this.model = model;
        this.window = window;
        this.episodic = episodic;
    }

    /**
     * The policy with thresholds {@code 0 < draftGate <= verifyGate < 1} and depth cap {@code maxDepth >= 2},
     * without late verifications.
     */
    public static ScheduledGateDepth create(String name, double verifyGate, double draftGate, int maxDepth,
                                            PredictorSettings settings, Clock clock) {
        return create(name, verifyGate, verifyGate, draftGate, maxDepth, settings, clock);
    }

    /**
     * The policy with thresholds {@code 0 < draftGate <= lateGate <= verifyGate < 1} and depth cap
     * {@code maxDepth >= 2}: a verification whose prefix is right with a chance in [lateGate, verifyGate)
     * starts one draft late (when the next draft arrives), so a miss is cancelled earlier in its run.
     */
    public static ScheduledGateDepth create(String name, double verifyGate, double lateGate, double draftGate,
                                            int maxDepth, PredictorSettings settings, Clock clock) {
        return create(name, verifyGate, lateGate, draftGate, maxDepth, settings, clock, DraftClassifier.ACCEPTANCE);
    }

    /**
     * The policy as {@link #create(String, double, double, double, int, PredictorSettings, Clock)} with each
     * draft's acceptance probability from {@code classifier} (e.g. the learned target policy,
     * {@link DraftClassifier#TARGET_POLICY}, or it stacked with the acceptance model); still deployable.
     */
    public static ScheduledGateDepth create(String name, double verifyGate, double lateGate, double draftGate,
                                            int maxDepth, PredictorSettings settings, Clock clock,
                                            DraftClassifier classifier) {
        checkGates(draftGate, lateGate, verifyGate, maxDepth, false);
        return new ScheduledGateDepth(name, verifyGate, lateGate, draftGate, maxDepth,
                1 + Math.max(0, settings.offset()), classifier.create(settings, clock));
    }

    /**
     * The policy driven by {@code driver} that also writes every verified draft, with the out-of-sample score
     * of each classifier of {@code log} (each a separate model learning the same episodes; the driver's own
     * model where it is one of them), into {@code log}: measures classifiers on identical labels.
     */
    public static ScheduledGateDepth measured(String name, double verifyGate, double draftGate, int maxDepth,
                                              PredictorSettings settings, Clock clock, DraftClassifier driver,
                                              DraftScoreLog log) {
        checkGates(draftGate, draftGate, verifyGate, maxDepth, false);
        DraftAcceptance driving = driver.create(settings, clock);
        List<DraftAcceptance> scored = log.classifiers().stream()
                .map(c -> c == driver ? driving : c.create(settings, clock)).toList();
        return new ScheduledGateDepth(name, verifyGate, verifyGate, draftGate, maxDepth,
                1 + Math.max(0, settings.offset()), new ScoringDraftAcceptance(driving, scored, log));
    }

    /**
     * A yardstick, not deployable: the same scheduler with each draft's acceptance probability read from
     * {@code probability} (something only the world knows) instead of learned; thresholds
     * {@code 0 < draftGate <= lateGate <= verifyGate <= 1}, depth cap {@code maxDepth >= 2}.
     */
    public static ScheduledGateDepth yardstick(String name, double verifyGate, double lateGate, double draftGate,
                                               int maxDepth, DraftProbability probability) {
        checkGates(draftGate, lateGate, verifyGate, maxDepth, true);
        return new ScheduledGateDepth(name, verifyGate, lateGate, draftGate, maxDepth, 0,
                new KnownDraftAcceptance(probability));
    }

    /**
     * The same policy, renamed, that also holds (as if below the verify gate) every verification whose
     * prefix holds more than {@code window} unverified drafts, however likely it is right: a verification
     * far ahead of the last verified step rarely shortens the plan (its step cannot be committed before
     * the steps under it). Shares this policy's model: use only the returned policy.
     */
    public ScheduledGateDepth window(String newName, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("need window >= 1, got " + window);
        }
        return new ScheduledGateDepth(newName, verifyGate, lateGate, draftGate, maxDepth, coldDrafts, model, window,
                episodic);
    }

    /**
     * The same policy, renamed, in episode form: the chance is taken over all of the episode's drafts,
     * verified or not (the chance, at the episode's start, that they are all right), and below the verify
     * gate the episode stops there ({@link Speculation#STOP}) instead of holding; the late and draft gates
     * are not used. With a probability that does not depend on the draft this is a depth rule, k = 1 +
     * max{m : p^m >= v} (with the task's rate: {@link RateOracleDepth}); a {@link #window} then caps the
     * drafts speculated past. Shares this policy's model: use only the returned policy.
     */
    public ScheduledGateDepth episodic(String newName) {
        return new ScheduledGateDepth(newName, verifyGate, lateGate, draftGate, maxDepth, coldDrafts, model, window,
                true);
    }

    private static void checkGates(double draftGate, double lateGate, double verifyGate, int maxDepth,
                                   boolean verifyGateMayBeOne) {
        boolean top = verifyGateMayBeOne ? verifyGate <= 1 : verifyGate < 1;
        if (!(draftGate > 0 && draftGate <= lateGate && lateGate <= verifyGate && top) || maxDepth < 2) {
            throw new IllegalArgumentException("need 0 < draftGate <= lateGate <= verifyGate "
                    + (verifyGateMayBeOne ? "<=" : "<") + " 1 and maxDepth >= 2, got "
                    + draftGate + ", " + lateGate + ", " + verifyGate + ", " + maxDepth);
        }
    }

    @Override
    public int depth(DepthQuery query) {
        return maxDepth;
    }

    @Override
    public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified) {
        return afterDraft(start, drafts, verified, 0);
    }

    @Override
    public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified, int ahead) {
        int i = drafts.size();
        double prefixRight = 1;
        for (int j = episodic ? 1 : verified + 1; j <= i; j++) {
            OptionalDouble p = model.acceptance(start, drafts, j);
            if (p.isEmpty()) {
                return i < coldDrafts ? Speculation.SPECULATE : episodic ? Speculation.STOP : Speculation.HOLD;
            }
            prefixRight *= p.getAsDouble();
        }
        if (episodic) {
            return prefixRight >= verifyGate && i <= window ? Speculation.SPECULATE : Speculation.STOP;
        }
        boolean inWindow = i - verified <= window;
        if (inWindow && (prefixRight >= verifyGate || (ahead >= 1 && prefixRight >= lateGate))) {
            return Speculation.SPECULATE;
        }
        return prefixRight >= draftGate ? Speculation.DRAFT_AHEAD : Speculation.HOLD;
    }

    @Override
    public void episodeFinished(EpisodeRecord episode) {
        model.learn(episode);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        model.close();
    }
}
