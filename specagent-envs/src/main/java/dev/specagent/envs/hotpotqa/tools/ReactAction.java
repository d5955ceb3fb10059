package dev.specagent.envs.hotpotqa.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ReAct action: {@code Search[entity]}, {@code Lookup[keyword]} or {@code Finish[answer]}.
 *
 * <p>{@link #strictlyMatch} is the paper's match rule (the recorded {@code metrics.json} were
 * computed with it): the same action type and the same argument, compared case-insensitively as
 * whole strings.
 *
 * @param type     the action type
 * @param argument the text between the brackets, as written
 */
public record ReactAction(Type type, String argument) {

    /** The action types. */
    public enum Type {
        SEARCH("Search"), LOOKUP("Lookup"), FINISH("Finish");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        /** The name as the prompts write it ({@code Search}). */
        public String label() {
            return label;
        }
    }

    private static final Pattern HEAD = Pattern.compile("\\b([Ss]earch|[Ll]ookup|[Ff]inish)\\[");

    public ReactAction {
        if (type == null || argument == null) {
            throw new IllegalArgumentException("an action needs a type and an argument");
        }
    }

    /** Parses exactly one action written as {@code Type[argument]} (surrounding blanks ignored). */
    public static Optional<ReactAction> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        List<int[]> spans = new ArrayList<>();
        List<ReactAction> all = scan(s, spans);
        return all.size() == 1 && spans.getFirst()[0] == 0 && spans.getFirst()[1] == s.length()
                ? Optional.of(all.getFirst()) : Optional.empty();
    }

    /** The first action written anywhere in {@code text}, in order of appearance (the first of {@link #findAll}). */
    public static Optional<ReactAction> find(String text) {
        List<ReactAction> all = findAll(text);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** Every action written in {@code text}, in order of appearance. */
    public static List<ReactAction> findAll(String text) {
        return text == null ? new ArrayList<>() : scan(text, new ArrayList<>());
    }

    /**
     * Whether {@code index} of {@code text} lies within an action written there, between its {@code Type[} and its
     * closing bracket (so the word {@code Action} in {@code Search[Action Comics]} is part of an argument, not a label).
     */
    public static boolean withinAction(String text, int index) {
        List<int[]> spans = new ArrayList<>();
        scan(text == null ? "" : text, spans);
        return spans.stream().anyMatch(s -> s[0] < index && index < s[1]);
    }

    /**
     * The actions of {@code text} with their spans. An argument runs to the bracket that closes {@code Type[}, so
     * {@code Search[Foo [bar]]} searches {@code Foo [bar]}; when none closes it on the line, to the line's last
     * {@code ]}, as the reference takes everything between {@code search[} and the final {@code ]}.
     */
    private static List<ReactAction> scan(String text, List<int[]> spans) {
        List<ReactAction> out = new ArrayList<>();
        Matcher m = HEAD.matcher(text);
        int from = 0;
        while (m.find(from)) {
            int lineEnd = text.indexOf('\n', m.end());
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            int close = -1;
            int depth = 1;
            for (int i = m.end(); i < lineEnd && close < 0; i++) {
                char c = text.charAt(i);
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
                close = depth == 0 ? i : -1;
            }
            if (close < 0) {
                close = text.lastIndexOf(']', lineEnd - 1);
            }
            if (close < m.end()) {
                from = m.end();
                continue;
            }
            String argument = text.substring(m.end(), close);
            if (!argument.isBlank()) {
                out.add(of(m.group(1), argument));
                spans.add(new int[] {m.start(), close + 1});
            }
            from = close + 1;
        }
        return out;
    }

    private static ReactAction of(String name, String argument) {
        Type type = Type.valueOf(name.toUpperCase(Locale.ROOT));
        return new ReactAction(type, argument);
    }

    /**
     * The paper's rule on written actions, exactly as the reference computed {@code metrics.json}: the
     * two strings are equal once lower-cased (so {@code Search[X]} matches {@code search[x]}, and a
     * different type or argument does not).
     */
    public static boolean strictlyMatch(String written, String other) {
        return written != null && other != null
                && written.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
    }

    /** The argument as the environment sees it: lower case, blanks trimmed (both tools ignore case). */
    public String key() {
        return argument.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return type.label + "[" + argument + "]";
    }
}
