package dev.specagent.envs.retail.speculate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a speculator learns online from the customer's words, whatever the domain: in how many conversations each
 * word was said (a word most customers say, such as "sure", is rarely an argument), and which tools were called
 * after a message with each word ("cancel" before a cancellation). Words are lower-cased; memory is bounded.
 * Not thread-safe.
 */
final class CustomerWords {

    private static final int MAX_WORDS = 100_000;
    /** A word said in at least this many conversations, and this share of them, is a common word. */
    private static final int COMMON_CONVERSATIONS = 3;
    private static final double COMMON_SHARE = 0.1;
    private static final double LIFT_SMOOTHING = 5.0;

    private final Map<String, Integer> conversationsSaidIn = new HashMap<>();
    private final Set<String> countedInConversation = new HashSet<>();
    private int countingConversation = -1;
    private final Map<String, Map<String, Integer>> toolsAfterWord = new HashMap<>();
    private final Map<String, Integer> toolsAfterAnyWord = new HashMap<>();
    private int callsAfterAnyWord;

    /** The distinct lower-cased words of the customer's last message among {@code sources}. */
    static Set<String> lastMessage(List<ValueSource> sources) {
        Set<String> words = new HashSet<>();
        for (ValueSource s : sources) {
            if (isCustomerWord(s) && s.age() == 0) {
                words.add(word(s));
            }
        }
        return words;
    }

    /** The lower-cased word of a customer's-word source. */
    static String word(ValueSource s) {
        return s.value().textValue().toLowerCase(Locale.ROOT);
    }

    private static boolean isCustomerWord(ValueSource s) {
        return s.kind() == ValueSource.Kind.USER_TEXT && s.key().equals("$user") && s.value().isTextual();
    }

    /**
     * Learns from a call to {@code tool} made with {@code sources} in view, in conversation number
     * {@code conversation}: counts each word said in it once, and the tool against the last message's words.
     */
    void observe(List<ValueSource> sources, int conversation, String tool) {
        if (conversation != countingConversation) {
            countedInConversation.clear();
            countingConversation = conversation;
        }
        for (ValueSource s : sources) {
            if (!isCustomerWord(s)) {
                continue;
            }
            String w = word(s);
            if (countedInConversation.add(w)
                    && (conversationsSaidIn.containsKey(w) || conversationsSaidIn.size() < MAX_WORDS)) {
                conversationsSaidIn.merge(w, 1, Integer::sum);
            }
        }
        Set<String> words = lastMessage(sources);
        if (words.isEmpty()) {
            return;
        }
        toolsAfterAnyWord.merge(tool, 1, Integer::sum);
        callsAfterAnyWord++;
        for (String w : words) {
            if (toolsAfterWord.containsKey(w) || toolsAfterWord.size() < MAX_WORDS) {
                toolsAfterWord.computeIfAbsent(w, x -> new HashMap<>()).merge(tool, 1, Integer::sum);
            }
        }
    }

    /** Whether {@code word} was said in at least 3 of the {@code conversations} so far and 10% of them. */
    boolean isCommon(String word, int conversations) {
        int saidIn = conversationsSaidIn.getOrDefault(word, 0);
        return saidIn >= Math.max(COMMON_CONVERSATIONS, COMMON_SHARE * conversations);
    }

    /**
     * The word of {@code words} that best tells which tool comes next: the one after which some tool was called
     * most often relative to after any message; null when none lifts any tool.
     */
    String tellingWord(Set<String> words, int tools) {
        String best = null;
        double bestLift = 1.0;
        for (String w : words) {
            for (String tool : toolsAfterWord.getOrDefault(w, Map.of()).keySet()) {
                double lift = lift(w, tool, tools);
                if (lift > bestLift) {
                    best = w;
                    bestLift = lift;
                }
            }
        }
        return best;
    }

    /**
     * How much more often {@code tool} (one of {@code tools} known) was called after a message with {@code word}
     * than after any message, smoothed towards 1; 1 when {@code word} is null or unknown.
     */
    double lift(String word, String tool, int tools) {
        Map<String, Integer> after = word == null ? null : toolsAfterWord.get(word);
        if (after == null) {
            return 1.0;
        }
        double overall = (toolsAfterAnyWord.getOrDefault(tool, 0) + 1.0) / (callsAfterAnyWord + Math.max(1, tools));
        int n = after.values().stream().mapToInt(Integer::intValue).sum();
        return (after.getOrDefault(tool, 0) + LIFT_SMOOTHING * overall) / (n + LIFT_SMOOTHING) / overall;
    }
}
