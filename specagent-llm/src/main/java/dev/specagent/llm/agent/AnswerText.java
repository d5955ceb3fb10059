package dev.specagent.llm.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.data.JsonErrors;

/**
 * The part of a model's answer text that holds its answer, for the parsers of answers (guesses, calls, moves,
 * configurations, steps): what real models put around it is set aside when it is unambiguous, and left for the parser
 * to refuse when it is not.
 *
 * <ul>
 *   <li>{@link #withoutThinking}: the reasoning block that reasoning models (DeepSeek-R1, Qwen3, served without a
 *       reasoning parser) write before their answer, {@code <think>…</think>}, is dropped, so that a move, a number
 *       or a call the model only considered is never read as its answer;</li>
 *   <li>{@link #json}: the one JSON object or array of an answer, also in a Markdown code fence (on its own lines or
 *       on one line, {@code ```{"a":1}```}) or with a sentence of prose before or after it; {@link #jsonValue} reads
 *       it, a trailing comma in an array or object ({@code [1, 2,]}) allowed.</li>
 * </ul>
 * Pure functions of the text: an answer recorded in a trace reads the same every time.
 */
public final class AnswerText {

    private static final String[] THINK_TAGS = {"think", "thinking"};

    /** {@link CanonicalJson#MAPPER}'s reading (one value, the same trees), a trailing comma allowed. */
    private static final ObjectReader LENIENT = CanonicalJson.MAPPER.reader().with(JsonReadFeature.ALLOW_TRAILING_COMMA);

    private AnswerText() {
    }

    /**
     * {@code answer} without the reasoning block a reasoning model writes before its answer: a leading
     * {@code <think>…</think>} (or {@code <thinking>…</thinking>}) block, up to its first closing tag, or, when the
     * answer has a {@code </think>} and no {@code <think>} (a chat template that puts the opening tag in the prompt),
     * everything up to that closing tag. An answer that opens a block and never closes it is all reasoning (cut at
     * the token limit, say): the answer is then empty. Any other answer, null included, is returned as it is.
     */
    public static String withoutThinking(String answer) {
        if (answer == null) {
            return null;
        }
        String text = answer.stripLeading();
        for (String tag : THINK_TAGS) {
            String open = "<" + tag + ">";
            if (text.regionMatches(true, 0, open, 0, open.length())) {
                int close = indexOfIgnoreCase(text, "</" + tag + ">", open.length());
                return close < 0 ? "" : text.substring(close + tag.length() + 3);
            }
        }
        int close = indexOfIgnoreCase(answer, "</think>", 0);
        if (close >= 0 && indexOfIgnoreCase(answer, "<think>", 0) < 0) {
            return answer.substring(close + "</think>".length());
        }
        return answer;
    }

    /**
     * The text of the one JSON object or array in {@code answer} (after {@link #withoutThinking}), for a strict JSON
     * parser: from its first opening brace or bracket to its last closing one, when the text before and after
     * that span (a code fence's backticks and tag, a sentence of prose) holds no bracket or brace of its own; else the
     * whole answer, stripped. An answer with two values ({@code {…} {…}}, two fences) or with a bracket in the prose
     * around its value ({@code see [1]}) is thus not one JSON value, and the parser refuses it: which of the values
     * the model meant is not known. Null counts as empty.
     */
    public static String json(String answer) {
        String text = answer == null ? "" : withoutThinking(answer).strip();
        int start = indexOfAny(text, "{[");
        int end = lastIndexOfAny(text, "}]");
        if (start < 0 || end < start) {
            return text;
        }
        String before = text.substring(0, start);
        String after = text.substring(end + 1);
        if (indexOfAny(before, "{}[]") >= 0 || indexOfAny(after, "{}[]") >= 0) {
            return text;
        }
        return text.substring(start, end + 1);
    }

    /**
     * The JSON value of {@link #json}{@code (answer)}, read as {@link CanonicalJson#parse} reads (one value, a number
     * beyond the range of a double is infinity) except that a trailing comma in an array or object ({@code [1, 2,]},
     * {@code {"a": 1,}}) is allowed: it leaves no doubt about the value. A missing node for an empty answer.
     *
     * @throws IllegalArgumentException when that text is not one JSON value, with the line, column and parser's message
     */
    public static JsonNode jsonValue(String answer) {
        try {
            JsonNode value = LENIENT.readTree(json(answer));
            return value == null ? MissingNode.getInstance() : value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON at " + JsonErrors.describe(e), e);
        }
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfAny(String text, String chars) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfIgnoreCase(String text, String tag, int from) {
        for (int i = from; i + tag.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, tag, 0, tag.length())) {
                return i;
            }
        }
        return -1;
    }
}
