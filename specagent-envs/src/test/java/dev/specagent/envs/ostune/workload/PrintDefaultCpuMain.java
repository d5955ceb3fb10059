package dev.specagent.envs.ostune.workload;

/**
 * Started as a child JVM by {@link SysbenchWorkloadTest}, under {@code taskset}: prints the CPU the default sysbench
 * configuration pins its load to.
 */
public final class PrintDefaultCpuMain {

    public static void main(String[] args) {
        System.out.println(SysbenchWorkload.Config.rrDefault(3).cpu());
    }
}
