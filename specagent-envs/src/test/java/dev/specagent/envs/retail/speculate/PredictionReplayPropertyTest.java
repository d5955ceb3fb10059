package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Seeded property of the paper's accuracy: over random conversations (messages, calls made alone and calls
 * made together in one turn), a speculator that proposes the actual call at exactly the steps it chose to
 * hit scores hits / all calls, the first call of each conversation included; a hit needs the same name and
 * JSON-equal arguments (key order and number spelling do not matter, a different value does); and before
 * each call the speculator sees only the earlier entries, never the call itself, a later one, or the output
 * of a call made in the same turn.
 */
class PredictionReplayPropertyTest {

    private static final String[] TOOLS = {"get_user_details", "get_order_details", "calculate", "think"};

    @Test
    void accuracyCountsEveryCallAndTheSpeculatorSeesOnlyThePast() {
        Random random = new Random(99);
        int firstCallHits = 0;
        for (int round = 0; round < 40; round++) {
            List<Transcript> conversations = new ArrayList<>();
            List<List<Transcript.Entry>> entries = new ArrayList<>();
            for (int c = 0; c < 1 + random.nextInt(4); c++) {
                Transcript t = Transcript.empty();
                int turn = 0;
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    switch (random.nextInt(3)) {
                        case 0 -> t = t.withMessage(random.nextBoolean() ? "user" : "assistant", "message " + i);
                        case 1 -> t = t.withCall(call(random, i));
                        default -> {
                            turn++;
                            for (int j = 0; j < 2 + random.nextInt(2); j++) {
                                t = t.withCall(call(random, i * 10 + j), 100 * c + turn);
                            }
                        }
                    }
                }
                if (t.calls().isEmpty()) {
                    t = t.withCall(call(random, 99)); // every conversation makes at least one call
                }
                conversations.add(t);
                entries.add(t.entries());
            }
            int k = 1 + random.nextInt(3);
            long seed = random.nextLong();
            Checking speculator = new Checking(entries, seed);
            PredictionTally tally = PredictionReplay.run(conversations, speculator, k, random.nextBoolean());

            int calls = conversations.stream().mapToInt(t -> t.calls().size()).sum();
            assertThat(tally.calls()).isEqualTo(calls);
            assertThat(tally.conversations()).isEqualTo(conversations.size());
            assertThat(tally.hits()).isEqualTo(speculator.intendedHits);
            assertThat(tally.accuracy()).isEqualTo((double) speculator.intendedHits / calls);
            assertThat(speculator.firstCallHits).isLessThanOrEqualTo(conversations.size());
            firstCallHits += speculator.firstCallHits;
            assertThat(tally.perTool().values().stream().mapToInt(c -> c[1]).sum()).isEqualTo(calls);
            assertThat(tally.perTool().values().stream().mapToInt(c -> c[0]).sum()).isEqualTo(tally.hits());
        }
        assertThat(firstCallHits).as("rounds where a first call was a hit").isGreaterThan(20);
    }

    @Test
    void aFirstCallHitCountsAndAnAlwaysRightSpeculatorScoresOne() {
        ToolCallRecord first = ToolCallRecord.pending("find_user_id_by_email", args("email", "a@b.c"));
        Transcript one = Transcript.empty().withMessage("user", "hi").withCall(first.withOutput("u1"));
        CallSpeculator always = new CallSpeculator() {
            @Override
            public List<ScoredCall> propose(Transcript soFar, int k) {
                return List.of(new ScoredCall(first, 1));
            }

            @Override
            public String name() {
                return "always";
            }
        };
        PredictionTally tally = PredictionReplay.run(List.of(one, one), always, 1, false);
        assertThat(tally.calls()).isEqualTo(2);
        assertThat(tally.hits()).isEqualTo(2);
        assertThat(tally.accuracy()).isEqualTo(1.0);
    }

    @Test
    void aSpeculatorProposingMoreThanKCallsIsRefusedNotCountedAsATopKHit() {
        ToolCallRecord actual = ToolCallRecord.pending("get_user_details", args("user_id", "u1"));
        Transcript one = Transcript.empty().withMessage("user", "hi").withCall(actual.withOutput("{}"));
        CallSpeculator overlong = new CallSpeculator() {
            @Override
            public List<ScoredCall> propose(Transcript soFar, int k) {
                return List.of(new ScoredCall(ToolCallRecord.pending("get_user_details", args("user_id", "u0")), 0.9),
                        new ScoredCall(actual, 0.1));
            }

            @Override
            public String name() {
                return "overlong";
            }
        };
        assertThatThrownBy(() -> PredictionReplay.run(List.of(one), overlong, 1, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("speculator overlong proposed 2 calls where k = 1: its contract is at most k");
    }

    private static ToolCallRecord call(Random random, int i) {
        String tool = TOOLS[random.nextInt(TOOLS.length)];
        ObjectNode kwargs = args("id", "#W" + random.nextInt(5), "n", random.nextInt(3));
        return ToolCallRecord.pending(tool, kwargs).withOutput("output " + i + " " + random.nextInt(1000));
    }

    private static ObjectNode args(Object... kv) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] instanceof Integer n) {
                o.put((String) kv[i], n);
            } else {
                o.put((String) kv[i], (String) kv[i + 1]);
            }
        }
        return o;
    }

    /**
     * Knows the conversations (as a test fixture may) and checks at each prediction that the transcript it is
     * shown is exactly the past; hits at the steps a seeded coin chooses, with the arguments spelled
     * differently (reversed key order, n as a float), and misses otherwise with a same-name near miss.
     */
    private static final class Checking implements CallSpeculator {
        private final List<List<Transcript.Entry>> conversations;
        private final Random coin;
        private int conversation;
        private int position = -1;
        int intendedHits;
        int firstCallHits;

        Checking(List<List<Transcript.Entry>> conversations, long seed) {
            this.conversations = conversations;
            this.coin = new Random(seed);
        }

        @Override
        public List<ScoredCall> propose(Transcript soFar, int k) {
            // find the next call entry of the conversation being replayed
            List<Transcript.Entry> entries = conversations.get(conversation);
            int next = position + 1;
            while (next < entries.size() && !entries.get(next).isCall()) {
                next++;
            }
            if (next >= entries.size()) {
                conversation++;
                entries = conversations.get(conversation);
                next = 0;
                while (!entries.get(next).isCall()) {
                    next++;
                }
            }
            position = next;
            Transcript.Entry actual = entries.get(next);
            List<Transcript.Entry> seen = soFar.entries();
            assertThat(seen).as("the speculator sees the entries before the call, no more").hasSize(next);
            for (int i = 0; i < next; i++) {
                Transcript.Entry past = entries.get(i);
                Transcript.Entry shown = seen.get(i);
                assertThat(shown.role()).isEqualTo(past.role());
                if (!past.isCall()) {
                    assertThat(shown.text()).isEqualTo(past.text());
                    continue;
                }
                assertThat(shown.call().call()).isEqualTo(past.call().call());
                boolean sameTurn = past.turn() >= 0 && past.turn() == actual.turn();
                boolean madeTogether = sameTurn && entries.subList(i, next).stream().allMatch(Transcript.Entry::isCall);
                if (madeTogether) {
                    assertThat(shown.call().output()).as("output of a call made in the same turn").isNull();
                } else {
                    assertThat(shown.call().output()).isEqualTo(past.call().output());
                }
            }
            boolean hit = coin.nextBoolean();
            ToolCallRecord call = actual.call();
            ObjectNode spelled = JsonNodeFactory.instance.objectNode();
            spelled.put("n", call.kwargs().get("n").asInt() + (hit ? 0.0 : 1.0));
            spelled.set("id", call.kwargs().get("id"));
            List<ScoredCall> out = new ArrayList<>();
            for (int i = 1; i < k; i++) {
                ObjectNode other = spelled.deepCopy().put("id", "#X" + i);
                out.add(new ScoredCall(ToolCallRecord.pending(call.name(), other), 1.0 / (i + 1)));
            }
            out.add(hit ? 0 : out.size(), new ScoredCall(ToolCallRecord.pending(call.name(), spelled), 1));
            if (hit) {
                intendedHits++;
                if (seen.stream().noneMatch(Transcript.Entry::isCall)) {
                    firstCallHits++;
                }
            }
            return out;
        }

        @Override
        public String name() {
            return "checking";
        }
    }
}
