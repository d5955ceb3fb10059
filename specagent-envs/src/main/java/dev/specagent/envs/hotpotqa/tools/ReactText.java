package dev.specagent.envs.hotpotqa.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * The text rules of the ReAct reference environment ({@code ysymyth/ReAct}, {@code wikienv.py}),
 * kept verbatim because the recorded observations were produced by them: a page is split into
 * paragraphs at new lines, each paragraph into sentences at {@code ". "}, every sentence is stripped
 * and gets a {@code "."} appended (so a sentence that already ended with a full stop ends with two,
 * as in the records), and a search shows the first five sentences joined by spaces.
 */
public final class ReactText {

    /** How many sentences a successful search shows. */
    public static final int OBSERVATION_SENTENCES = 5;

    private ReactText() {
    }

    /** The sentences of {@code page} by the reference rule. */
    public static List<String> sentences(String page) {
        List<String> out = new ArrayList<>();
        if (page == null) {
            return out;
        }
        for (String paragraph : page.split("\n")) {
            String p = pythonStrip(paragraph);
            if (p.isEmpty()) {
                continue;
            }
            for (String sentence : p.split("\\. ", -1)) {
                String s = pythonStrip(sentence);
                if (!s.isEmpty()) {
                    out.add(s + ".");
                }
            }
        }
        return out;
    }

    /** {@code s} without the leading and trailing blanks Python's {@code str.strip()} removes. */
    private static String pythonStrip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isPythonSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isPythonSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Python's {@code str.isspace()}: Java's white space plus the no-break spaces and U+0085, which Java's leaves out. */
    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
    }

    /** What a successful search of {@code page} shows: its first five sentences. */
    public static String pageObservation(String page) {
        List<String> s = sentences(page);
        return String.join(" ", s.subList(0, Math.min(OBSERVATION_SENTENCES, s.size())));
    }

    /** A list of strings as Python prints it ({@code ['a', "b's"]}), the format of "Similar: [...]". */
    public static String pythonList(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(pythonRepr(items.get(i)));
        }
        return b.append(']').toString();
    }

    private static String pythonRepr(String s) {
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(quote);
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == quote) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append(quote).toString();
    }
}
