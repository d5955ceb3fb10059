package dev.specagent.envs.chess.players;

import dev.specagent.envs.chess.rules.Position;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompts of the LLM players, in the paper's format (the board, the legal moves, the answer as a
 * UCI move in square brackets such as {@code [e2e4]}), and the parsing of their answers (a bracketed move in
 * SAN, such as {@code [Nf3]} or {@code [O-O]}, is read too: models often answer so).
 */
public final class ChessPrompts {

    /** The system prompt of both the player and the speculator. */
    public static final String SYSTEM = "You are a strong chess player. Make your moves in UCI format enclosed in "
            + "square brackets (e.g., [e2e4]).";

    /**
     * A move in square brackets, in any notation {@link Position#legalMove} reads: UCI or long algebraic
     * ({@code [e2e4]}, {@code [e2-e4]}), SAN ({@code [Nf3]}, {@code [Nbd2]}, {@code [exd5]}, {@code [Pe4]},
     * {@code [e8=Q+]}) or castling
     * ({@code [O-O]}, {@code [0-0-0]}). Other bracketed text, such as {@code [GAME]}, is not a move.
     */
    private static final Pattern BRACKETED = Pattern.compile("\\[\\s*("
            + "(?:[KQRBNP]?[a-hA-H][1-8][-xX:]?[a-hA-H][1-8](?:=?[qrbnQRBN])?" // UCI, long algebraic
            + "|[KQRBNP]?[a-h]?[1-8]?[xX:]?[a-h][1-8](?:=?[qrbnQRBN])?"       // SAN
            + "|[0oO]-[0oO](?:-[0oO])?)"                                     // castling
            + "[+#!?]*)\\s*]");

    private ChessPrompts() {
    }

    /** The board, side to move, FEN and legal moves of {@code position}. */
    public static String describe(Position position) {
        StringBuilder b = new StringBuilder();
        b.append("[GAME] You are playing ").append(position.sideName()).append(" in a game of Chess.\n");
        b.append("[GAME] Current board (rank 8 first, _ = empty square, upper case = White):\n");
        b.append(position.ascii().strip()).append('\n');
        b.append("FEN: ").append(position.fen()).append('\n');
        if (!position.moves().isEmpty()) {
            b.append("Moves so far: ").append(String.join(" ", position.moves())).append('\n');
        }
        b.append("Valid moves: ").append(bracketed(position.legalMoves()));
        return b.toString();
    }

    /** The player's question: its move at {@code position}. */
    public static String move(Position position) {
        return describe(position) + "\nAnswer with your move, one of the valid moves, in square brackets.";
    }

    /** The player's retry after an answer that was not a legal move: why (illegal, ambiguous, …) and the legal moves. */
    public static String retry(String answered, Position position) {
        return (answered == null ? "Your answer contained no move in square brackets."
                : "[" + answered + "] " + position.read(answered).problem() + ".")
                + " Valid moves: " + bracketed(position.legalMoves()) + ". Answer with one of them in square brackets.";
    }

    /** The speculator's question: the {@code k} moves the player to move is most likely to make. */
    public static String guess(Position position, int k) {
        return describe(position) + "\nPredict the " + k + " moves " + position.sideName()
                + " is most likely to play here, most likely first. Answer with exactly " + k
                + " distinct valid moves, each in square brackets, e.g. [e2e4] [d2d4] [g1f3], and nothing else.";
    }

    /**
     * The last move in square brackets of {@code answer}, as written (a final answer follows any reasoning), or
     * null when it has none. Whether it is legal, and which UCI move it names, is {@link Position#legalMove}'s
     * to say: the last bracketed move is the model's answer even when an earlier one is legal and it is not.
     */
    public static String lastMove(String answer) {
        String last = null; // not the last of moves(): a final answer may repeat a move the reasoning named
        Matcher m = BRACKETED.matcher(answer == null ? "" : answer);
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** Every move in square brackets of {@code answer}, as written, in order, without repeats. */
    public static List<String> moves(String answer) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = BRACKETED.matcher(answer == null ? "" : answer);
        while (m.find()) {
            out.add(m.group(1));
        }
        return new ArrayList<>(out);
    }

    private static String bracketed(List<String> moves) {
        return String.join(", ", moves.stream().map(mv -> "[" + mv + "]").toList());
    }
}
