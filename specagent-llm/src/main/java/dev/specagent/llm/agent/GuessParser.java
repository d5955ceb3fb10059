package dev.specagent.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.call.CanonicalJson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a speculator model's answer in the strict shape
 * {@code {"guesses": [{"value": <any JSON>, "confidence": <number in [0, 1]>}, ...]}}, best first; the bare array of
 * guesses, {@code [{"value": ..., "confidence": ...}, ...]}, is read as that array. What models put around the JSON
 * even when told not to is set aside ({@link AnswerText}): a leading {@code <think>…</think>} block, a Markdown code
 * fence (also on one line), a sentence of prose before or after it, a trailing comma. Anything else that deviates (not JSON, a second
 * value, a bracket in the prose around the value, no {@code guesses} array, an item without {@code value} or
 * with a confidence outside [0, 1]) makes the whole answer malformed, reported as a problem instead
 * of guesses (a number beyond the range of a double, such as {@code 1e999}, is infinity, as Python's json reads it,
 * and compares so with the actor's values). Repeated values are merged (highest confidence kept, at the place of the
 * first); the guesses are then ordered by confidence, highest first (equal confidences in the answer's order), and
 * the first {@code k} returned: a model that lists its best guess last still has it used. Never throws.
 */
public final class GuessParser {

    /** The guesses, or the reason there are none. */
    public record Result(List<Guess> guesses, Optional<String> problem) {
        static Result malformed(String why) {
            return new Result(List.of(), Optional.of(why));
        }
    }

    private GuessParser() {
    }

    /** The first {@code k} guesses of {@code answer} (null counts as empty), or the reason it is malformed. */
    public static Result parse(String answer, int k) {
        String text = AnswerText.json(answer);
        JsonNode root;
        try {
            root = AnswerText.jsonValue(answer);
        } catch (IllegalArgumentException e) {
            return Result.malformed("the answer is not JSON: " + abbreviate(text));
        }
        JsonNode guesses = root.isArray() ? root : root.get("guesses");
        if (guesses == null || !guesses.isArray()) {
            return Result.malformed("the answer has no \"guesses\" array: " + abbreviate(text));
        }
        Map<String, Guess> merged = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode item : guesses) {
            String where = "guesses[" + i++ + "]";
            if (!item.isObject() || !item.has("value")) {
                return Result.malformed(where + " has no \"value\"");
            }
            JsonNode confidence = item.get("confidence");
            if (confidence == null || !confidence.isNumber() || !(confidence.asDouble() >= 0 && confidence.asDouble() <= 1)) {
                return Result.malformed(where + ".confidence must be a number in [0, 1]: " + confidence);
            }
            Guess guess;
            String key;
            try {
                guess = new Guess(item.get("value"), confidence.asDouble());
                key = CanonicalJson.toCanonicalString(guess.value());
            } catch (RuntimeException e) {
                return Result.malformed(where + ".value cannot be compared with the actor's values (" + e.getMessage()
                        + "): " + abbreviate(item.get("value").toString()));
            }
            merged.merge(key, guess, (a, b) -> a.confidence() >= b.confidence() ? a : b);
        }
        List<Guess> out = new ArrayList<>(merged.values());
        out.sort(Comparator.comparingDouble(Guess::confidence).reversed()); // stable: ties keep the answer's order
        return new Result(List.copyOf(out.subList(0, Math.min(Math.max(k, 0), out.size()))), Optional.empty());
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "…";
    }
}
