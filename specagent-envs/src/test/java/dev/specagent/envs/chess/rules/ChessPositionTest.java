package dev.specagent.envs.chess.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules wrapper: legal moves in UCI, FEN, game end, illegal moves refused. */
class ChessPositionTest {

    @Test
    void startingPositionHasTwentyMovesAndWhiteToMove() {
        Position p = Position.start();
        assertThat(p.legalMoves()).hasSize(20).contains("e2e4", "g1f3");
        assertThat(p.sideToMove()).isEqualTo('w');
        assertThat(p.fen()).isEqualTo("rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1");
        assertThat(p.play("e2e4").sideToMove()).isEqualTo('b');
    }

    @Test
    void foolsMateEndsTheGame() {
        Position p = Position.of(List.of("f2f3", "e7e5", "g2g4", "d8h4"));
        assertThat(p.isOver()).isTrue();
        assertThat(p.result()).contains("BLACK_WINS");
        assertThat(p.legalMoves()).isEmpty();
    }

    @Test
    void illegalOrMalformedMovesAreRefusedWithTheirPly() {
        assertThatThrownBy(() -> Position.start().play("e2e5")).hasMessageContaining("'e2e5'").hasMessageContaining("ply 0");
        assertThatThrownBy(() -> Position.of(List.of("e2e4", "zz"))).hasMessageContaining("'zz'").hasMessageContaining("ply 1");
        assertThat(Position.start().isLegal("a7a8")).isFalse();
    }

    @Test
    void promotionsCarryThePiece() {
        Position p = Position.of(List.of("h2h4", "g7g5", "h4g5", "h7h6", "g5h6", "f8g7", "h6g7", "a7a6"));
        assertThat(p.legalMoves()).contains("g7h8q", "g7h8n", "g7h8r", "g7h8b").doesNotContain("g7h8");
        assertThat(p.play("g7h8n").fen()).startsWith("rnbqk1nN/");
    }

    @Test
    void randomGamesStayLegalAndEndConsistently() {
        SplittableRandom random = new SplittableRandom(7);
        for (int game = 0; game < 5; game++) {
            Position p = Position.start();
            while (!p.isOver() && p.ply() < 60) {
                List<String> legal = p.legalMoves();
                p = p.play(legal.get(random.nextInt(legal.size())));
            }
            assertThat(Position.of(p.moves()).fen()).isEqualTo(p.fen());
        }
    }

    @Test
    void aMoveIsReadInUciSanOrLongAlgebraic() {
        Position start = Position.start();
        assertThat(start.legalMove("e2e4")).contains("e2e4");
        assertThat(start.legalMove("E2E4")).contains("e2e4");
        assertThat(start.legalMove("e4")).contains("e2e4");
        assertThat(start.legalMove("e2-e4")).contains("e2e4");
        assertThat(start.legalMove("Nf3")).contains("g1f3");
        assertThat(start.legalMove("Ng1-f3")).contains("g1f3");
        assertThat(start.legalMove("Nf3!?")).contains("g1f3");
        assertThat(start.legalMove("e5")).isEmpty();
        assertThat(start.legalMove("e2e5")).isEmpty();
        assertThat(start.legalMove("nf3")).as("a lower-case n is no knight").isEmpty();
        assertThat(start.legalMove("O-O")).isEmpty();
        assertThat(start.legalMove("")).isEmpty();
        assertThat(start.legalMove(null)).isEmpty();

        Position castle = Position.of(List.of("e2e4", "e7e5", "g1f3", "b8c6", "f1c4", "g8f6"));
        assertThat(castle.legalMove("O-O")).contains("e1g1");
        assertThat(castle.legalMove("0-0")).contains("e1g1");
        assertThat(castle.legalMove("e1g1")).contains("e1g1");
        assertThat(castle.legalMove("O-O-O")).isEmpty();
        assertThat(castle.legalMove("Nxe5")).contains("f3e5");
        assertThat(castle.legalMove("f3e5")).as("UCI has no capture sign").contains("f3e5");
        assertThat(castle.legalMove("Bxf7+")).contains("c4f7");

        Position promote = Position.of(List.of("h2h4", "g7g5", "h4g5", "h7h6", "g5h6", "f8g7", "h6g7", "a7a6"));
        assertThat(promote.legalMove("gxh8=Q")).contains("g7h8q");
        assertThat(promote.legalMove("gxh8=N")).contains("g7h8n");
        assertThat(promote.legalMove("gxh8q")).contains("g7h8q");
        assertThat(promote.legalMove("g7h8Q")).contains("g7h8q");
        assertThat(promote.legalMove("g7h8")).as("a promotion names its piece").isEmpty();
        assertThat(promote.legalMove("gxh8")).as("a promotion names its piece").isEmpty();
    }

