package dev.specagent.envs.retail.replay;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffect;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.CallSpeculator;
import dev.specagent.envs.retail.speculate.ScoredCall;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.speculate.Transcript;
import dev.specagent.envs.retail.tasks.GoldReplay;
import dev.specagent.envs.retail.tasks.RetailTask;
import dev.specagent.envs.retail.tasks.TaskSplit;
import dev.specagent.envs.retail.tools.RetailTools;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The safety envelope of speculative tool calls on the retail database, through the real runner in
 * simulated time: writes run only on forks, wrong guesses leave the committed database byte-identical to
 * the sequential run's, and irreversible calls never run speculatively.
 */
class SpeculativeSafetyTest {

    private final RetailDatabase fresh = RetailData.database();
    private final List<RetailTask> tasks = RetailData.tasks(TaskSplit.TEST);

    @Test
    void aWriteOnAForkNeverChangesTheCommittedDatabase() {
        SnapshotSandbox<RetailDatabase> sandbox = new SnapshotSandbox<>(fresh);
        String before = sandbox.root().state().contentHash();
        var fork = sandbox.root().fork();
        fork.update(db -> RetailTools.execute(db, "cancel_pending_order",
                CanonicalJson.object("order_id", pendingOrder(), "reason", "no longer needed")).database());
        assertThat(fork.state().contentHash()).isNotEqualTo(before);
        assertThat(sandbox.root().state().contentHash()).isEqualTo(before);
        fork.discard();
        assertThat(sandbox.root().state().contentHash()).isEqualTo(before);
        assertThat(sandbox.root().state()).isSameAs(fresh);
    }

    @Test
    void wrongGuessesLeaveTheDatabaseByteIdenticalToTheSequentialRun() {
        Random random = new Random(42);
        int speculativeWrites = 0;
        int changingWrites = 0;
        for (RetailTask task : tasks.subList(0, 30)) {
            List<ToolCallRecord> gold = task.actions();
            CallSpeculator wrong = adversary(random, false);
            var run = SpeculativeGoldReplay.run(gold, fresh, wrong, 3, Latencies.DEFAULT, 7);
            assertThat(run.committed().contentHash()).as("task %d", task.index())
                    .isEqualTo(GoldReplay.runWithFinalState(task, fresh).database().contentHash());
            assertThat(outputs(run)).isEqualTo(GoldReplay.run(task, fresh).stream().map(ToolCallRecord::output).toList());
            speculativeWrites += (int) run.speculativeStarts().stream()
                    .filter(s -> s.effect() == SideEffect.REVERSIBLE).count();
            // a write that fails ("Error: non-pending order ...") changes nothing: only these would show a leak
            changingWrites += (int) run.speculativeStarts().stream().filter(s -> s.effect() == SideEffect.REVERSIBLE)
                    .filter(s -> RetailTools.execute(fresh, s.call().tool(), s.call().args()).database() != fresh).count();
        }
        assertThat(speculativeWrites).as("wrong writes ran on forks").isGreaterThan(50);
        assertThat(changingWrites).as("wrong writes that changed the database of their fork").isGreaterThan(50);
        // against a fresh load: RetailData.database() is the very value a leaking write would have changed
        assertThat(fresh.contentHash()).isEqualTo(RetailDatabase.load(RetailData.folder()).contentHash());
    }

    @Test
    void rightGuessesCommitTheForkAndSaveTheToolTime() {
        Random random = new Random(1);
        for (RetailTask task : tasks.subList(0, 40)) {
            List<ToolCallRecord> gold = task.actions();
            var sequential = SpeculativeGoldReplay.run(gold, fresh, null, 0, Latencies.DEFAULT, 7);
            var oracle = SpeculativeGoldReplay.run(gold, fresh, oracle(gold, random), 3, Latencies.DEFAULT, 7);
            assertThat(oracle.committed().contentHash()).isEqualTo(sequential.committed().contentHash());
            assertThat(outputs(oracle)).isEqualTo(outputs(sequential));
            boolean irreversible = gold.stream().anyMatch(c -> c.name().equals("transfer_to_human_agents"));
            if (!gold.isEmpty() && !irreversible) {
                // every tool call was run ahead during its decision: 1 s of each 4 s step is saved
                assertThat(oracle.run().figures().savedPct()).as("task %d", task.index()).isCloseTo(25.0,
                        offset(0.5));
            }
            assertThat(sequential.run().figures().savedPct()).isZero();
        }
    }

    @Test
    void anIrreversibleCallNeverRunsSpeculatively() {
        Random random = new Random(3);
        int transfers = 0;
        for (RetailTask task : tasks) {
            List<ToolCallRecord> gold = task.actions();
            if (gold.stream().noneMatch(c -> c.name().equals("transfer_to_human_agents")) && transfers > 0
                    && task.index() > 20) {
                continue;
            }
            var run = SpeculativeGoldReplay.run(gold, fresh, adversary(random, true), 3, Latencies.DEFAULT, 7);
            assertThat(run.speculativeStarts()).noneMatch(s -> s.effect() == SideEffect.IRREVERSIBLE);
            assertThat(run.speculativeStarts()).noneMatch(s -> s.call().tool().equals("transfer_to_human_agents"));
            transfers += (int) gold.stream().filter(c -> c.name().equals("transfer_to_human_agents")).count();
            var oracleRun = SpeculativeGoldReplay.run(gold, fresh, oracle(gold, random), 3, Latencies.DEFAULT, 7);
            assertThat(oracleRun.speculativeStarts()).noneMatch(s -> s.effect() == SideEffect.IRREVERSIBLE);
            assertThat(oracleRun.committed().contentHash()).isEqualTo(run.committed().contentHash());
        }
        assertThat(transfers).as("gold transfers committed on the committed path").isGreaterThan(0);
    }

