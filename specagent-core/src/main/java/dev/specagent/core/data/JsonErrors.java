package dev.specagent.core.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Says why a data file could not be read as JSON in words a user can act on: the line and column, then
 * Jackson's own description without its source block ({@code [Source: REDACTED
 * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 420, column: 385]}), which names a
 * library setting instead of the file, without its advice to enable a parser feature, which no user can, and
 * without the name of the library method behind a size limit ({@code (1000, from
 * `StreamReadConstraints.getMaxNestingDepth()`)}), and with a second value after the first said in words instead of
 * by the setting that refused it ({@code Trailing token ... not allowed as per
 * `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`}). Also shows a value that is not what a field needs
 * ({@link #shown}), cut so that a huge one does not bury the message.
 */
public final class JsonErrors {

    private static final Pattern SOURCE = Pattern.compile(
            "\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    /** Jackson's advice to turn on a parser feature ("enable `JsonReadFeature.X` to allow", "Feature 'X' not enabled"). */
    private static final Pattern FEATURE_ADVICE = Pattern.compile(
            ":?\\s*enable `[^`]*` to allow|\\s*\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");

    /** Jackson's pointer to the getter of a reader limit: {@code ", from `StreamReadConstraints.getMaxNestingDepth()`"}. */
    private static final Pattern LIMIT_SOURCE = Pattern.compile(",\\s*from `[^`]*`");

    /** Jackson's refusal of a value after the first, under {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS}. */
    private static final Pattern TRAILING_VALUE = Pattern.compile(
            "Trailing token \\(of type \\w+\\) found after value \\(bound as `[^`]*`\\): not allowed as per `[^`]*`");

    private JsonErrors() {
    }

    /** {@code value} as an error message shows it: its JSON text, cut to 80 characters ("..." at the cut). */
    public static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** {@code "line L, column C: what went wrong"} for a JSON error, {@link IoErrors#reason} for any other I/O error. */
    public static String describe(IOException e) {
        if (!(e instanceof JsonProcessingException json)) {
            return IoErrors.reason(e);
        }
        String what = SOURCE.matcher(json.getOriginalMessage()).replaceAll("line $1, column $2");
        what = FEATURE_ADVICE.matcher(what).replaceAll("").strip();
        what = LIMIT_SOURCE.matcher(what).replaceAll("");
        what = TRAILING_VALUE.matcher(what).replaceAll("a second JSON value follows the first (only one is allowed)");
        JsonLocation at = json.getLocation();
        return at == null || at.getLineNr() < 1 ? what : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }
}
