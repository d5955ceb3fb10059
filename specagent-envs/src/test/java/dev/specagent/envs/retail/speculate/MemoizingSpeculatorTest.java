package dev.specagent.envs.retail.speculate;

import dev.specagent.core.call.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The memo of a fixed speculator's proposals: one proposal per point of a conversation, and k. */
class MemoizingSpeculatorTest {

    private static final class Counting implements CallSpeculator {
        int asked;

        @Override
        public List<ScoredCall> propose(Transcript soFar, int k) {
            asked++;
            return List.of(new ScoredCall(ToolCallRecord.pending("think", CanonicalJson.object("n", asked)), 1.0));
        }

        @Override
        public String name() {
            return "counting";
        }
    }

    @Test
    void aPointIsProposedForOnceAndCallsDifferingOnlyInTheirArgumentsAreDifferentPoints() {
        Counting inner = new Counting();
        MemoizingSpeculator memo = new MemoizingSpeculator(inner);
        assertThat(memo.name()).isEqualTo("counting");
        Transcript a = Transcript.empty().withCall(new ToolCallRecord("get_order", CanonicalJson.object("order_id", "#1"),
                "not found"));
        Transcript b = Transcript.empty().withCall(new ToolCallRecord("get_order", CanonicalJson.object("order_id", "#2"),
                "not found"));
        List<ScoredCall> first = memo.propose(a, 3);
        assertThat(memo.propose(Transcript.empty().withCall(a.calls().getFirst()), 3)).isSameAs(first);
        assertThat(inner.asked).isEqualTo(1);
        assertThat(memo.propose(b, 3)).as("another call, same output").isNotEqualTo(first);
        assertThat(memo.propose(a, 1)).as("another k").isNotEqualTo(first);
        assertThat(inner.asked).isEqualTo(3);
    }

    @Test
    void aCallsEntryHoldsItsOutputAndAPendingCallsAnEmptyText() {
        ToolCallRecord call = ToolCallRecord.pending("get_order", CanonicalJson.object("order_id", "#1"));
        assertThat(Transcript.empty().withCall(call).entries().getFirst().text()).isEmpty();
        assertThat(Transcript.empty().withCall(call.withOutput("{\"status\": \"pending\"}"), 4).entries().getFirst())
                .satisfies(e -> {
                    assertThat(e.text()).isEqualTo("{\"status\": \"pending\"}");
                    assertThat(e.role()).isEqualTo("tool");
                    assertThat(e.turn()).isEqualTo(4);
                });
    }
}
