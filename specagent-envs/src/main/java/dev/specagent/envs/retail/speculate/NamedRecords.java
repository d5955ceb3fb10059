package dev.specagent.envs.retail.speculate;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether a value belongs to a record the customer's last message names: one of the record's
 * {@link ValueSource#context names} (of three characters or more) occurs in the message as whole words, case
 * ignored ("the desk lamp" names the order item called "Desk Lamp", so its product and item ids). Customers
 * name things; agents pass their ids. Answers are cached per record; one instance serves one transcript.
 */
final class NamedRecords implements Predicate<ValueSource> {

    private final String message;
    private final Map<List<String>, Boolean> answers = new IdentityHashMap<>();

    private NamedRecords(String message) {
        this.message = message;
    }

    /** The test for {@code transcript}'s last customer message; never true when the customer has not spoken. */
    static Predicate<ValueSource> in(Transcript transcript) {
        List<Transcript.Entry> entries = transcript.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Transcript.Entry e = entries.get(i);
            if (!e.isCall() && e.role().equals("user")) {
                return new NamedRecords(e.text().toLowerCase(Locale.ROOT));
            }
        }
        return s -> false;
    }

    @Override
    public boolean test(ValueSource s) {
        List<String> names = s.context();
        return !names.isEmpty() && answers.computeIfAbsent(names, this::namesOne);
    }

    private boolean namesOne(List<String> names) {
        for (String name : names) {
            if (name.length() >= 3 && saysWord(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private boolean saysWord(String name) {
        return wholeWordsAt(message, name) >= 0;
    }

    /** Where {@code phrase} first occurs in {@code text} as whole words (no letter or digit on either side), or -1. */
    static int wholeWordsAt(String text, String phrase) {
        for (int at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
            int end = at + phrase.length();
            if ((at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                return at;
            }
        }
        return -1;
    }
}
