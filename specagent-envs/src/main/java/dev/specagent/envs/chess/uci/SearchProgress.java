package dev.specagent.envs.chess.uci;

import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one search reported so far in its {@code info} lines: the latest line of each MultiPV rank and the most nodes
 * searched; with its {@code bestmove} line, the {@link SearchResult}. Used by one thread.
 *
 * <p>A line whose score is a bound ({@code lowerbound}, {@code upperbound}: the search stopped, e.g. at its node limit,
 * while it re-searched that rank) takes its rank too, its bound as its score. The engine writes every rank of a report
 * at once, each move once; were a bound skipped, its rank would keep an older report's move, which the newer one may
 * list at another rank: the same move twice, and the bound's move lost.
 */
final class SearchProgress {

    private final Map<Integer, SearchResult.Line> best = new TreeMap<>();
    private long nodes;

    /** Takes in a line the engine wrote during the search; only {@code info} lines with a {@code pv} count. */
    void accept(String line) {
        String fields = fields(line);
        if (fields.startsWith("info ") && fields.contains(" pv ")) {
            SearchResult.Line parsed = parseInfo(fields);
            if (parsed != null) {
                best.put(parsed.rank(), parsed);
            }
            nodes = Math.max(nodes, longAfter(fields, " nodes ", 0));
        }
    }

    /** {@code line} without its {@code string} text: UCI gives {@code string} the rest of the line, whatever its words. */
    private static String fields(String line) {
        int at = (" " + line + " ").indexOf(" string ");
        return at < 0 ? line : line.substring(0, at);
    }

    /**
     * The search's result, given its {@code bestmove} line ({@code (none)} as the move when the line has none).
     *
     * @param stopped whether {@code stop} ended the search
     */
    SearchResult result(String bestmove, boolean stopped) {
        String[] parts = bestmove.split("\\s+");
        String move = parts.length > 1 ? parts[1] : "(none)";
        return new SearchResult(move, new ArrayList<>(best.values()), nodes, stopped);
    }

    /**
     * The first move and score of an {@code info … multipv N … score … pv …} line (the score a bound when the line
     * says {@code lowerbound} or {@code upperbound}), or null (also for a line whose field is cut short or not a
     * number).
     */
    static SearchResult.Line parseInfo(String line) {
        try {
            return parseFields(fields(line).trim().split("\\s+"));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static SearchResult.Line parseFields(String[] t) {
        int rank = 1;
        int depth = 0;
        Integer score = null;
        String move = null;
        for (int i = 1; i < t.length; i++) {
            switch (t[i]) {
                case "multipv" -> rank = Integer.parseInt(t[++i]);
                case "depth" -> depth = Integer.parseInt(t[++i]);
                case "score" -> {
                    String kind = t[++i];
                    int v = Integer.parseInt(t[++i]);
                    score = kind.equals("mate") ? (v > 0 ? 100000 - v : -100000 - v) : v;
                }
                case "pv" -> {
                    if (i + 1 < t.length) {
                        move = t[i + 1];
                    }
                    i = t.length;
                }
                default -> {
                }
            }
        }
        if (move == null || score == null) {
            return null;
        }
        return new SearchResult.Line(rank, move, score, depth);
    }

    private static long longAfter(String line, String key, long fallback) {
        int at = line.indexOf(key);
        if (at < 0) {
            return fallback;
        }
        int start = at + key.length();
        int end = line.indexOf(' ', start);
        try {
            return Long.parseLong(end < 0 ? line.substring(start) : line.substring(start, end));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
