package dev.specagent.envs.hotpotqa.replay;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The replay of one recorded configuration ({@code agent_<actor>_top<k>/trajs_<speculator>}).
 *
 * <p>Two aggregations of the match rates are given side by side. The reference's
 * ({@code Metrics.get_action_specific_avg_metric}) averages the per-question rates over the questions
 * that have a {@code metrics.json}, counting a question without a step of a type as 0 for that type;
 * it is computed both from the recorded files and from our recomputed rates, which must agree. The
 * pooled rate (matched steps over steps, over every question whose trajectories were recorded) is our
 * own, not the reference's.
 *
 * @param configuration the folder, e.g. {@code agent_gpt-4_top3/trajs_gpt-5-nano}
 * @param actor         the ReAct actor model
 * @param topK          the number of drafted actions per step
 * @param speculator    the speculator model
 * @param questions     the replayed questions
 */
public record ConfigurationReplay(String configuration, String actor, int topK, String speculator,
                                  List<QuestionReplay> questions) {

    /** The rate keys of the reference's aggregation. */
    public static final List<String> TYPES = List.of("general", "Search", "Lookup", "Finish");

    public ConfigurationReplay {
        questions = List.copyOf(questions);
    }

    /** Questions with a recorded {@code metrics.json}. */
    public List<QuestionReplay> withMetrics() {
        return questions.stream().filter(q -> q.recorded().isPresent()).toList();
    }

    /** Questions without a {@code metrics.json}. */
    public List<QuestionReplay> missingMetrics() {
        return questions.stream().filter(q -> q.recorded().isEmpty()).toList();
    }

    /** Questions with a {@code metrics.json} whose rates we reproduced exactly. */
    public List<QuestionReplay> reproduced() {
        return questions.stream().filter(QuestionReplay::reproduced).toList();
    }

    /** Questions with a {@code metrics.json} whose rates we did not reproduce. */
    public List<QuestionReplay> notReproduced() {
        return withMetrics().stream().filter(q -> !q.reproduced()).toList();
    }

    /** The reference's average of the recorded {@code metrics.json} files, per type; empty without any. */
    public Optional<Double> recordedAverage(String type) {
        return average(withMetrics(), q -> q.recorded().get().getOrDefault(type, 0.0));
    }

    /**
     * The reference's average of our recomputed rates over the same questions, per type, as far as they have
     * trajectories to recompute from (one with a {@code metrics.json} and none is left out here and listed by
     * {@link #notReproduced()}).
     */
    public Optional<Double> reproducedAverage(String type) {
        List<QuestionReplay> qs = withMetrics().stream().filter(q -> q.matches().isPresent()).toList();
        return average(qs, q -> q.matches().get().rates().getOrDefault(type, 0.0));
    }

    /** Matched steps over steps of {@code type}, over every question with trajectories; empty without steps. */
    public Optional<Double> pooledRate(String type) {
        long m = pooledMatched(type);
        long c = pooledCounted(type);
        return c == 0 ? Optional.empty() : Optional.of((double) m / c);
    }

    /** Matched steps of {@code type} over every question with trajectories. */
    public long pooledMatched(String type) {
        return sum(q -> q.matches().map(s -> s.matched().getOrDefault(type, 0)).orElse(0));
    }

    /** Steps of {@code type} counted over every question with trajectories. */
    public long pooledCounted(String type) {
        return sum(q -> q.matches().map(s -> s.counted().getOrDefault(type, 0)).orElse(0));
    }

    /** Real lookups that came after a search (all read the speculator's page in the reference). */
    public long lookupsAfterSearch() {
        return sum(QuestionReplay::lookupsAfterSearch);
    }

    /** Of those, the lookups whose result is verifiably a sentence of a recorded guessed page. */
    public long lookupsFromGuessedPage() {
        return sum(QuestionReplay::lookupsFromGuessedPage);
    }

    /** Questions whose recorded answer could be scored (found in the dataset). */
    public List<QuestionReplay> scored() {
        return questions.stream().filter(q -> q.score().isPresent()).toList();
    }

    /** Mean exact match of the recorded answers over the scored questions. */
    public Optional<Double> exactMatch() {
        return average(scored(), q -> q.score().get().exactMatch() ? 1.0 : 0.0);
    }

    /** Mean F1 of the recorded answers over the scored questions. */
    public Optional<Double> f1() {
        return average(scored(), q -> q.score().get().f1());
    }

    /** Mean recorded Wikipedia latency of the real searches, in seconds. */
    public OptionalDouble meanSearchSeconds() {
        return questions.stream().flatMap(q -> q.searchSeconds().stream()).mapToDouble(Double::doubleValue).average();
    }

    /** Mean token F1 of the recorded guessed observations against the real ones (searches that found a page). */
    public OptionalDouble meanGuessF1() {
        return questions.stream().flatMap(q -> q.guessF1().stream()).mapToDouble(Double::doubleValue).average();
    }

    /** Mean recorded latency of the guessed observations of those searches, in seconds. */
    public OptionalDouble meanGuessSeconds() {
        return questions.stream().flatMap(q -> q.guessSeconds().stream()).mapToDouble(Double::doubleValue).average();
    }

    private long sum(Function<QuestionReplay, Integer> f) {
        return questions.stream().mapToLong(q -> f.apply(q)).sum();
    }

    private static Optional<Double> average(List<QuestionReplay> qs, Function<QuestionReplay, Double> f) {
        if (qs.isEmpty()) {
            return Optional.empty();
        }
        double total = 0;
        for (QuestionReplay q : qs) {
            total += f.apply(q);
        }
        return Optional.of(total / qs.size());
    }
}
