package dev.specagent.envs.chess.rules;

import io.github.wolfraam.chessgame.ChessGame;
import io.github.wolfraam.chessgame.board.Side;
import io.github.wolfraam.chessgame.move.Move;
import io.github.wolfraam.chessgame.notation.NotationType;
import io.github.wolfraam.chessgame.result.ChessGameResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chess position reached from the standard start by a list of UCI moves, with the rules of the
 * {@code chessgame} library: legal moves in UCI notation, FEN, side to move and the game's end
 * (mate, stalemate, insufficient material, fifty-move rule, threefold repetition). Immutable and
 * thread-safe; {@link #play} returns a new position. The move history is kept because repetition
 * draws (and an engine's search) depend on it, not only on the FEN.
 */
public final class Position {

    private final List<String> moves;
    private final String fen;
    private final char side;
    private final List<String> legalMoves;
    private final String result;
    private final String ascii;
    private final Map<String, Move> legal;
    /** Never mutated after construction; cloned (under its lock) to play the next move. */
    private final ChessGame game;

    private Position(List<String> moves, ChessGame game) {
        this.moves = List.copyOf(moves);
        this.game = game;
        this.legal = legal(game);
        this.fen = game.getFen();
        this.side = game.getSideToMove() == Side.WHITE ? 'w' : 'b';
        this.legalMoves = List.copyOf(legal.keySet());
        ChessGameResult r = game.getGameResult();
        this.result = r == null ? null
                : r.chessGameResultType + (r.drawType != null ? " (" + r.drawType + ")" : "");
        this.ascii = game.getASCII();
    }

    /** The standard starting position. */
    public static Position start() {
        return new Position(List.of(), new ChessGame());
    }

    /**
     * The position after {@code moves} from the start.
     *
     * @throws IllegalArgumentException naming the first move that is not legal (or not UCI) and its ply
     */
    public static Position of(List<String> moves) {
        ChessGame game = new ChessGame();
        for (int ply = 0; ply < moves.size(); ply++) {
            String uci = moves.get(ply);
            Move move = legal(game).get(uci);
            if (move == null) {
                throw new IllegalArgumentException("illegal move '" + uci + "' at ply " + ply + " (" + game.getFen() + ")");
            }
            game.playMove(move);
        }
        return new Position(moves, game);
    }

    /** The position after {@code uci}; throws {@link IllegalArgumentException} when it is not legal here. */
    public Position play(String uci) {
        if (!isLegal(uci)) {
            throw new IllegalArgumentException("illegal move '" + uci + "' at ply " + moves.size() + " (" + fen + ")");
        }
        List<String> next = new ArrayList<>(moves);
        next.add(uci);
        ChessGame copy;
        synchronized (game) {
            copy = game.clone();
        }
        copy.playMove(legal.get(uci));
        return new Position(next, copy);
    }

    private static Map<String, Move> legal(ChessGame game) {
        Map<String, Move> out = new TreeMap<>();
        for (Move m : game.getLegalMoves()) {
            out.put(game.getNotation(NotationType.UCI, m), m);
        }
        return out;
    }

    /** The moves from the start, in UCI. */
    public List<String> moves() {
        return moves;
    }

    /** The number of half-moves played. */
    public int ply() {
        return moves.size();
    }

    public String fen() {
        return fen;
    }

    /** {@code 'w'} or {@code 'b'}. */
    public char sideToMove() {
        return side;
    }

    /** "White" or "Black". */
    public String sideName() {
        return side == 'w' ? "White" : "Black";
    }

    /** The legal moves in UCI, sorted. Empty when the game is over by mate or stalemate. */
    public List<String> legalMoves() {
        return legalMoves;
    }

    public boolean isLegal(String uci) {
        return uci != null && java.util.Collections.binarySearch(legalMoves, uci) >= 0;
    }

    /**
     * The legal move that {@code notation} names here, in UCI: UCI in any case ({@code e2e4}, {@code E7E8Q}),
     * long algebraic ({@code e2-e4}, {@code Ng1-f3}) or SAN ({@code Nf3}, {@code exd5}, {@code O-O} or {@code 0-0},
     * {@code e8=Q} or {@code e8Q}); check, mate and annotation marks ({@code + # ! ?}) and the capture sign are
     * optional. Empty when it names no legal move (an illegal move, a SAN move lacking the
     * disambiguation it needs, or no move at all).
     */
    public Optional<String> legalMove(String notation) {
        if (notation == null) {
            return Optional.empty();
        }
        String text = notation.strip().replaceAll("[+#!?]+$", "");
        Matcher lan = LONG.matcher(text);
        if (lan.matches()) {
            String uci = (lan.group(1) + lan.group(2) + (lan.group(3) == null ? "" : lan.group(3))).toLowerCase(Locale.ROOT);
            return isLegal(uci) ? Optional.of(uci) : Optional.empty();
        }
        String wanted = san(text);
        synchronized (game) { // the library's SAN of each legal move is unique (disambiguated where needed)
            for (Map.Entry<String, Move> e : legal.entrySet()) {
                if (san(game.getNotation(NotationType.SAN, e.getValue())).equals(wanted)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** UCI or long algebraic: from-square, optional '-' or 'x' (and a piece letter before), to-square, promotion. */
    private static final Pattern LONG = Pattern.compile(
            "(?:[KQRBN])?([a-hA-H][1-8])[-x:]?([a-hA-H][1-8])(?:=?([qrbnQRBN]))?");

    /** SAN in one spelling: no check marks, capture sign or '='; castling with O; a promotion piece in upper case. */
    private static String san(String move) {
        String s = move.strip().replaceAll("[+#!?]+$", "").replace("x", "").replace(":", "").replace("=", "");
        if (s.matches("[0oO]-[0oO](-[0oO])?")) {
            return s.length() == 3 ? "O-O" : "O-O-O";
        }
        if (s.matches("[a-h]?[a-h][18][qrbn]")) {
            return s.substring(0, s.length() - 1) + Character.toUpperCase(s.charAt(s.length() - 1));
        }
        return s;
    }

    /** How the game ended ({@code WHITE_WINS}, {@code DRAW (STALE_MATE)}, …), empty while it goes on. */
    public Optional<String> result() {
        return Optional.ofNullable(result);
    }

    public boolean isOver() {
        return result != null || legalMoves.isEmpty();
    }

    /** The board as eight lines of text, rank 8 first, {@code _} for an empty square. */
    public String ascii() {
        return ascii;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && moves.equals(p.moves);
    }

    @Override
    public int hashCode() {
        return moves.hashCode();
    }

    @Override
    public String toString() {
        return fen;
    }
}