    /**
     * A SAN move that says more than it must (a from-file or from-rank no other piece needs, a P for a pawn) names
     * the one legal move it fits; one that fits several is refused as ambiguous, naming them, and a move that fits
     * none (or names the wrong piece) as not valid.
     */
    @Test
    void anOverDisambiguatedMoveIsReadWhenItNamesExactlyOneLegalMove() {
        Position start = Position.start();
        Map.of("Ngf3", "g1f3", "N1f3", "g1f3", "Pe4", "e2e4", "Pe2e4", "e2e4", "Pe2-e4", "e2e4")
                .forEach((written, uci) -> assertThat(start.legalMove(written)).as(written).contains(uci));
        // no knight on the h-file or the 2nd rank; g1 holds a knight, not a bishop or a pawn
        for (String wrong : new String[]{"Nhf3", "N2f3", "Bg1f3", "Pg1f3"}) {
            assertThat(start.read(wrong).problem()).as(wrong).isEqualTo("is not a valid move in this position");
        }
        Position oneKnight = Position.of(List.of("d2d4", "d7d5")); // only the b1 knight can go to d2
        assertThat(oneKnight.legalMove("Nbd2")).contains("b1d2");
        assertThat(oneKnight.legalMove("Nb1d2")).contains("b1d2");
        assertThat(oneKnight.legalMove("Ngd2")).isEmpty();

        // both knights (b1, f3) can go to d2
        Position knights = Position.of(List.of("d2d4", "d7d5", "g1f3", "g8f6"));
        assertThat(knights.legalMove("Nbd2")).contains("b1d2");
        assertThat(knights.legalMove("N1d2")).contains("b1d2");
        assertThat(knights.legalMove("Nfd2")).contains("f3d2");
        assertThat(knights.legalMove("N3d2+")).contains("f3d2");
        assertThat(knights.legalMove("Nb1d2")).contains("b1d2");
        MoveReading ambiguous = knights.read("Nd2");
        assertThat(ambiguous.move()).isEmpty();
        assertThat(ambiguous.problem()).isEqualTo("is ambiguous in this position: it could be b1d2 or f3d2");
        assertThat(knights.read("Nxd2").problem()).startsWith("is ambiguous");

        Position promote = Position.of(List.of("h2h4", "g7g5", "h4g5", "h7h6", "g5h6", "f8g7", "h6g7", "a7a6"));
        assertThat(promote.legalMove("Pgxh8=Q")).contains("g7h8q");
        assertThat(promote.read("gxh8").problem())
                .isEqualTo("does not name the piece to promote to: g7h8b, g7h8n, g7h8q, g7h8r");
        assertThat(promote.read("").problem()).isEqualTo("is no move");
    }

