package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecallingSpeculatorTest {

    /** Always proposes the same two calls; counts what it is taught. */
    private static final class Fixed implements CallSpeculator {
        final List<ToolCallRecord> observed = new ArrayList<>();

        @Override
        public List<ScoredCall> propose(Transcript soFar, int k) {
            return List.of(new ScoredCall(call("think", "x"), 0.9), new ScoredCall(call("list_all", "y"), 0.8))
                    .subList(0, Math.min(k, 2));
        }

        @Override
        public void observe(Transcript soFar, ToolCallRecord actual) {
            observed.add(actual);
        }

        @Override
        public String name() {
            return "fixed";
        }
    }

    private static ToolCallRecord call(String name, String value) {
        return ToolCallRecord.pending(name, CanonicalJson.object("id", value));
    }

    private static List<String> proposed(CallSpeculator s, Transcript t, int k) {
        return s.propose(t, k).stream().map(c -> c.call().call().toString()).toList();
    }

    @Test
    void theCallMadeNextAtTheSamePointOfAnEarlierConversationComesFirst() {
        Fixed inner = new Fixed();
        RecallingSpeculator s = new RecallingSpeculator(inner);
        Transcript lookedUp = Transcript.empty().withMessage("user", "hi, I am u_1")
                .withCall(call("get_user", "u_1").withOutput("{\"orders\": [\"o1\", \"o2\"]}"));
        s.observe(Transcript.empty().withMessage("user", "hi, I am u_1"), call("get_user", "u_1"));
        s.observe(lookedUp, call("get_order", "o2"));
        assertThat(inner.observed).as("observations reach the inner speculator").hasSize(2);

        Transcript again = Transcript.empty().withMessage("user", "hello, u_1 here")
                .withCall(call("get_user", "u_1").withOutput("{\"orders\": [\"o1\", \"o2\"]}"));
        assertThat(proposed(s, again, 2)).containsExactly(call("get_order", "o2").call().toString(),
                call("think", "x").call().toString());
        assertThat(proposed(s, again, 1)).containsExactly(call("get_order", "o2").call().toString());
        Transcript elsewhere = Transcript.empty().withCall(call("get_user", "u_2"));
        assertThat(proposed(s, elsewhere, 2)).as("another point: the inner speculator's guesses")
                .containsExactly(call("think", "x").call().toString(), call("list_all", "y").call().toString());
    }

    @Test
    void aFirstCallIsRecalledOnlyFromTheSameOpeningMessageAndMoreFrequentCallsComeFirst() {
        RecallingSpeculator s = new RecallingSpeculator(new Fixed());
        Transcript opening = Transcript.empty().withMessage("user", "My user id is u_1.");
        s.observe(opening, call("get_user", "u_1"));
        assertThat(proposed(s, opening, 1)).containsExactly(call("get_user", "u_1").call().toString());
        assertThat(proposed(s, Transcript.empty().withMessage("user", "My user id is u_9."), 1))
                .containsExactly(call("think", "x").call().toString());
        s.observe(opening, call("get_user", "u_2"));
        s.observe(opening, call("get_user", "u_2"));
        assertThat(proposed(s, opening, 3)).containsExactly(call("get_user", "u_2").call().toString(),
                call("get_user", "u_1").call().toString(), call("think", "x").call().toString());
    }

    @Test
    void rememberedEpisodesAreRecalledButNotTaughtToTheInnerSpeculator() {
        Fixed inner = new Fixed();
        RecallingSpeculator s = new RecallingSpeculator(inner)
                .remember(List.of(List.of(call("find", "ann"), call("get_user", "u_1"))));
        assertThat(inner.observed).isEmpty();
        assertThat(proposed(s, Transcript.empty().withCall(call("find", "ann")), 1))
                .containsExactly(call("get_user", "u_1").call().toString());
    }

    /** Counts the proposals it is asked for. */
    private static final class Counting implements CallSpeculator {
        int asked;

        @Override
        public List<ScoredCall> propose(Transcript soFar, int k) {
            asked++;
            return List.of(new ScoredCall(call("think", "x"), 0.9));
        }

        @Override
        public String name() {
            return "counting";
        }
    }

    @Test
    void recalledCallsComeMostFrequentFirstScoredByTheirShareOfThePointAndTiesGoToTheMostRecent() {
        Counting inner = new Counting();
        RecallingSpeculator s = new RecallingSpeculator(inner);
        assertThat(s.name()).as("reports name the inner speculator").isEqualTo("counting");
        Transcript opening = Transcript.empty().withMessage("user", "I want to return something.");
        s.observe(opening, call("get_user", "u_3"));
        s.observe(opening, call("get_user", "u_3"));
        s.observe(opening, call("get_user", "u_1"));
        s.observe(opening, call("get_user", "u_2"));
        List<ScoredCall> three = s.propose(opening, 3);
        assertThat(three).extracting(c -> c.call().call().toString()).containsExactly(
                call("get_user", "u_3").call().toString(), call("get_user", "u_2").call().toString(),
                call("get_user", "u_1").call().toString());
        assertThat(three).extracting(ScoredCall::score).containsExactly(0.5, 0.25, 0.25);
        assertThat(inner.asked).as("recall filled every place: the inner speculator (maybe a paid model) is not asked")
                .isZero();
        assertThat(proposed(s, opening, 1)).containsExactly(call("get_user", "u_3").call().toString());
        assertThat(proposed(s, opening, 2)).hasSize(2);
        assertThat(inner.asked).isZero();
        assertThat(proposed(s, opening, 4)).hasSize(4).endsWith(call("think", "x").call().toString());
        assertThat(inner.asked).isEqualTo(1);
    }

    /**
     * Conversations that all open with the same call and go on each with its own: every proposal after that
     * opening sorted all the calls ever made next there, so the time grew quadratically with the conversations.
     */
    @Test
    void aPointWhereEveryConversationWentOnItsOwnWayDoesNotSlowEachProposal() {
        RecallingSpeculator speculator = new RecallingSpeculator(new Fixed());
        Transcript opened = Transcript.empty().withCall(new ToolCallRecord("get_time", CanonicalJson.object(), "9:00"));
        for (int i = 0; i < 100_000; i++) {
            speculator.observe(opened, call("get_order", "#W" + i));
        }
        speculator.observe(opened, call("get_order", "#W7"));
        long begin = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            assertThat(proposed(speculator, opened, 2)).first().asString().contains("#W7");
            speculator.observe(opened, call("get_order", "#X" + i));
        }
        // each proposal sorted the 100,000 calls made next: about 50 ms each, 15 s in all; now microseconds
        assertThat((System.nanoTime() - begin) / 1e9).isLessThan(2.0);
    }
}
