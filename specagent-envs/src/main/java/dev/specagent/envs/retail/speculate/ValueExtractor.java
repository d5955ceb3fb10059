package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.specagent.core.call.CanonicalJson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists every value a transcript makes available to the next call's arguments: the scalars, scalar
 * arrays and arrays of objects of each JSON output (under the key that held them; objects inside arrays are
 * also walked with their own keys), a non-JSON output as a whole (unless it is an error message), earlier
 * calls' arguments, and word-like tokens of user and assistant messages (keys {@code $user},
 * {@code $assistant}) (e-mail addresses, ids, names, numbers; a number token also as a JSON number; a date
 * written with its month's name, such as "May 20th", also as an ISO date, in the year of the first ISO date
 * the transcript shows when it names none). Each output value carries the names of its record (its object's
 * text fields, and the key it sits under when that key is a name) so a speculator can tell which record the
 * customer means; {@link #mentions} finds known multi-word values in the customer's words. Domain-agnostic.
 * Stateless.
 */
public final class ValueExtractor {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}#@_+\\-]+(?:[.'][\\p{L}\\p{N}#@_+\\-]+)*");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(?:\\.\\d+)?");
    private static final Pattern ISO_DATE = Pattern.compile("\\b((?:19|20)\\d\\d)-\\d\\d-\\d\\d\\b");
    private static final String MONTH = "(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug"
            + "|september|sept|sep|october|oct|november|nov|december|dec)\\b\\.?";
    private static final String DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
    private static final String YEAR = "(?:,?\\s+((?:19|20)\\d\\d))?";
    private static final Pattern MONTH_DAY = Pattern.compile("\\b" + MONTH + "\\s+" + DAY + "\\b" + YEAR,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DAY_MONTH = Pattern.compile("\\b" + DAY + "\\s+(?:of\\s+)?" + MONTH + YEAR,
            Pattern.CASE_INSENSITIVE);
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");
    private static final int MAX_PER_OUTPUT = 4000;
    /** Parsed outputs by (tool, output text): transcripts grow one call at a time, so each output is parsed once. */
    private static final Map<String, List<ValueSource>> CACHE = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ValueSource>> eldest) {
            return size() > 2048;
        }
    };

    private ValueExtractor() {
    }

    /** All sources of {@code transcript}, newest call first within each kind's age order. */
    public static List<ValueSource> sources(Transcript transcript) {
        List<ValueSource> out = new ArrayList<>();
        List<Transcript.Entry> entries = transcript.entries();
        String year = firstYear(entries);
        int callsAfter = 0;
        int userAfter = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Transcript.Entry e = entries.get(i);
            if (e.isCall()) {
                ToolCallRecord call = e.call();
                addOutput(call.name(), call.output(), callsAfter, out);
                for (Iterator<Map.Entry<String, JsonNode>> it = call.kwargs().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> arg = it.next();
                    walk(arg.getValue(), arg.getKey(), call.name(), ValueSource.Kind.ARGUMENT, callsAfter, out,
                            new int[] {0}, null, 0);
                }
                callsAfter++;
            } else if (e.role().equals("user")) {
                addText(e.text(), "$user", userAfter, year, out);
                userAfter++;
            } else if (e.role().equals("assistant")) {
                addText(e.text(), "$assistant", userAfter, year, out);
            }
        }
        return out;
    }

    /**
     * The customer's mentions of known multi-word values (such as a cancellation reason "no longer needed"),
     * case-insensitively and as whole words, as user-text sources in the original spelling; {@code phrases} maps
     * each value's lower-case form to the value.
     */
    public static List<ValueSource> mentions(Transcript transcript, Map<String, String> phrases) {
        List<ValueSource> out = new ArrayList<>();
        List<Transcript.Entry> entries = transcript.entries();
        int userAfter = 0;
        for (int i = entries.size() - 1; i >= 0 && !phrases.isEmpty(); i--) {
            Transcript.Entry e = entries.get(i);
            if (e.isCall() || !e.role().equals("user")) {
                continue;
            }
            String said = e.text().toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> phrase : phrases.entrySet()) {
                int at = NamedRecords.wholeWordsAt(said, phrase.getKey());
                if (at >= 0) {
                    Matcher before = TOKEN.matcher(said.substring(0, at));
                    int position = 0;
                    while (before.find()) {
                        if (isNumbered(before.group())) {
                            position++;
                        }
                    }
                    addToken(JsonNodeFactory.instance.textNode(phrase.getValue()), "$user", userAfter, position, out);
                }
            }
            userAfter++;
        }
        return out;
    }

    private static void addOutput(String tool, String output, int age, List<ValueSource> out) {
        if (output == null) {
            return;
        }
        List<ValueSource> cached;
        synchronized (CACHE) {
            cached = CACHE.get(tool + "\u0000" + output);
        }
        if (cached == null) {
            cached = new ArrayList<>();
            parseOutput(tool, output, cached);
            synchronized (CACHE) {
                CACHE.put(tool + "\u0000" + output, cached);
            }
        }
        for (ValueSource s : cached) {
            out.add(age == 0 ? s : s.aged(age));
        }
    }

    private static void parseOutput(String tool, String output, List<ValueSource> out) {
        int age = 0;
        String trimmed = output.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = CanonicalJson.MAPPER.readTree(trimmed);
                walk(node, "$", tool, ValueSource.Kind.OUTPUT, age, out, new int[] {0}, null, 0);
                return;
            } catch (Exception notJson) {
                // fall through: a text output is one value
            }
        }
        if (trimmed.regionMatches(true, 0, "error", 0, 5)) {
            return; // an error message is no data to pass on
        }
        JsonNode whole = JsonNodeFactory.instance.textNode(trimmed);
        out.add(new ValueSource(whole, CanonicalJson.toCanonicalString(whole), ValueSource.Kind.WHOLE_OUTPUT, "$",
                tool, age, 0, shape(whole), null, List.of()));
    }

    private static void walk(JsonNode node, String key, String tool, ValueSource.Kind kind, int age,
                             List<ValueSource> out, int[] budget, Object list, int position) {
        walk(node, key, tool, kind, age, out, budget, list, position, List.of());
    }

    private static void walk(JsonNode node, String key, String tool, ValueSource.Kind kind, int age,
                             List<ValueSource> out, int[] budget, Object list, int position, List<String> context) {
        if (budget[0] > MAX_PER_OUTPUT) {
            return;
        }
        if (node.isObject()) {
            List<String> names = names(node);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                List<String> fieldContext = names;
                if (isName(f.getKey())) {
                    fieldContext = new ArrayList<>(names);
                    fieldContext.add(f.getKey());
                }
                walk(f.getValue(), f.getKey(), tool, kind, age, out, budget, list, position, fieldContext);
            }
        } else if (node.isArray()) {
            boolean scalars = true;
            boolean objects = !node.isEmpty();
            for (JsonNode e : node) {
                scalars &= e.isValueNode();
                objects &= e.isObject();
            }
            if (objects) { // a list of records (flights, items) may be passed on whole, or trimmed to some keys
                out.add(new ValueSource(node, CanonicalJson.toCanonicalString(node), kind, key, tool, age, position,
                        shape(node), list, context));
                budget[0]++;
            }
            if (scalars && !node.isEmpty()) {
                out.add(new ValueSource(node, CanonicalJson.toCanonicalString(node), kind, key, tool, age, position,
                        shape(node), list, context));
                Object elements = new Object();
                for (int i = 0; i < node.size(); i++) {
                    if (!node.get(i).isNull()) { // a gap in a list is no value, as a null field is not
                        add(node.get(i), key, tool, kind, age, i, elements, out, context);
                    }
                }
                budget[0] += node.size() + 1;
            } else {
                Object elements = new Object();
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), key, tool, kind, age, out, budget, elements, i, context);
                }
            }
        } else if (!node.isNull()) {
            add(node, key, tool, kind, age, position, list, out, context);
            budget[0]++;
        }
    }

    /** The text fields of an object: the words a customer may name its record by. */
    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.forEach(v -> {
            if (v.isTextual()) {
                names.add(v.textValue());
            }
        });
        return names;
    }

    /** Whether a JSON key is a name rather than a field name: it has a space or a capital ("Desk Lamp"). */
    private static boolean isName(String key) {
        return key.indexOf(' ') >= 0 || !key.equals(key.toLowerCase(Locale.ROOT));
    }

    private static void add(JsonNode v, String key, String tool, ValueSource.Kind kind, int age, int position,
                            Object list, List<ValueSource> out, List<String> context) {
        out.add(new ValueSource(v, CanonicalJson.toCanonicalString(v), kind, key, tool, age, position, shape(v), list,
                context));
    }

    private static void addText(String text, String key, int age, String year, List<ValueSource> out) {
        Matcher m = TOKEN.matcher(text);
        List<Integer> tokenStarts = new ArrayList<>();
        while (m.find()) {
            String token = m.group();
            if (!isNumbered(token)) {
                continue;
            }
            JsonNode number = NUMBER.matcher(token).matches() ? number(token) : null;
            int position = tokenStarts.size();
            tokenStarts.add(m.start());
            if (token.length() >= 2) {
                addToken(JsonNodeFactory.instance.textNode(token), key, age, position, out);
            }
            if (number != null) { // "2 bags", "$100": a number argument, not only a string one
                addToken(number, key, age, position, out);
            }
        }
        addDates(text, key, age, year, tokenStarts, out);
    }

    /** Whether a token of a message counts as a word, and so has a position: not a one-letter word like "I". */
    private static boolean isNumbered(String token) {
        return token.length() >= 2 || NUMBER.matcher(token).matches();
    }

    /** "May 20th", "20 May 2024": also as ISO dates ("2024-05-20"), which is how tools take dates. */
    private static void addDates(String text, String key, int age, String year, List<Integer> tokenStarts,
                                 List<ValueSource> out) {
        for (boolean monthFirst : new boolean[] {true, false}) {
            Matcher d = (monthFirst ? MONTH_DAY : DAY_MONTH).matcher(text);
            while (d.find()) {
                String month = d.group(monthFirst ? 1 : 2).substring(0, 3).toLowerCase(Locale.ROOT);
                int day = Integer.parseInt(d.group(monthFirst ? 2 : 1));
                String y = d.group(3) != null ? d.group(3) : year;
                if (y == null || day < 1 || day > 31) {
                    continue;
                }
                String iso = String.format(Locale.ROOT, "%s-%02d-%02d", y, MONTHS.indexOf(month) + 1, day);
                int at = Collections.binarySearch(tokenStarts, d.start());
                addToken(JsonNodeFactory.instance.textNode(iso), key, age, at >= 0 ? at : -at - 1, out);
            }
        }
    }

    private static void addToken(JsonNode v, String key, int age, int position, List<ValueSource> out) {
        out.add(new ValueSource(v, CanonicalJson.toCanonicalString(v), ValueSource.Kind.USER_TEXT, key, "user", age,
                position, shape(v), null, List.of()));
    }

    /** The year of the first ISO date in the transcript's messages or outputs (a system prompt's "current time"). */
    private static String firstYear(List<Transcript.Entry> entries) {
        for (Transcript.Entry e : entries) {
            Matcher m = ISO_DATE.matcher(e.text());
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static JsonNode number(String token) {
        try {
            return token.contains(".") ? JsonNodeFactory.instance.numberNode(Double.parseDouble(token))
                    : JsonNodeFactory.instance.numberNode(Long.parseLong(token));
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }

    /**
     * The shape of a value, for matching values of the same kind: runs of capitals become {@code A}, of other
     * letters {@code a}, of digits {@code 9}, other characters stay ({@code #W2378156} → {@code #A9},
     * {@code sara_doe_496} → {@code a_a_9}, {@code Ada Lovelace} → {@code Aa Aa}; at most 25 characters); arrays
     * get their first element's shape in brackets, numbers and booleans their JSON type.
     */
    public static String shape(JsonNode v) {
        if (v.isArray()) {
            return v.isEmpty() ? "[]" : "[" + shape(v.get(0)) + "]";
        }
        if (!v.isTextual()) {
            return v.getNodeType().name();
        }
        StringBuilder s = new StringBuilder();
        char last = 0;
        for (char c : v.textValue().toCharArray()) {
            char cls = Character.isUpperCase(c) ? 'A' : Character.isLetter(c) ? 'a' : Character.isDigit(c) ? '9'
                    : c == ' ' ? ' ' : c;
            if (cls != last || (cls != 'A' && cls != 'a' && cls != '9')) {
                s.append(cls);
            }
            last = cls;
            if (s.length() > 24) {
                break;
            }
        }
        return s.toString();
    }
}
