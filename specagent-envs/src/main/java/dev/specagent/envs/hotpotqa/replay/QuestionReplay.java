package dev.specagent.envs.hotpotqa.replay;

import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedTrajectory;
import dev.specagent.envs.hotpotqa.score.AnswerScore;
import dev.specagent.envs.hotpotqa.tools.ReactAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The replay of one recorded question: its match rates recomputed from the recorded actions, the
 * recorded {@code metrics.json} to compare with, and what the records say about the reference's
 * defects and timing.
 *
 * @param index                   the question index (the folder name)
 * @param hasTrajectories         whether {@code normalobs.json} and {@code simobs.json} were recorded
 * @param matches                 the recomputed matches, when the trajectories were recorded
 * @param recorded                the recorded {@code metrics.json}, when present
 * @param lookupsAfterSearch      real lookups made after a search: in the reference the simulated
 *                                search had replaced the page, so all of them read a guessed page
 * @param lookupsFromGuessedPage  those whose result text is verifiably in the recorded guessed page
 * @param searchSeconds           recorded Wikipedia latencies of the real searches
 * @param guessSeconds            recorded latencies of the guessed observations of those searches
 * @param guessF1                 per real search with a non-empty recorded observation, the token F1
 *                                (HotpotQA normalisation) of the recorded guessed observation against it
 * @param answer                  the recorded final answer ({@code Finish[…]} of the real run), if any
 * @param score                   that answer's EM and F1 against the dataset's gold answer, when the
 *                                question was found in the dataset (an unanswered question scores 0)
 */
public record QuestionReplay(String index, boolean hasTrajectories, Optional<StepMatches> matches,
                             Optional<Map<String, Double>> recorded, int lookupsAfterSearch,
                             int lookupsFromGuessedPage, List<Double> searchSeconds, List<Double> guessSeconds,
                             List<Double> guessF1, Optional<String> answer, Optional<AnswerScore> score) {

    /** Tolerance of the comparison with the recorded rates (they are ratios of small integers). */
    public static final double TOLERANCE = 1e-9;

    /** Replays one recorded question; {@code gold} finds a question's gold answer by its text. */
    public static QuestionReplay of(RecordedRun run, Function<String, Optional<String>> gold) {
        Optional<StepMatches> matches = run.hasTrajectories()
                ? Optional.of(StepMatches.of(run.normal().get(), run.simulated().get())) : Optional.empty();
        int afterSearch = 0;
        int fromGuess = 0;
        List<Double> search = new ArrayList<>();
        List<Double> guess = new ArrayList<>();
        List<Double> guessF1 = new ArrayList<>();
        if (run.hasTrajectories()) {
            RecordedTrajectory normal = run.normal().get();
            RecordedTrajectory sim = run.simulated().get();
            boolean searched = false;
            for (int i = 0; i < normal.steps(); i++) {
                Optional<ReactAction> a = ReactAction.parse(normal.firstAction(i));
                if (a.isEmpty()) {
                    continue;
                }
                if (a.get().type() == ReactAction.Type.SEARCH) {
                    searched = true;
                    if (i < normal.seconds().size()) {
                        search.add(normal.seconds().get(i));
                    }
                    if (i < sim.seconds().size()) {
                        guess.add(sim.seconds().get(i));
                    }
                    String real = i < normal.observations().size() ? normal.observations().get(i) : "";
                    if (!real.isBlank() && !real.startsWith("Could not find") && i < sim.observations().size()) {
                        guessF1.add(AnswerScore.of(sim.observations().get(i), real).f1());
                    }
                } else if (a.get().type() == ReactAction.Type.LOOKUP && searched) {
                    afterSearch++;
                    List<String> earlierGuesses = sim.observations().subList(0, Math.min(i, sim.observations().size()));
                    if (fromGuessedPage(normal.observations().get(i), earlierGuesses)) {
                        fromGuess++;
                    }
                }
            }
        }
        Optional<String> answer = run.normal().flatMap(QuestionReplay::finalAnswer);
        Optional<AnswerScore> score = run.hasTrajectories()
                ? gold.apply(run.question()).map(g -> AnswerScore.of(answer.orElse(null), g)) : Optional.empty();
        return new QuestionReplay(run.questionIndex(), run.hasTrajectories(), matches, run.metrics(), afterSearch,
                fromGuess, search, guess, guessF1, answer, score);
    }

    /** The argument of the real run's {@code Finish}, if it finished. */
    private static Optional<String> finalAnswer(RecordedTrajectory normal) {
        for (int i = normal.steps() - 1; i >= 0; i--) {
            Optional<ReactAction> a = ReactAction.parse(normal.firstAction(i));
            if (a.isPresent() && a.get().type() == ReactAction.Type.FINISH) {
                return Optional.of(a.get().argument());
            }
        }
        return Optional.empty();
    }

    /** Whether the looked-up sentence appears in a guessed page shown earlier (so it came from the guess). */
    private static boolean fromGuessedPage(String lookupObservation, List<String> guessedPages) {
        int at = lookupObservation.indexOf(") ");
        if (!lookupObservation.startsWith("(Result") || at < 0) {
            return false;
        }
        String sentence = lookupObservation.substring(at + 2).strip();
        String probe = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
        if (probe.length() < 12) {
            return false;
        }
        return guessedPages.stream().anyMatch(p -> p.contains(probe));
    }

    /** Whether the recomputed rates equal the recorded ones (false when either is missing). */
    public boolean reproduced() {
        if (matches.isEmpty() || recorded.isEmpty()) {
            return false;
        }
        Map<String, Double> mine = matches.get().rates();
        Map<String, Double> theirs = recorded.get();
        if (!mine.keySet().equals(theirs.keySet())) {
            return false;
        }
        return mine.entrySet().stream().allMatch(e -> Math.abs(e.getValue() - theirs.get(e.getKey())) <= TOLERANCE);
    }
}
