package dev.specagent.envs.hotpotqa.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;
import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The replay of the recorded HotpotQA runs of the Speculative Actions paper: per configuration, the
 * match rates recomputed from the recorded actions next to the recorded {@code metrics.json}, the
 * folders that lack one, and what the records cannot support.
 *
 * @param runs           the directory replayed
 * @param configurations one replay per configuration, in folder order
 */
public record HotpotReplay(Path runs, List<ConfigurationReplay> configurations) {

    /** What the records cannot support, stated in every report. */
    public static final List<String> LIMITS = List.of(
            "The actor LLM's latency was not recorded (time_taken holds only the observation's latency), so no "
                    + "end-to-end time or time saved is claimed from these records.",
            "In the reference the simulated search ran after the real one on the same environment and replaced "
                    + "its page, so every real Lookup after a Search read the speculator's guessed page: the "
                    + "recorded Lookup observations (and the actions that followed them) are not Wikipedia's; the simulated "
                    + "step also re-ran each real Lookup on that environment, advancing its cursor a second time.",
            "Match rates count strict matches (same type and argument, ignoring case) of the drafted next "
                    + "action(s) with the real one; the first step of each question is not counted.");

    public HotpotReplay {
        configurations = List.copyOf(configurations);
    }

    /** Reads and replays every recorded question under {@code runs}, without gold answers. */
    public static HotpotReplay of(Path runs) {
        return of(runs, List.of());
    }

    /**
     * Reads and replays every recorded question under {@code runs}; the recorded answers are scored
     * against the gold answers of {@code dataset}, matched by question text.
     */
    public static HotpotReplay of(Path runs, List<HotpotQuestion> dataset) {
        Map<String, String> goldByQuestion = new HashMap<>();
        for (HotpotQuestion q : dataset) {
            goldByQuestion.putIfAbsent(q.question().strip(), q.answer());
        }
        Function<String, Optional<String>> gold = text -> Optional.ofNullable(goldByQuestion.get(text.strip()));
        Map<String, List<RecordedRun>> byConfiguration = new LinkedHashMap<>();
        for (RecordedRun run : RecordedRunReader.readAll(runs)) {
            byConfiguration.computeIfAbsent(run.configuration(), c -> new ArrayList<>()).add(run);
        }
        List<ConfigurationReplay> out = new ArrayList<>();
        byConfiguration.forEach((configuration, list) -> {
            RecordedRun first = list.getFirst();
            out.add(new ConfigurationReplay(configuration, first.actorModel(), first.topK(), first.speculatorModel(),
                    list.stream().map(q -> QuestionReplay.of(q, gold)).toList()));
        });
        return new HotpotReplay(runs, out);
    }

    /** Questions replayed. */
    public long questions() {
        return configurations.stream().mapToLong(c -> c.questions().size()).sum();
    }

    /** Questions with a {@code metrics.json}. */
    public long withMetrics() {
        return configurations.stream().mapToLong(c -> c.withMetrics().size()).sum();
    }

    /** Questions whose {@code metrics.json} we reproduced exactly. */
    public long reproduced() {
        return configurations.stream().mapToLong(c -> c.reproduced().size()).sum();
    }

    /**
     * The report as one JSON object (what {@code replay hotpotqa --json} prints): every field name is snake_case, the
     * rates keyed by action type in lower case ({@code general}, {@code search}, {@code lookup}, {@code finish}).
     */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("runs", runs.toString());
        root.put("questions", questions());
        root.put("questions_with_metrics", withMetrics());
        root.put("questions_reproduced", reproduced());
        ArrayNode configs = root.putArray("configurations");
        for (ConfigurationReplay c : configurations) {
            ObjectNode o = configs.addObject();
            o.put("configuration", c.configuration());
            o.put("actor", c.actor());
            o.put("top_k", c.topK());
            o.put("speculator", c.speculator());
            o.put("questions", c.questions().size());
            o.put("with_metrics", c.withMetrics().size());
            o.put("reproduced", c.reproduced().size());
            ArrayNode notReproduced = o.putArray("not_reproduced");
            c.notReproduced().forEach(q -> notReproduced.add(q.index()));
            ArrayNode missing = o.putArray("missing_metrics");
            for (QuestionReplay q : c.missingMetrics()) {
                ObjectNode m = missing.addObject();
                m.put("question", q.index());
                m.put("reason", q.hasTrajectories()
                        ? "no metrics.json (normalobs.json and simobs.json present: rates recomputed, nothing to compare)"
                        : "no metrics.json, normalobs.json or simobs.json (only log.txt)");
            }
            ObjectNode rates = o.putObject("rates");
            for (String type : ConfigurationReplay.TYPES) {
                ObjectNode t = rates.putObject(type.toLowerCase(Locale.ROOT));
                put(t, "recorded_average", c.recordedAverage(type));
                put(t, "reproduced_average", c.reproducedAverage(type));
                put(t, "pooled", c.pooledRate(type));
                t.put("matched_steps", c.pooledMatched(type));
                t.put("steps", c.pooledCounted(type));
            }
            o.put("lookups_after_search", c.lookupsAfterSearch());
            o.put("lookups_verifiably_from_guessed_page", c.lookupsFromGuessedPage());
            o.put("answers_scored", c.scored().size());
            put(o, "recorded_answer_exact_match", c.exactMatch());
            put(o, "recorded_answer_f1", c.f1());
            put(o, "mean_recorded_search_seconds", c.meanSearchSeconds());
            put(o, "mean_recorded_guess_seconds", c.meanGuessSeconds());
            put(o, "mean_guess_observation_f1", c.meanGuessF1());
        }
        ArrayNode limits = root.putArray("cannot_support");
        LIMITS.forEach(limits::add);
        return root;
    }

    private static void put(ObjectNode o, String field, Optional<Double> v) {
        if (v.isPresent()) {
            o.put(field, v.get());
        } else {
            o.putNull(field);
        }
    }

    private static void put(ObjectNode o, String field, OptionalDouble v) {
        if (v.isPresent()) {
            o.put(field, v.getAsDouble());
        } else {
            o.putNull(field);
        }
    }
}
