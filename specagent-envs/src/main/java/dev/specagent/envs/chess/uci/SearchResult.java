package dev.specagent.envs.chess.uci;

import java.util.List;

/**
 * What a search found: the best move and, with MultiPV, the best lines in rank order (the first
 * move of each is a candidate move), as the engine last reported them.
 *
 * @param stopped whether the search was ended by {@code stop} rather than by its limit
 */
public record SearchResult(String bestMove, List<Line> lines, long nodes, boolean stopped) {

    public SearchResult {
        lines = List.copyOf(lines);
    }

    /** The first moves of the lines, best first, at most {@code k}. */
    public List<String> topMoves(int k) {
        return lines.stream().limit(k).map(Line::move).toList();
    }

    /**
     * One principal variation.
     *
     * @param rank    1 for the best line
     * @param move    its first move, UCI
     * @param scoreCp its score in centipawns for the side to move (a mate counts as ±100000 less the distance); a
     *                bound when the search stopped while it re-searched this line
     * @param depth   the depth it was searched to
     */
    public record Line(int rank, String move, int scoreCp, int depth) {
    }
}