    /**
     * A guess whose argument is a binary node (bytes) equals, as JSON, the call with the bytes' base64 text; so a
     * guessed {@code first_name} given as the bytes of "Noah" is the actual call, and the tool must see that text.
     */
    @Test
    void aGuessEqualToTheActualCallAsJsonCommitsTheActualCallsOutput() {
        int guessed = 0;
        for (RetailTask task : tasks) {
            List<ToolCallRecord> gold = task.actions();
            CallSpeculator asBytes = new CallSpeculator() {
                @Override
                public List<ScoredCall> propose(Transcript soFar, int k) {
                    int step = soFar.calls().size();
                    if (step >= gold.size()) {
                        return List.of();
                    }
                    ObjectNode kwargs = gold.get(step).kwargs().deepCopy();
                    for (String name : List.copyOf(kwargs.properties().stream().map(Map.Entry::getKey).toList())) {
                        String text = kwargs.get(name).asText();
                        if (kwargs.get(name).isTextual() && text.matches("([A-Za-z0-9+/]{4})+")) {
                            kwargs.set(name, JsonNodeFactory.instance.binaryNode(Base64.getDecoder().decode(text)));
                        }
                    }
                    return List.of(new ScoredCall(ToolCallRecord.pending(gold.get(step).name(), kwargs), 1));
                }

                @Override
                public String name() {
                    return "as bytes";
                }
            };
            var sequential = SpeculativeGoldReplay.run(gold, fresh, null, 0, Latencies.DEFAULT, 7);
            var run = SpeculativeGoldReplay.run(gold, fresh, asBytes, 1, Latencies.DEFAULT, 7);
            assertThat(outputs(run)).as("task %d", task.index()).isEqualTo(outputs(sequential));
            assertThat(run.committed().contentHash()).isEqualTo(sequential.committed().contentHash());
            guessed += (int) run.run().figures().hits();
        }
        assertThat(guessed).as("guesses with bytes adopted").isGreaterThan(10);
    }

    private static List<String> outputs(SpeculativeGoldReplay.Outcome run) {
        List<String> out = new ArrayList<>();
        for (Outcome o : run.run().trajectory()) {
            if (!o.call().tool().equals(GoldCallAgent.DECIDE)) {
                out.add(o.value().textValue());
            }
        }
        return out;
    }

    /** Proposes the actual next call among two wrong writes (and a transfer when asked). */
    private CallSpeculator oracle(List<ToolCallRecord> gold, Random random) {
        CallSpeculator wrong = adversary(random, true);
        return new CallSpeculator() {
            @Override
            public List<ScoredCall> propose(Transcript soFar, int k) {
                List<ScoredCall> out = new ArrayList<>(wrong.propose(soFar, k - 1));
                int step = soFar.calls().size();
                if (step < gold.size()) {
                    out.add(random.nextInt(out.size() + 1), new ScoredCall(gold.get(step), 1));
                }
                return out;
            }

            @Override
            public String name() {
                return "oracle";
            }
        };
    }

    /** Proposes writes that are wrong (another customer's order, a made-up address) and optionally a transfer. */
    private CallSpeculator adversary(Random random, boolean transfer) {
        List<String> orders = fresh.orders().keys();
        return new CallSpeculator() {
            @Override
            public List<ScoredCall> propose(Transcript soFar, int k) {
                List<ScoredCall> out = new ArrayList<>();
                if (transfer) {
                    out.add(new ScoredCall(call("transfer_to_human_agents", "summary", "speculated"), 1));
                }
                String order = orders.get(random.nextInt(orders.size()));
                out.add(new ScoredCall(call("cancel_pending_order", "order_id", order, "reason", "ordered by mistake"), 1));
                out.add(new ScoredCall(call("modify_pending_order_address", "order_id", order, "address1", "1 Nowhere",
                        "address2", "", "city", "X", "state", "XX", "country", "USA", "zip", "00000"), 1));
                out.add(new ScoredCall(call("return_delivered_order_items", "order_id", order, "item_ids",
                        List.of(), "payment_method_id", "gift_card_0"), 1));
                return out.subList(0, Math.min(k, out.size()));
            }

            @Override
            public String name() {
                return "adversary";
            }
        };
    }

    private String pendingOrder() {
        for (int i = 0; i < fresh.orders().size(); i++) {
            if (fresh.orders().at(i).path("status").asText().equals("pending")) {
                return fresh.orders().keys().get(i);
            }
        }
        throw new AssertionError("no pending order");
    }

    private static ToolCallRecord call(String name, Object... kv) {
        return ToolCallRecord.pending(name, CanonicalJson.object(kv));
    }
}
