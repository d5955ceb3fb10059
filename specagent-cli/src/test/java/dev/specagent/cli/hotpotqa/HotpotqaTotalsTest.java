package dev.specagent.cli.hotpotqa;

import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.runner.RunResult;
import dev.specagent.envs.hotpotqa.EpisodeResult;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.score.AnswerScore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The totals line of {@code hotpotqa} over no sequential time says {@code n/a saved}, as its report and {@code --json}
 * ({@code saved_pct} null) do; it used to print {@code 0.0% saved}, a measurement nobody made.
 */
class HotpotqaTotalsTest {

    @Test
    void noSequentialTimeIsNoSavedPercentage() {
        HotpotqaTotals none = new HotpotqaTotals(1, 1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(none.time()).isEqualTo("0.00 s vs sequential 0.00 s (n/a saved)");
        assertThat(none.toJson().get("saved_pct").isNull()).isTrue();
        HotpotqaTotals some = new HotpotqaTotals(1, 1, 1, 3, 4, 25, 0, 0, 0);
        assertThat(some.time()).isEqualTo("3.00 s vs sequential 4.00 s (25.0% saved)");
        assertThat(some.toJson().get("saved_pct").asDouble()).isEqualTo(25.0);
        assertThat(some.toJson().has("time")).as("a method, not a field").isFalse();
    }

    private static EpisodeResult answered(boolean exact, double f1, double seq, double spec, long hits, double cost,
                                          double unnecessary) {
        RunFigures f = new RunFigures(seq, spec, 0, 0, 3, hits, 5, 100, 10, cost, cost, unnecessary, 3, 1, 1, 2, 1, 2);
        return new EpisodeResult(new HotpotQuestion("q", "?", "a"), "a", new AnswerScore(exact, f1),
                new RunResult<>("algorithm1", List.of(), null, List.of(), f));
    }

    /** Means of the scores, sums of the times, hits and costs, and the time saved of the sums (not a mean of ratios). */
    @Test
    void theTotalsAreMeansOfTheScoresAndSumsOfTheFigures() {
        HotpotqaTotals t = HotpotqaTotals.of(List.of(answered(true, 1.0, 6, 3, 2, 0.25, 0.125),
                answered(false, 0.5, 2, 2, 1, 0.5, 0.0625)));
        assertThat(t).isEqualTo(new HotpotqaTotals(2, 0.5, 0.75, 5, 8, 37.5, 3, 0.75, 0.1875));
        assertThat(HotpotqaTotals.of(List.of(answered(true, 1.0, 1, 1, 0, 0, 0))).exactMatch()).isEqualTo(1.0);
        assertThat(t.toJson().toString()).isEqualTo("{\"questions\":2,\"exact_match\":0.5,\"f1\":0.75,"
                + "\"speculative_seconds\":5.0,\"sequential_seconds\":8.0,\"saved_pct\":37.5,\"hits\":3,"
                + "\"cost_usd\":0.75,\"speculation_cost_usd\":0.1875}");
    }

    /** No question answered (a run stopped before its first answer): zeros, and no saved percentage. */
    @Test
    void noAnsweredQuestionIsAllZeros() {
        HotpotqaTotals t = HotpotqaTotals.of(List.of());
        assertThat(t).isEqualTo(new HotpotqaTotals(0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(t.toJson().get("saved_pct").isNull()).isTrue();
    }
}
