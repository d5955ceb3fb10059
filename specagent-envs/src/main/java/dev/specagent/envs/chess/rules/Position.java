package dev.specagent.envs.chess.rules;

import io.github.wolfraam.chessgame.ChessGame;
import io.github.wolfraam.chessgame.board.Side;
import io.github.wolfraam.chessgame.move.Move;
import io.github.wolfraam.chessgame.notation.NotationType;
import io.github.wolfraam.chessgame.result.ChessGameResult;

import java.util.ArrayList;
import java.util.Collections;
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
        return uci != null && Collections.binarySearch(legalMoves, uci) >= 0;
    }

    /**
     * The legal move that {@code notation} names here, in UCI, or empty when it names none; see {@link #read}.
     */
    public Optional<String> legalMove(String notation) {
        return read(notation).move();
    }

    /**
     * The legal move that {@code notation} names here, or why it names none. Read are UCI in any case
     * ({@code e2e4}, {@code E7E8Q}), long algebraic ({@code e2-e4}, {@code Ng1-f3}, {@code Pe2-e4}) and SAN
     * ({@code Nf3}, {@code exd5}, {@code Pe4}, {@code O-O} or {@code 0-0}, {@code e8=Q} or {@code e8Q}); check, mate and
     * annotation marks ({@code + # ! ?}) are optional. The capture sign must agree with the board: a SAN or long
     * algebraic move that marks a capture ({@code x}, {@code X} or {@code :}) where the move captures nothing
     * ({@code Pxe4} for e2e4), or a capture written without it in SAN ({@code Ne5} taking on e5, {@code e4} for
     * d3xe4) or with a {@code -} in long algebraic, names none (it was written for another position); UCI has no
     * capture sign, so {@code f3e5} is read either way. A SAN move may say more than it must:
     * {@code Nbd2} or {@code N1d2} when only one knight can go to d2 names that move, since what counts is that it
     * names exactly one legal move (the piece, the target square, the from-file or from-rank it gives, the
     * promotion piece); {@code B8g7}, a bishop disambiguated by its rank, is read as SAN when b8g7 is no legal move.
     * It names none when no legal move fits (illegal, or a promotion without its piece), or when several do
     * ({@code Nd2} when both knights can go there: ambiguous, the moves it could be are named).
     */
    public MoveReading read(String notation) {
        if (notation == null || notation.isBlank()) {
            return MoveReading.refused("is no move");
        }
        String text = notation.strip().replaceAll("[+#!?]+$", "");
        Matcher lan = LONG.matcher(text);
        if (lan.matches()) {
            MoveReading reading = readLong(lan);
            // "B8g7" is also SAN: the bishop of the 8th rank to g7 (b8 is a square only in upper-case UCI)
            return reading.uci() == null && SAN.matcher(text).matches() ? readSan(text) : reading;
        }
        return readSan(text);
    }

    /** A move in UCI or long algebraic, as {@link #LONG} matched it. */
    private MoveReading readLong(Matcher lan) {
        String uci = (lan.group(2) + lan.group(4) + (lan.group(5) == null ? "" : lan.group(5))).toLowerCase(Locale.ROOT);
        if (!isLegal(uci)) {
            return MoveReading.refused(MoveReading.NOT_LEGAL);
        }
        String san = sans().get(uci);
        if (lan.group(1) != null && lan.group(1).charAt(0) != piece(san)) {
            return MoveReading.refused(MoveReading.NOT_LEGAL);
        }
        // UCI (no sign between the squares) says nothing of a capture; "-" says none, "x", "X" or ":" one
        return checkCapture(lan.group(3) == null ? null : !lan.group(3).equals("-"), uci, san);
    }

    /** A move in SAN or a castling, without check or annotation marks. */
    private MoveReading readSan(String text) {
        Map<String, String> sans = sans();
        if (text.matches("[0oO]-[0oO](-[0oO])?")) {
            String castle = text.length() == 3 ? "O-O" : "O-O-O";
            return sans.entrySet().stream().filter(e -> e.getValue().replaceAll("[+#]$", "").equals(castle))
                    .map(e -> MoveReading.legal(e.getKey())).findFirst()
                    .orElse(MoveReading.refused(MoveReading.NOT_LEGAL));
        }
        Matcher san = SAN.matcher(text);
        if (!san.matches()) {
            return MoveReading.refused(MoveReading.NOT_LEGAL);
        }
        char piece = san.group(1) == null ? 'P' : san.group(1).charAt(0);
        String promotion = san.group(6) == null ? "" : san.group(6).toLowerCase(Locale.ROOT);
        List<String> fit = new ArrayList<>();
        List<String> withoutPiece = new ArrayList<>();
        for (Map.Entry<String, String> e : sans.entrySet()) {
            String uci = e.getKey();
            if (!e.getValue().startsWith("O") && piece(e.getValue()) == piece && uci.startsWith(san.group(5), 2)
                    && (san.group(2) == null || uci.charAt(0) == san.group(2).charAt(0))
                    && (san.group(3) == null || uci.charAt(1) == san.group(3).charAt(0))) {
                (uci.substring(4).equals(promotion) ? fit : withoutPiece).add(uci);
            }
        }
        if (fit.size() == 1) {
            return checkCapture(san.group(4) != null, fit.getFirst(), sans.get(fit.getFirst()));
        }
        if (fit.size() > 1) {
            return MoveReading.refused("is ambiguous in this position: it could be " + String.join(" or ", fit));
        }
        if (promotion.isEmpty() && !withoutPiece.isEmpty()) {
            return MoveReading.refused("does not name the piece to promote to: " + String.join(", ", withoutPiece));
        }
        return MoveReading.refused(MoveReading.NOT_LEGAL);
    }

    /**
     * {@code uci}, or refused when the capture sign as written ({@code marked}: true for {@code x}, {@code X} or
     * {@code :}, false for its absence in SAN or a {@code -} in long algebraic, null when the notation has no say, as
     * in UCI) disagrees with the board: a move that marks a capture where it captures nothing, or a capture written
     * as a plain move. Such a move was written for another position than this one, so which move was meant is not
     * known.
     */
    private static MoveReading checkCapture(Boolean marked, String uci, String san) {
        boolean captures = san.contains("x"); // the library writes every capture, en passant too, with an x
        if (marked == null || marked == captures) {
            return MoveReading.legal(uci);
        }
        return MoveReading.refused(marked ? "marks a capture, but " + uci + " captures nothing in this position"
                : "is a capture in this position but does not mark it: " + uci + " is " + san.replaceAll("[+#]$", ""));
    }

    /** The library's SAN of every legal move, by its UCI, in UCI order. */
    private Map<String, String> sans() {
        Map<String, String> out = new TreeMap<>();
        synchronized (game) { // the library's notation methods use the game's (shared) state
            legal.forEach((uci, move) -> out.put(uci, game.getNotation(NotationType.SAN, move)));
        }
        return out;
    }

    /** The piece ({@code KQRBNP}) a move moves, from its SAN (a castling moves the king). */
    private static char piece(String san) {
        char first = san.charAt(0);
        return first == 'O' ? 'K' : "KQRBN".indexOf(first) >= 0 ? first : 'P';
    }

    /** UCI or long algebraic: a piece letter, from-square, optional '-' or 'x' (or 'X', ':'), to-square, promotion. */
    private static final Pattern LONG = Pattern.compile(
            "([KQRBNP])?([a-hA-H][1-8])([-xX:])?([a-hA-H][1-8])(?:=?([qrbnQRBN]))?");

    /**
     * SAN: a piece letter (none for a pawn), from-file, from-rank, capture sign, target square, promotion. Files are
     * lower case ({@code B} is a bishop); the capture sign may be {@code X}, which is neither a file nor a piece.
     */
    private static final Pattern SAN = Pattern.compile("([KQRBNP])?([a-h])?([1-8])?([xX:])?([a-h][1-8])(?:=?([qrbnQRBN]))?");

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
