package dev.specagent.envs.chess.players;

import dev.specagent.envs.chess.rules.MoveReading;
import dev.specagent.envs.chess.rules.Position;
import dev.specagent.llm.agent.AnswerText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompts of the LLM players, in the paper's format (the board, the legal moves, the answer as a
 * UCI move in square brackets such as {@code [e2e4]}), and the parsing of their answers (a bracketed move in
 * SAN, such as {@code [Nf3]} or {@code [O-O]}, is read too: models often answer so). A reasoning model's leading
 * {@code <think>…</think>} block is not read ({@link AnswerText#withoutThinking}): the moves it names are moves the
 * model considered, not the one it chose.
 */
public final class ChessPrompts {

    /** The system prompt of both the player and the speculator. */
    public static final String SYSTEM = "You are a strong chess player. Make your moves in UCI format enclosed in "
            + "square brackets (e.g., [e2e4]).";

    /**
     * One move in any notation {@link Position#read} reads: UCI or long algebraic ({@code e2e4}, {@code e2-e4}), SAN
     * ({@code Nf3}, {@code Nbd2}, {@code exd5}, {@code Pe4}, {@code e8=Q+}) or castling ({@code O-O}, {@code 0-0-0}),
     * with check, mate and annotation marks.
     */
    private static final Pattern MOVE = Pattern.compile(
            "(?:[KQRBNP]?[a-hA-H][1-8][-xX:]?[a-hA-H][1-8](?:=?[qrbnQRBN])?" // UCI, long algebraic
            + "|[KQRBNP]?[a-h]?[1-8]?[xX:]?[a-h][1-8](?:=?[qrbnQRBN])?"       // SAN
            + "|[0oO]-[0oO](?:-[0oO])?)"                                     // castling
            + "[+#!?]*");

    /** The text of a pair of square brackets on one line. */
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\[\\]\\r\\n]+)]");

    /** A move number before a move ({@code 12.}, {@code 12...}, {@code 12. ...}), not the digit of a square. */
    private static final Pattern MOVE_NUMBER = Pattern.compile("(?<![A-Za-z0-9])\\d+\\s*[.…]+(?:\\s*(?:\\.\\.\\.|…))?");

    /**
     * The mark of an en passant capture after its move: {@code e.p.}, also without its dots or its last dot
     * ({@code exd6 ep}, {@code exd6 e.p}), in either case; without dots only after the move's rank digit, so that it
     * is no word.
     */
    private static final Pattern EN_PASSANT = Pattern.compile("(?i)e\\.p\\.|(?<=[1-8])\\s*e\\.?p\\.?(?![A-Za-z0-9])");

    /** What separates the moves of a bracket listing several, and quotes (typeset ones too) or emphasis around one. */
    private static final Pattern SEPARATOR = Pattern.compile("[\\s,;/*_`\"'“”‘’]+");

    /**
     * Text meant as a move that is not one of the notations read ({@code nf3}, {@code NF3}, {@code Nf3(g1f3)}): a
     * square or a castling, in the characters of move notation.
     */
    private static final Pattern MOVE_LIKE = Pattern.compile(
            "(?=.*(?:[a-hA-H][1-8]|[0oO]-[0oO]))[A-Za-z0-9:=+#!?.()-]+");

    /** The figurines of figurine algebraic notation, White's then Black's, in the order of {@code KQRBNP}. */
    private static final String FIGURINES = "♔♕♖♗♘♙♚♛♜♝♞♟";

    /** The dashes typesetting puts for the hyphen of a castling or a long algebraic move ({@code O–O}, {@code e2–e4}). */
    private static final String DASHES = "‐‑‒–—−";

    /** Check, mate and annotation marks alone. */
    private static final Pattern MARKS = Pattern.compile("[+#!?]+");

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
                : "[" + answered + "] " + read(answered, position).problem() + ".")
                + " Valid moves: " + bracketed(position.legalMoves()) + ". Answer with one of them in square brackets.";
    }

    /** The speculator's question: the {@code k} moves the player to move is most likely to make. */
    public static String guess(Position position, int k) {
        return describe(position) + "\nPredict the " + k + " moves " + position.sideName()
                + " is most likely to play here, most likely first. Answer with exactly " + k
                + " distinct valid moves, each in square brackets, e.g. [e2e4] [d2d4] [g1f3], and nothing else.";
    }

    /**
     * The last move in square brackets of {@code answer}, the bracket's text as written (a final answer follows any
     * reasoning), or null when it has none; {@link #read} says which move it names. Bracketed text meant as a move
     * counts even when it is not one of the notations read ({@code [nf3]}, {@code [1. e4]}, {@code [e4 e5]}): it is the
     * model's answer, so an earlier move of the reasoning is not taken in its place. Bracketed text that is no move,
     * such as {@code [GAME]} or {@code [a note on d5]}, is passed over, and so is a leading {@code <think>…</think>}
     * block: an answer whose move is not bracketed names none, not a move the model only considered.
     */
    public static String lastMove(String answer) {
        String last = null; // not the last of moves(): a final answer may repeat a move the reasoning named
        Matcher m = BRACKETED.matcher(answer == null ? "" : AnswerText.withoutThinking(answer));
        while (m.find()) {
            if (movesIn(m.group(1)) != null) {
                last = m.group(1).strip();
            }
        }
        return last;
    }

    /**
     * The legal move that {@code written}, the text of a bracketed answer ({@link #lastMove}), names at
     * {@code position}, or why it names none. Read as {@link Position#read} reads a move, after a move number
     * ({@code 12...Nf3}), the {@code e.p.} of an en passant capture (also {@code ep}, {@code e.p}) and marks set apart ({@code Bb5 +}) are dropped,
     * figurines ({@code ♘f3}, {@code ♞f6}) are read as their piece letters, typeset dashes ({@code O–O}) as hyphens and
     * {@code ×} as {@code x}. Refused are text naming several moves ({@code e4 e5}) and text
     * in none of these notations ({@code nf3}: piece letters are upper case; {@code NF3}: files are lower case).
     */
    public static MoveReading read(String written, Position position) {
        List<String> moves = written == null ? null : movesIn(written);
        if (moves == null || moves.isEmpty()) {
            return new MoveReading(null, "is no move");
        }
        if (moves.size() > 1) {
            return new MoveReading(null, "names " + moves.size() + " moves (" + String.join(", ", moves)
                    + "), not one");
        }
        String move = moves.getFirst();
        if (!MOVE.matcher(move).matches()) {
            return new MoveReading(null, "is not written in UCI (e2e4) or SAN (Nf3: piece letters upper case, "
                    + "files lower case)");
        }
        return position.read(move);
    }

    /**
     * Every move in square brackets of {@code answer} (a leading {@code <think>…</think>} block passed over), in order,
     * without repeats: each move of a bracket that lists
     * several, without its move number, figurines as piece letters; text meant as a move that is no notation read is
     * kept as written (no position reads it).
     */
    public static List<String> moves(String answer) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = BRACKETED.matcher(answer == null ? "" : AnswerText.withoutThinking(answer));
        while (m.find()) {
            List<String> moves = movesIn(m.group(1));
            if (moves != null) {
                out.addAll(moves);
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The moves a bracket's text is meant to name, or null when it is not meant as moves (a word that is no move,
     * such as {@code GAME}, or no move at all).
     */
    private static List<String> movesIn(String text) {
        StringBuilder letters = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int figurine = FIGURINES.indexOf(c);
            if (figurine >= 0) {
                letters.append("KQRBNP".charAt(figurine % 6));
            } else if (DASHES.indexOf(c) >= 0) {
                letters.append('-');
            } else if (c == '×') {
                letters.append('x');
            } else {
                letters.appendCodePoint(c);
            }
        });
        String plain = MOVE_NUMBER.matcher(EN_PASSANT.matcher(letters).replaceAll(" ")).replaceAll(" ");
        List<String> moves = new ArrayList<>();
        for (String token : SEPARATOR.split(plain)) {
            if (token.isEmpty() || MARKS.matcher(token).matches()) {
                continue; // a check or annotation mark set apart from its move: "Bb5 +"
            }
            if (!MOVE.matcher(token).matches() && !MOVE_LIKE.matcher(token).matches()) {
                return null;
            }
            moves.add(token);
        }
        return moves.isEmpty() ? null : moves;
    }

    private static String bracketed(List<String> moves) {
        return String.join(", ", moves.stream().map(mv -> "[" + mv + "]").toList());
    }
}
