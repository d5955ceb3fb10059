package dev.specagent.examples;

import dev.specagent.core.ledger.CommittedCalls;
import dev.specagent.core.ledger.Fate;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.clock.RealClock;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.runner.RunResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuickStartTest {

    @Test
    void theSpeculativeRunCommitsTheSequentialRouteWithHitsThatRanAheadOfTheActor() {
        try (RealClock clock = new RealClock()) {
            RunResult<List<String>> sequential = QuickStart.run(new SequentialPolicy(), clock);
            RunResult<List<String>> speculative = QuickStart.run(new ChainedPolicy(1, 3), clock);

            assertThat(sequential.finalState()).containsExactly("Lisbon", "Madrid", "Barcelona", "Lyon", "Geneva",
                    "Zurich", "Munich", "Berlin", "booked");
            assertThat(speculative.finalState()).isEqualTo(sequential.finalState());
            assertThat(speculative.trajectory()).hasSameSizeAs(sequential.trajectory());
            for (int i = 0; i < sequential.trajectory().size(); i++) {
                Outcome expected = sequential.trajectory().get(i);
                assertThat(speculative.trajectory().get(i).sameResult(expected)).as("step %d", i).isTrue();
            }
            assertThat(sequential.figures().hits()).isZero();
            // Lisbon is asked for real; Madrid..Lyon and Zurich, Munich are hits; the booking never is. Geneva is a hit only when the Lyon
            // branch finished (and continued with its own value) before Lisbon's answer adopted it: a race.
            assertThat(speculative.figures().hits()).isBetween(5L, 6L);
            if (speculative.figures().hits() == 5) {
                assertThat(speculative.figures().wastedAttempts() + speculative.figures().cancelledAttempts())
                        .as("the branch from the wrong guess (Paris) is thrown away").isPositive();
            }
            assertThat(sequential.figures().speculativeSeconds()).isGreaterThan(8 * 0.3);
            // the README's floor: Lisbon's lookup, the one after the wrong guess (Geneva's, which needs Lyon's answer)
            // and the booking (which needs Berlin) run one after another, whatever the branches do
            assertThat(speculative.figures().wallSeconds()).isGreaterThanOrEqualTo(3 * 0.3);
            // the booking is IRREVERSIBLE: though the guess of Berlin leads straight to it, it is never started on a
            // guess (no branch, nothing cancelled), only on the committed path once every hop is committed
            List<LedgerEntry> bookings = speculative.ledger().stream().filter(e -> e.label().equals("book")).toList();
            assertThat(bookings).singleElement().satisfies(book -> {
                assertThat(book.role()).isEqualTo(Role.ACTOR);
                assertThat(book.fate()).isEqualTo(Fate.COMMITTED);
                assertThat(speculative.ledger()).filteredOn(e -> e.label().equals("nextHop") && e.fate() == Fate.COMMITTED)
                        .hasSize(7).allSatisfy(hop -> assertThat(hop.endNanos()).isLessThanOrEqualTo(book.startNanos()));
            });
            // the hits' lookups ran while the lookups before them were still running, which the sequential run never
            // does: read from the ledgers. How much time that saves on a real clock is what main prints, not a test
            assertThat(CommittedCalls.overlap(speculative.ledger())).isTrue();
            assertThat(CommittedCalls.overlap(sequential.ledger())).isFalse();
        }
    }

    @Test
    void mainPrintsTheFiguresAndThatTheResultsAreEqual() {
        String out = captured(() -> QuickStart.main(new String[0]));
        assertThat(out).contains("result: [Lisbon, Madrid, Barcelona, Lyon, Geneva, Zurich, Munich, Berlin, booked]")
                .containsPattern("sequential \\d+\\.\\d\\d s, speculative \\d+\\.\\d\\d s: \\d+% of the time saved")
                .containsPattern("hit rate (63|75)% \\([56] of 8 calls").contains("committed results equal: true");
    }

    /** What {@code body} prints on standard output. */
    static String captured(ThrowingRunnable body) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