    /**
     * A bishop's move disambiguated by its rank ({@code B8g7}: the library's SAN, and the standard one, when two
     * bishops on one file can go to the same square) is a SAN move, though {@code B8} also reads as the square b8 of
     * an upper-case UCI move; upper-case UCI from the b-file is still read.
     */
    @Test
    void aBishopsMoveDisambiguatedByItsRankIsReadAsSan() {
        // White's c1 bishop is on h6 and a pawn promoted to a bishop on h8: both can go to g7
        Position bishops = Position.of(List.of("g2g4", "f7f6", "a2a4", "f6f5", "g4f5", "a7a6", "d2d3", "d7d5", "f5f6",
                "a6a5", "f6g7", "a8a7", "g7h8b", "c8d7", "c1h6", "e8f7"));
        assertThat(bishops.read("Bg7").problem()).isEqualTo("is ambiguous in this position: it could be h6g7 or h8g7");
        for (String written : new String[]{"B8g7", "B8g7+", "h8g7", "Bh8g7", "Bh8-g7"}) {
            assertThat(bishops.read(written).move()).as(written).contains("h8g7");
        }
        assertThat(bishops.legalMove("B6g7")).contains("h6g7");
        assertThat(bishops.read("B6xg7").problem())
                .isEqualTo("marks a capture, but h6g7 captures nothing in this position");
        assertThat(bishops.read("B7g7").problem()).isEqualTo("is not a valid move in this position");
        assertThat(bishops.legalMove("B1C3")).contains("b1c3"); // upper-case UCI from the b-file
    }

    /**
     * A capture sign that disagrees with the board names no move: a capture marked where the move takes nothing
     * ({@code Pxe4} read as e2e4 before), or a capture written as a plain move in SAN or long algebraic ({@code Ne5}
     * taking a pawn, {@code e5} for d4xe5); UCI, which has no capture sign, is read either way.
     */
    @Test
    void aCaptureSignThatDisagreesWithTheBoardNamesNoMove() {
        Position start = Position.start();
        for (String written : new String[]{"Pxe4", "xe4", "Pe2xe4", "e2xe4", "e2:e4", "E2xE4"}) {
            MoveReading reading = start.read(written);
            assertThat(reading.move()).as(written).isEmpty();
            assertThat(reading.problem()).as(written).isEqualTo("marks a capture, but e2e4 captures nothing in this position");
        }
        assertThat(start.read("Nxf3").problem()).isEqualTo("marks a capture, but g1f3 captures nothing in this position");

        // 1. e4 e5 2. Nf3 Nc6 3. Bc4 Nf6: the knight on f3 and the bishop on c4 can take on e5 and f7
        Position castle = Position.of(List.of("e2e4", "e7e5", "g1f3", "b8c6", "f1c4", "g8f6"));
        assertThat(castle.read("Ne5").problem()).isEqualTo("is a capture in this position but does not mark it: f3e5 is Nxe5");
        assertThat(castle.read("Nf3-e5").problem()).startsWith("is a capture in this position but does not mark it");
        assertThat(castle.read("Bf7+").problem()).isEqualTo("is a capture in this position but does not mark it: c4f7 is Bxf7");
        assertThat(castle.legalMove("Nxe5")).contains("f3e5");
        assertThat(castle.legalMove("Nf3xe5")).contains("f3e5");
        assertThat(castle.legalMove("N:e5")).contains("f3e5");
        assertThat(castle.legalMove("f3e5")).contains("f3e5");
        assertThat(castle.legalMove("Ng5")).as("a plain move, written plain").contains("f3g5");
        assertThat(castle.read("Nxg5").problem()).isEqualTo("marks a capture, but f3g5 captures nothing in this position");

        // 1. d4 e5: the d-pawn can take on e5 or go to d5
        Position gambit = Position.of(List.of("d2d4", "e7e5"));
        assertThat(gambit.read("e5").problem()).isEqualTo("is a capture in this position but does not mark it: d4e5 is dxe5");
        assertThat(gambit.read("de5").problem()).startsWith("is a capture in this position but does not mark it");
        assertThat(gambit.legalMove("dxe5")).contains("d4e5");
        assertThat(gambit.legalMove("d4e5")).contains("d4e5");
        assertThat(gambit.legalMove("d5")).contains("d4d5");
        assertThat(gambit.read("dxd5").problem()).isEqualTo("marks a capture, but d4d5 captures nothing in this position");

        // en passant takes a pawn that is not on the target square, and is marked as a capture
        Position enPassant = Position.of(List.of("e2e4", "a7a6", "e4e5", "d7d5"));
        assertThat(enPassant.legalMove("exd6")).contains("e5d6");
        assertThat(enPassant.legalMove("e5d6")).contains("e5d6");
        assertThat(enPassant.read("ed6").problem()).isEqualTo("is a capture in this position but does not mark it: e5d6 is exd6");
    }

