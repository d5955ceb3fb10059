/**
 * Workloads that report their p95 latency once per interval: real {@code sysbench cpu} and a simulated one over a
 * {@link dev.specagent.envs.ostune.workload.LatencyModel}.
 */
package dev.specagent.envs.ostune.workload;
