package dev.specagent.bench.retail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.sandbox.SnapshotSandbox;
import dev.specagent.envs.retail.RetailData;
import dev.specagent.envs.retail.db.RecordTable;
import dev.specagent.envs.retail.db.RetailDatabase;
import dev.specagent.envs.retail.speculate.ToolCallRecord;
import dev.specagent.envs.retail.tasks.RetailTask;
import dev.specagent.envs.retail.tasks.TaskSplit;
import dev.specagent.envs.retail.tools.RetailTools;
import dev.specagent.envs.retail.tools.ToolResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one speculative branch costs on the retail database: a fresh fork of the committed state plus one
 * task's gold calls run on the fork (outputs serialised as Python would), cycling through the 115 test
 * tasks; against it, the reference's approach of deep-copying the whole database per task.
 *
 * <p>Run: {@code scripts/bench.sh RetailForkBenchmark} (builds the benchmarks jar and runs it on a JDK 21 or
 * newer; further arguments go to JMH).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RetailForkBenchmark {

    private SnapshotSandbox<RetailDatabase> sandbox;
    private List<List<ToolCallRecord>> golds;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        sandbox = new SnapshotSandbox<>(RetailData.database());
        golds = RetailData.tasks(TaskSplit.TEST).stream().map(RetailTask::actions).toList();
    }

    /** A fresh fork plus one task's gold calls, discarded afterwards (mean over the test tasks). */
    @Benchmark
    public void forkAndGoldCalls(Blackhole bh) {
        List<ToolCallRecord> gold = golds.get(next);
        next = (next + 1) % golds.size();
        SnapshotSandbox.StateFork<RetailDatabase> fork = sandbox.root().fork();
        String[] output = new String[1];
        for (ToolCallRecord call : gold) {
            fork.update(db -> {
                ToolResult r = RetailTools.execute(db, call.name(), call.kwargs());
                output[0] = r.output();
                return r.database();
            });
            bh.consume(output[0]);
        }
        fork.discard();
    }

    /** A fresh fork alone. */
    @Benchmark
    public Object forkOnly() {
        var fork = sandbox.root().fork();
        fork.discard();
        return fork;
    }

    /** The reference's way: deep-copy every user, order and product record (no calls). */
    @Benchmark
    public Object deepCopyBaseline() {
        RetailDatabase db = sandbox.root().state();
        return new RetailDatabase(copy(db.users()), copy(db.orders()), copy(db.products()));
    }

    private static RecordTable copy(RecordTable table) {
        Map<String, ObjectNode> records = new LinkedHashMap<>();
        for (int i = 0; i < table.size(); i++) {
            records.put(table.keys().get(i), table.at(i).deepCopy());
        }
        return RecordTable.of(records);
    }
}
