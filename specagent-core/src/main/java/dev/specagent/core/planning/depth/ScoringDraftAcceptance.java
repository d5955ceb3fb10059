package dev.specagent.core.planning.depth;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Drives the scheduler with one draft-acceptance source and writes, for every verified draft, its outcome
 * and the score of each of the log's sources (the driver among them or not) into a {@link DraftScoreLog},
 * scored before any of them learns the draft's episode. Every source learns every episode.
 */
final class ScoringDraftAcceptance implements DraftAcceptance {

    private final DraftAcceptance driver;
    private final List<DraftAcceptance> scored;
    private final DraftScoreLog log;

    /** {@code scored} holds one source per classifier of {@code log}, in its order; it may contain {@code driver}. */
    ScoringDraftAcceptance(DraftAcceptance driver, List<DraftAcceptance> scored, DraftScoreLog log) {
        if (scored.size() != log.classifiers().size()) {
            throw new IllegalArgumentException("need one scored source per classifier of the log");
        }
        this.driver = driver;
        this.scored = List.copyOf(scored);
        this.log = log;
    }

    @Override
    public OptionalDouble acceptance(DepthQuery start, List<String> drafts, int index) {
        return driver.acceptance(start, drafts, index);
    }

    @Override
    public void learn(EpisodeRecord episode) {
        int labelled = Math.min(episode.verified(), episode.drafts().size());
        if (episode.depth() > 0 && labelled > 0) {
            DepthQuery start = episode.startQuery();
            for (int i = 1; i <= labelled; i++) {
                double[] scores = new double[scored.size()];
                for (int c = 0; c < scores.length; c++) {
                    scores[c] = scored.get(c).acceptance(start, episode.drafts(), i).orElse(Double.NaN);
                }
                log.add(new DraftScoreLog.Entry(episode.task().id(), episode.start().size() + i - 1,
                        episode.drafts().get(i - 1), i <= episode.accepted(), scores));
            }
        }
        driver.learn(episode);
        for (DraftAcceptance s : scored) {
            if (s != driver) {
                s.learn(episode);
            }
        }
    }

    @Override
    public void close() {
        driver.close();
        for (DraftAcceptance s : scored) {
            if (s != driver) {
                s.close();
            }
        }
    }
}
