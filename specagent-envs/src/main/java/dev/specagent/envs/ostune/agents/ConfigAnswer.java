package dev.specagent.envs.ostune.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.SafetyEnvelope;
import dev.specagent.llm.agent.AnswerText;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paper's answer contract for OS tuning: an LLM replies
 * <pre>
 * Analysis: &lt;its reasoning&gt;
 * Config: {"&lt;knob&gt;": &lt;value&gt;}
 * </pre>
 * {@link #parse} reads the value (under the knob's name, or the object's only numeric field) and the analysis (the
 * last {@code Analysis:} before that Config line); anything else is a clear error quoting what was wrong. A value is
 * a number by JSON's grammar, also when quoted ({@code "60"}, {@code " 60 "}); {@code "60f"}, {@code "60d"},
 * {@code "0x1p3"}, {@code "NaN"} and {@code "Infinity"} are not. When an answer holds several {@code Config:} lines (a
 * model revising itself), the last one counts; an object that names a field twice is refused. The object is taken
 * from the prose around it: it ends where its braces balance (braces inside strings not counted), so it may hold
 * nested objects, and what follows it, such as a remark on its line, is not read. It may stand in inline code or a code
 * fence, tagged {@code json} or not, as models often put it. A reasoning model's leading {@code <think>…</think>} block
 * is not read ({@link AnswerText#withoutThinking}): a Config line it holds is one the model considered, not its answer.
 */
public final class ConfigAnswer {

    /**
     * The Config line up to its object's brace: markdown around it, and the object in code or a code fence, its tag json.
     * Before the label only the line's own blanks and markdown are matched (a class that also took line breaks would
     * scan a long run of blank lines again from each of its lines: quadratic); the lines of blanks and markdown just
     * above it, which count as part of it, are found by {@link #lineOf}.
     */
    private static final Pattern CONFIG = Pattern.compile("(?im)^[ \\t\\x0B\\f*_#>-]*Config[\\s*_]*:[\\s*_`]*(?:(?<=`)json[\\s`]*)?(?=\\{)");
    /**
     * A number by JSON's grammar, with the whitespace JSON allows around a value: no type suffix ({@code 60f},
     * {@code 60d}), hex ({@code 0x1p3}), {@code NaN} or {@code Infinity}, all of which Java's parser would take.
     */
    private static final Pattern JSON_NUMBER = Pattern.compile("[ \\t\\n\\r]*(-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)[ \\t\\n\\r]*");
    /** An Analysis and its text, up to the next Config label's line ({@link #lineOf} moves that end up) or the end. */
    private static final Pattern ANALYSIS = Pattern.compile("(?ims)\\bAnalysis[\\s*_]*:[\\s*_]*(.*?)(?=^[ \\t\\x0B\\f*_#>-]*Config[\\s*_]*:|\\z)");
    /** What may stand before a Config label on its line and on the lines just above it: blanks and markdown. */
    private static final String BEFORE_LABEL = " \t\n\u000B\f\r*_#>-";

    private static final ObjectReader STRICT = CanonicalJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ConfigAnswer() {
    }

    /** The prompt lines that state the contract for {@code knob}. */
    public static String contract(String knob) {
        return "Reply in exactly this format, nothing else:\n"
                + "Analysis: <your reasoning>\n"
                + "Config: {\"" + knob + "\": <number>}";
    }

    /** What the model is told after an answer refused for {@code why}: the reason and the contract again. */
    public static String correction(String knob, String why) {
        return "Your answer was refused: " + why + ".\n" + contract(knob);
    }

    /**
     * The decision in {@code answer}, which must lie within {@code bounds}' min and max: a value outside
     * (e.g. a millisecond figure for a knob in nanoseconds) shows the model misread the knob, so it is
     * refused rather than clamped to a bound it never asked for.
     *
     * @throws IllegalArgumentException naming what is missing, malformed or out of range
     */
    public static Decision parse(String answer, String knob, SafetyEnvelope bounds, String unit) {
        Decision d = parse(answer, knob);
        if (!bounds.contains(d.value())) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the LLM answer's Config value %s of \"%s\" is outside the envelope [%s, %s] %s (a unit mix-up?); not written",
                    plain(d.value()), knob, plain(bounds.min()), plain(bounds.max()), unit));
        }
        return d;
    }

    /**
     * The decision in {@code answer}, not checked against any bounds.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static Decision parse(String answer, String knob) {
        answer = AnswerText.withoutThinking(answer);
        if (answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("the LLM answer is empty (expected 'Analysis: ...' and 'Config: {...}')");
        }
        Matcher m = CONFIG.matcher(answer);
        int start = -1;
        int line = -1;
        while (m.find()) { // the last Config line is the model's final word
            start = m.end();
            line = lineOf(answer, m.start(), 0);
        }
        if (start < 0) {
            throw new IllegalArgumentException("the LLM answer has no 'Config: {...}' line: " + snippet(answer));
        }
        String object = objectAt(answer, start);
        JsonNode config;
        try {
            config = CanonicalJson.parse(object);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the LLM answer's Config is not a JSON object: " + snippet(object), e);
        }
        if (!config.isObject()) {
            throw new IllegalArgumentException("the LLM answer's Config is not a JSON object: " + snippet(object));
        }
        if (namesAFieldTwice(object)) {
            throw new IllegalArgumentException("the LLM answer's Config names a field more than once: " + snippet(object));
        }
        JsonNode value = config.get(knob);
        if (value == null) {
            List<JsonNode> numbers = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                JsonNode v = it.next().getValue();
                if (v.isNumber() || (v.isTextual() && isNumber(v.asText()))) {
                    numbers.add(v);
                }
            }
            if (numbers.size() != 1) {
                throw new IllegalArgumentException("the LLM answer's Config has no field \"" + knob + "\": " + snippet(object));
            }
            value = numbers.get(0);
        }
        double v;
        if (value.isNumber()) {
            v = value.doubleValue();
        } else if (value.isTextual() && isNumber(value.asText())) {
            v = Double.parseDouble(value.asText().strip()); // JSON's number grammar is a subset of Java's
        } else {
            throw new IllegalArgumentException("the LLM answer's Config value of \"" + knob + "\" is not a number: " + value
                    + " (a JSON number: digits with an optional fraction and exponent; no suffix, hex, NaN or Infinity)");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("the LLM answer's Config value of \"" + knob + "\" is not finite: " + value);
        }
        // only the text before the last Config line: a remark after its object is not read, even one saying "analysis:"
        Matcher a = ANALYSIS.matcher(answer.substring(0, line));
        String analysis = "";
        while (a.find()) { // the analysis that goes with the last Config
            int end = a.end(1) == line ? line : lineOf(answer, a.end(1), a.start(1));
            analysis = answer.substring(a.start(1), end).strip();
        }
        return new Decision(v, analysis);
    }

    /**
     * Where the Config label whose line starts at {@code labelLine} begins, lines of blanks and markdown just above it
     * included: the first line start, not before {@code from}, of the run of such characters that ends at the label's
     * line. A label is read so in one pass; matching the run with line breaks in the pattern scanned it again from
     * each of its lines.
     */
    private static int lineOf(String text, int labelLine, int from) {
        int run = labelLine;
        while (run > from && BEFORE_LABEL.indexOf(text.charAt(run - 1)) >= 0) {
            run--;
        }
        for (int i = run; i < labelLine; i++) {
            if (isLineStart(text, i)) {
                return i;
            }
        }
        return labelLine;
    }

    /** Whether a line starts at {@code i}, as {@code ^} of a multi-line pattern sees it. */
    private static boolean isLineStart(String text, int i) {
        if (i == 0) {
            return true;
        }
        char before = text.charAt(i - 1);
        return before == '\n' || before == '\u0085' || before == '\u2028' || before == '\u2029'
                || before == '\r' && text.charAt(i) != '\n';
    }

    /**
     * The text of the object that opens at {@code start} (a '{'): up to the brace that balances it, braces in JSON
     * strings not counted; the rest of {@code text} when none does, which then fails to parse as what it is.
     */
    private static String objectAt(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character, a quote included, does not end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        return text.substring(start);
    }

    /**
     * Whether an object (already read as JSON) names a field twice: JSON leaves open which value counts, and the
     * tree would keep the last one silently.
     */
    private static boolean namesAFieldTwice(String object) {
        try {
            STRICT.readTree(object);
            return false;
        } catch (JsonProcessingException e) {
            return true;
        }
    }

    /** Whether a quoted value is a number as JSON would read it unquoted. */
    private static boolean isNumber(String s) {
        return JSON_NUMBER.matcher(s).matches();
    }

    /**
     * {@code v} as a model reads it: in decimal digits without a trailing {@code .0} ({@code 50000000}, {@code 0.5}),
     * never in Java's exponent notation ({@code 5.0E7}); a model answering in the wrong unit needs the bounds plain.
     */
    static String plain(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v);
    }

    private static String snippet(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return "'" + (one.length() > 160 ? one.substring(0, 160) + "…" : one) + "'";
    }
}