    /**
     * A capture sign written as a capital {@code X} reads like {@code x}, as the squares of UCI and long algebraic
     * read in either case: {@code E2XE4} and {@code NXe5} were "not a valid move" while {@code E2xE4} was read.
     */
    @Test
    void aCapitalXMarksACaptureLikeX() {
        Position castle = Position.of(List.of("e2e4", "e7e5", "g1f3", "b8c6", "f1c4", "g8f6"));
        for (String written : new String[]{"NXe5", "Nf3Xe5", "F3XE5", "f3Xe5", "NXe5+"}) {
            assertThat(castle.read(written).move()).as(written).contains("f3e5");
        }
        assertThat(castle.legalMove("BXf7+")).contains("c4f7");
        Position gambit = Position.of(List.of("d2d4", "e7e5"));
        assertThat(gambit.legalMove("dXe5")).contains("d4e5");
        assertThat(gambit.legalMove("D4XE5")).contains("d4e5");
        // and it must agree with the board as x must
        for (String written : new String[]{"E2XE4", "e2Xe4", "PXe4", "Xe4"}) {
            assertThat(Position.start().read(written).problem()).as(written)
                    .isEqualTo("marks a capture, but e2e4 captures nothing in this position");
        }
        assertThat(gambit.read("dXd5").problem()).isEqualTo("marks a capture, but d4d5 captures nothing in this position");
    }

    @Test
    void everyLegalMovesSanIsReadBackAsItsUciMove() {
        SplittableRandom random = new SplittableRandom(11);
        Position p = Position.start();
        while (!p.isOver() && p.ply() < 80) {
            io.github.wolfraam.chessgame.ChessGame game = new io.github.wolfraam.chessgame.ChessGame(p.fen());
            for (io.github.wolfraam.chessgame.move.Move m : game.getLegalMoves()) {
                String uci = game.getNotation(io.github.wolfraam.chessgame.notation.NotationType.UCI, m);
                String san = game.getNotation(io.github.wolfraam.chessgame.notation.NotationType.SAN, m);
                assertThat(p.legalMove(san)).as(san + " at " + p.fen()).contains(uci);
                assertThat(p.legalMove(uci)).contains(uci);
            }
            List<String> legal = p.legalMoves();
            p = p.play(legal.get(random.nextInt(legal.size())));
        }
    }

    @Test
    void theBoardIsEightRanksEighthFirstWithEmptySquaresMarked() {
        List<String> ranks = Position.start().ascii().lines().toList();
        assertThat(ranks).hasSize(8);
        assertThat(ranks.get(0)).contains("r").contains("k").doesNotContain("P");
        assertThat(ranks.get(7)).contains("R").contains("K").doesNotContain("p");
        assertThat(ranks.get(4)).doesNotContainPattern("[a-zA-Z]").contains("_");
        List<String> after = Position.start().play("e2e4").ascii().lines().toList();
        assertThat(after.get(4)).contains("P");
        assertThat(after.get(6)).isNotEqualTo(ranks.get(6));
    }

    /** Two positions are the same when the same moves led to them (repetition draws depend on the history). */
    @Test
    void positionsAreEqualByTheirMovesAndShowTheirFen() {
        Position played = Position.start().play("g1f3").play("g8f6").play("f3g1").play("f6g8");
        Position read = Position.of(List.of("g1f3", "g8f6", "f3g1", "f6g8"));
        assertThat(played).isEqualTo(read).hasSameHashCodeAs(read);
        assertThat(played.fen()).startsWith(Position.start().fen().substring(0, 44));
        assertThat(played).isNotEqualTo(Position.start()).isNotEqualTo(played.fen());
        assertThat(played.toString()).isEqualTo(played.fen());
        assertThat(played.ply()).isEqualTo(4);
    }
}
