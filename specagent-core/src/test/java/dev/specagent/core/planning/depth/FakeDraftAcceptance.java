package dev.specagent.core.planning.depth;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A draft-acceptance source for tests: answers {@code before} (empty: cold) for every draft until it has learned an
 * episode, {@code after} from then on, and counts what it was told.
 */
final class FakeDraftAcceptance implements DraftAcceptance {

    private final OptionalDouble before;
    private final OptionalDouble after;
    int learned;
    int closed;

    FakeDraftAcceptance(OptionalDouble before, OptionalDouble after) {
        this.before = before;
        this.after = after;
    }

    /** A source that always answers {@code p}. */
    static FakeDraftAcceptance fixed(double p) {
        return new FakeDraftAcceptance(OptionalDouble.of(p), OptionalDouble.of(p));
    }

    /** A source that stays cold. */
    static FakeDraftAcceptance cold() {
        return new FakeDraftAcceptance(OptionalDouble.empty(), OptionalDouble.empty());
    }

    @Override
    public OptionalDouble acceptance(DepthQuery start, List<String> drafts, int index) {
        return learned == 0 ? before : after;
    }

    @Override
    public void learn(EpisodeRecord episode) {
        learned++;
    }

    @Override
    public void close() {
        closed++;
    }
}
