package dev.specagent.envs.ostune.workload;

import dev.specagent.core.clock.RealClock;
import dev.specagent.core.lossy.ControlledSystem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Started as a child JVM by {@link SysbenchWorkloadTest}: starts a workload (a {@code sleep} standing in for sysbench)
 * while the JVM is already ending, as a Ctrl-C during the start of a run does, and prints what became of it and the
 * processes this JVM has started: {@code started|refused; children: <pids>}.
 */
public final class StartWorkloadAsTheJvmEndsMain {

    public static void main(String[] args) {
        SysbenchWorkload workload = new SysbenchWorkload(List.of("sleep", "30"));
        RealClock clock = new RealClock();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String what;
            try {
                workload.start(clock, new ControlledSystem.Sink() {
                    @Override
                    public void reading(double metric) {
                    }

                    @Override
                    public void failed(Throwable error) {
                    }
                });
                what = "started";
            } catch (RuntimeException e) {
                what = "refused";
            }
            String children = ProcessHandle.current().children().map(p -> Long.toString(p.pid()))
                    .collect(Collectors.joining(" "));
            System.out.println(what + "; children: " + children);
            System.out.flush();
        }));
        // returning ends the JVM, which runs the hook above
    }
}
