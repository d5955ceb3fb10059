package dev.specagent.envs.hotpotqa.score;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Exact match and F1 of a predicted answer against the gold one, with the standard HotpotQA
 * normalisation ({@code hotpot_evaluate_v1.py}): lower case, punctuation removed, the articles
 * {@code a}, {@code an}, {@code the} removed, white space collapsed. As in the official script, F1 is
 * 0 when either side normalises to {@code yes}, {@code no} or {@code noanswer} and they differ.
 *
 * @param exactMatch whether the normalised answers are equal
 * @param f1         the token-level F1 of the normalised answers
 */
public record AnswerScore(boolean exactMatch, double f1) {

    private static final Set<String> SPECIAL = Set.of("yes", "no", "noanswer");

    /** Scores {@code predicted} (null counts as the empty answer) against {@code gold}. */
    public static AnswerScore of(String predicted, String gold) {
        String p = normalize(predicted == null ? "" : predicted);
        String g = normalize(gold);
        return new AnswerScore(p.equals(g), f1(p, g));
    }

    /** The HotpotQA normalisation. */
    public static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder noPunct = new StringBuilder();
        for (char c : lower.toCharArray()) {
            if (!isPunctuation(c)) {
                noPunct.append(c);
            }
        }
        // Unicode word boundaries and blanks, as Python's re and str.split() (Java's \\b and \\s are ASCII)
        String noArticles = noPunct.toString().replaceAll("(?U)\\b(a|an|the)\\b", " ");
        return String.join(" ", Arrays.stream(noArticles.split("(?U)\\s+")).filter(t -> !t.isEmpty()).toList());
    }

    /** Python's {@code string.punctuation}: the ASCII punctuation characters. */
    private static boolean isPunctuation(char c) {
        return c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }

    private static double f1(String p, String g) {
        if ((SPECIAL.contains(p) || SPECIAL.contains(g)) && !p.equals(g)) {
            return 0;
        }
        List<String> pt = p.isEmpty() ? List.of() : List.of(p.split(" "));
        List<String> gt = g.isEmpty() ? List.of() : List.of(g.split(" "));
        Map<String, Integer> counts = new HashMap<>();
        for (String t : gt) {
            counts.merge(t, 1, Integer::sum);
        }
        int common = 0;
        for (String t : pt) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                common++;
                counts.put(t, c - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / pt.size();
        double recall = (double) common / gt.size();
        return 2 * precision * recall / (precision + recall);
    }
}
